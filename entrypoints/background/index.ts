import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { jetwayDb } from '@/utils/db';
import { sendToTab } from '@/utils/messaging';
import { createBackground, OUTBOX_ALARM, SYNC_ALARM } from './background';
import { protectSessionStorage } from './session';

export default defineBackground({
  type: 'module',
  main() {
    const background = createBackground(jetwayDb());
    const kick = () => {
      void background.outbox.flush();
    };

    browser.runtime.onMessage.addListener(background.router);
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === OUTBOX_ALARM) kick();
      if (alarm.name === SYNC_ALARM) void background.syncNow().catch(() => undefined);
    });
    browser.runtime.onStartup.addListener(kick);
    browser.runtime.onInstalled.addListener(kick);
    self.addEventListener('online', kick);
    browser.commands.onCommand.addListener(async (command) => {
      if (command !== 'hand-off-focused-post') return;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id !== undefined) await sendToTab(tab.id, 'handOffFocusedPost').catch(() => undefined);
    });

    void protectSessionStorage();
    void browser.alarms.create(OUTBOX_ALARM, { periodInMinutes: 1 });
    void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
    kick();
  },
});
