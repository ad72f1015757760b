import { browser } from 'wxt/browser';
import { identityKey, MeSchema } from '@/utils/contract';
import type { JetwayDb, OutboxItem } from '@/utils/db';
import { createRouter } from '@/utils/protocol/router';
import { meItem, readMe } from '@/utils/storage';
import { updateActionCount } from './action-count';
import { createHandlers, tiersOf } from './handlers';
import { createLookupPipeline } from './lookup-pipeline';
import { createOutbox } from './outbox';
import { createTokenKeeper } from './credentials';
import { createServerWatch } from './server-state';
import { createClientSource, endSession } from './session';
import { syncLists, WRITE_EFFECTS, type SyncedList } from './sync';
import { tellContentTabs } from './tabs';

export const OUTBOX_ALARM = 'jetway-outbox';
/** One alarm at the time the next write is due (the periodic one above stays as a safety net). */
export const OUTBOX_RETRY_ALARM = 'jetway-outbox-retry';
export const SYNC_ALARM = 'jetway-sync';
/** Every 30 s (the shortest alarm Chrome allows): is the agent still signed in? */
export const SESSION_ALARM = 'jetway-session';

/**
 * Builds the background's parts from their dependencies. Nothing here holds state that
 * matters: the worker may stop between any two lines and start again from storage.
 */
export function createBackground(db: JetwayDb, fetchImpl?: typeof fetch) {
  const keeper = createTokenKeeper(db, fetchImpl);
  // Every request reports whether the server answered: the popup's connection state, and
  // the moment it comes back, are learnt from all of them.
  const server = createServerWatch({
    client: createClientSource(keeper, (message) => endSession(db, keeper, message), fetchImpl),
    onDown: () => tellContentTabs('watchServer'),
    onBack: async () => {
      // Badges waiting in open tabs are asked again, and the writes that waited go now.
      pipeline.resume();
      void tellContentTabs('lookupRecovered');
      await outbox.resume();
    },
  });
  const client = server.client;

  const pipeline = createLookupPipeline({ db, client, tiers: tiersOf });

  // A timer while the worker lives; an alarm in case it stops first (Chrome may fire a
  // packed extension's alarm up to 30 s late, the timer is on time).
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const wakeOutboxAt = (at: number | null) => {
    clearTimeout(retryTimer);
    if (at === null) {
      void Promise.resolve(browser.alarms.clear(OUTBOX_RETRY_ALARM)).catch(() => undefined);
      return;
    }
    retryTimer = setTimeout(() => void outbox.flush(), Math.max(0, at - Date.now()));
    void Promise.resolve(browser.alarms.create(OUTBOX_RETRY_ALARM, { when: at })).catch(() => undefined);
  };

  /** Refreshes synced lists (all by default), then the toolbar count their cases feed. */
  const sync = async (lists?: readonly SyncedList[]) => {
    const api = await client();
    if (!api) return;
    await syncLists(db, api, lists);
    if (!lists || lists.includes('cases')) await updateActionCount(db, (await readMe())?.agent.id ?? null);
  };
  const syncNow = () => sync();

  /** After a write lands: drop only the cached answer it changed, refresh only the lists it changed. */
  const afterDelivery = async (item: OutboxItem) => {
    const effect = WRITE_EFFECTS[item.kind];
    if (effect.lookup) {
      // Without the customer (a write queued before they were kept, a case not synced yet)
      // there is no telling whose answer changed: drop them all, as before.
      await (item.identity ? db.lookups.delete(identityKey(item.identity)) : db.lookups.clear());
    }
    if (effect.lists.length > 0) await sync(effect.lists);
  };

  const outbox = createOutbox({
    db,
    client,
    author: async () => {
      const [me, api] = await Promise.all([readMe(), client()]);
      return me && api ? { agentId: me.agent.id, serverOrigin: api.serverUrl } : null;
    },
    onDelivered: (item) => void afterDelivery(item).catch(() => undefined),
    onNextDue: (at) => wakeOutboxAt(at),
  });

  /**
   * Asks the server who the agent is: keeps the access token fresh and notices a revoked
   * agent (the refresh is refused, so the session ends and cached member data goes).
   */
  const checkSession = async () => {
    const api = await client();
    if (!api || !(await keeper.refreshable())) return;
    await meItem.setValue(await api.request({ method: 'GET', path: '/v1/me', schema: MeSchema }));
  };

  const handlers = createHandlers({ db, pipeline, outbox, server, syncNow, client, keeper, fetch: fetchImpl });
  const router = createRouter(handlers, { runtimeId: browser.runtime.id, extensionBase: browser.runtime.getURL('/') });

  return { pipeline, outbox, handlers, router, syncNow, checkSession };
}
