import { CaseListSchema, HandoffListSchema } from '@/utils/contract';
import type { ApiClient } from '@/utils/api/client';
import type { JetwayDb } from '@/utils/db';

/**
 * Keeps the team's open cases and handoffs in Dexie so the card and the popup show the
 * current owner and status. A full replace per poll: the lists are small (≤ 500).
 */
export async function syncTeam(db: JetwayDb, client: ApiClient, now = Date.now()): Promise<void> {
  const [cases, inbox, sent] = await Promise.all([
    client.request({ method: 'GET', path: '/v1/cases?scope=team&status=open', schema: CaseListSchema }),
    client.request({ method: 'GET', path: '/v1/handoffs?box=inbox', schema: HandoffListSchema }),
    client.request({ method: 'GET', path: '/v1/handoffs?box=sent', schema: HandoffListSchema }),
  ]);
  await db.transaction('rw', db.cases, db.handoffs, async () => {
    await db.cases.clear();
    await db.cases.bulkPut(cases.cases.map((item) => ({ ...item, syncedAt: now })));
    await db.handoffs.clear();
    await db.handoffs.bulkPut([
      ...sent.handoffs.map((item) => ({ ...item, box: 'sent' as const, syncedAt: now })),
      ...inbox.handoffs.map((item) => ({ ...item, box: 'inbox' as const, syncedAt: now })),
    ]);
  });
}
