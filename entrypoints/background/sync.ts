import { CaseListSchema, HandoffListSchema } from '@/utils/contract';
import type { ApiClient } from '@/utils/api/client';
import type { JetwayDb, OutboxKind } from '@/utils/db';

/** What the background keeps a copy of: the team's open cases and the handoffs it sent. */
export type SyncedList = 'cases' | 'sentHandoffs';

/**
 * What each delivered write changes: the lookup answer of the customer it is about
 * (member, open case), and which synced lists. Only those are refreshed after it lands.
 */
export const WRITE_EFFECTS: Record<OutboxKind, { lookup: boolean; lists: SyncedList[] }> = {
  // A handoff may open a case for the customer.
  handoff: { lookup: true, lists: ['cases', 'sentHandoffs'] },
  'handoff-cancel': { lookup: false, lists: ['sentHandoffs'] },
  // Notes show on the member card, which reloads itself; no synced list holds them.
  note: { lookup: false, lists: [] },
  'case-open': { lookup: true, lists: ['cases'] },
  'case-change': { lookup: true, lists: ['cases'] },
  // Cases keep the member they were opened with: a link changes only the lookup.
  link: { lookup: true, lists: [] },
  unlink: { lookup: true, lists: [] },
};

/** The team's open cases, replaced whole (the list is small, ≤ 500). */
export async function syncCases(db: JetwayDb, client: ApiClient, now = Date.now()): Promise<void> {
  const { cases } = await client.request({ method: 'GET', path: '/v1/cases?scope=team&status=open', schema: CaseListSchema });
  await db.transaction('rw', db.cases, async () => {
    await db.cases.clear();
    await db.cases.bulkPut(cases.map((item) => ({ ...item, syncedAt: now })));
  });
}

/** The handoffs the team sent and their status (the popup's "Handed off" list), replaced whole. */
export async function syncSentHandoffs(db: JetwayDb, client: ApiClient, now = Date.now()): Promise<void> {
  const { handoffs } = await client.request({ method: 'GET', path: '/v1/handoffs?box=sent', schema: HandoffListSchema });
  await db.transaction('rw', db.handoffs, async () => {
    await db.handoffs.clear();
    await db.handoffs.bulkPut(handoffs.map((item) => ({ ...item, box: 'sent' as const, syncedAt: now })));
  });
}

const SYNC: Record<SyncedList, typeof syncCases> = { cases: syncCases, sentHandoffs: syncSentHandoffs };

/** Refreshes the given lists (all of them by default): on the alarm, on request, after a write. */
export async function syncLists(db: JetwayDb, client: ApiClient, lists: readonly SyncedList[] = ['cases', 'sentHandoffs'], now = Date.now()): Promise<void> {
  await Promise.all(lists.map((list) => SYNC[list](db, client, now)));
}
