import { browser } from 'wxt/browser';
import { sendToTab, type TabVerb } from '@/utils/messaging';
import { ALL_MATCHES } from '@/utils/sites/registry';

/** Sends a verb to every open tab of a registered site (each runs a Jetway content script). */
export async function tellContentTabs(verb: TabVerb): Promise<void> {
  const tabs = await browser.tabs.query({ url: ALL_MATCHES });
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, verb).catch(() => undefined))));
}
