import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { jetwayDb } from '@/utils/db';
import { sendToTab } from '@/utils/messaging';
import { createBackground, OUTBOX_ALARM, OUTBOX_RETRY_ALARM, SESSION_ALARM, SYNC_ALARM } from './background';
import { protectStorage } from './session';

export default defineBackground({
  type: 'module',
  main() {
    const background = createBackground(jetwayDb());
    const kick = () => {
      void background.outbox.flush();
    };

    // sendResponse + `return true` works with Chrome's native `browser` and with the
    // polyfill alike; a returned promise is not answered by every Chromium build.
    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      let reply: ReturnType<typeof background.router>;
      try {
        reply = background.router(message, sender);
      } catch (error) {
        sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) });
        return false;
      }
      if (!reply) return undefined;
      void reply.then(sendResponse);
      return true;
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === OUTBOX_ALARM || alarm.name === OUTBOX_RETRY_ALARM) kick();
      if (alarm.name === SYNC_ALARM) void background.syncNow().catch(() => undefined);
      if (alarm.name === SESSION_ALARM) void background.checkSession().catch(() => undefined);
    });
    browser.runtime.onStartup.addListener(kick);
    browser.runtime.onInstalled.addListener(kick);
    self.addEventListener('online', kick);
    browser.commands.onCommand.addListener(async (command) => {
      if (command !== 'hand-off-focused-post') return;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id !== undefined) await sendToTab(tab.id, 'handOffFocusedPost').catch(() => undefined);
    });

    void protectStorage();
    void browser.alarms.create(OUTBOX_ALARM, { periodInMinutes: 1 });
    void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
    void browser.alarms.create(SESSION_ALARM, { periodInMinutes: 0.5 });
    kick();
  },
});
