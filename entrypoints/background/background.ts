import { browser } from 'wxt/browser';
import { clearCachedMemberData, type JetwayDb } from '@/utils/db';
import { sendToTab } from '@/utils/messaging';
import { readMe, serverStateItem } from '@/utils/storage';
import { updateActionCount } from './action-count';
import { createHandlers, createRouter, tiersOf } from './handlers';
import { createLookupPipeline } from './lookup-pipeline';
import { createOutbox } from './outbox';
import { createClientSource } from './session';
import { syncTeam } from './sync';

export const OUTBOX_ALARM = 'jetway-outbox';
export const SYNC_ALARM = 'jetway-sync';

/**
 * Builds the background's parts from their dependencies. Nothing here holds state that
 * matters: the worker may stop between any two lines and start again from storage.
 */
export function createBackground(db: JetwayDb, fetchImpl?: typeof fetch) {
  const client = createClientSource(fetchImpl);
  let lastReachable: boolean | null = null;

  const recovered = async () => {
    // Tell open tabs to ask again for the badges they are waiting on.
    const tabs = await browser.tabs.query({ url: ['https://x.com/*', 'https://twitter.com/*', 'https://*.facebook.com/*'] });
    await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, 'lookupRecovered').catch(() => undefined))));
  };

  const pipeline = createLookupPipeline({
    db,
    client,
    tiers: tiersOf,
    onServerState: (reachable, message) => {
      if (reachable === lastReachable) return;
      const wasDown = lastReachable === false;
      lastReachable = reachable;
      void serverStateItem.setValue({ reachable, checkedAt: new Date().toISOString(), message });
      if (reachable && wasDown) void recovered();
    },
  });

  const syncNow = async () => {
    const api = await client();
    if (!api) return;
    await syncTeam(db, api);
    await updateActionCount(db, (await readMe())?.agent.id ?? null);
  };

  const outbox = createOutbox({
    db,
    client,
    onDelivered: (item) => {
      if (item.kind === 'link' || item.kind === 'unlink' || item.kind === 'case-open' || item.kind === 'case-change' || item.kind === 'handoff') {
        // The change alters what lookups answer (member, open case): drop cached answers.
        void db.lookups.clear();
      }
      void syncNow().catch(() => undefined);
    },
  });

  const handlers = createHandlers({ db, pipeline, outbox, syncNow, client, fetch: fetchImpl });
  handlers.clearCachedData = async () => {
    await clearCachedMemberData(db);
    await syncNow().catch(() => undefined);
  };
  const router = createRouter(handlers, { runtimeId: browser.runtime.id, extensionBase: browser.runtime.getURL('/') });

  return { pipeline, outbox, handlers, router, syncNow };
}
