import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { JetwayDb, NO_AUTHOR_TITLE } from '@/utils/db';

describe('the outbox keeps who wrote each write (version 2)', () => {
  it('an unsent write from before authors were kept waits for an agent to take or discard it; nobody sends it', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores({ lookups: 'key, expiresAt', outbox: 'id, state, createdAt', cases: 'id, status, resolutionDueAt', handoffs: 'id, box, createdAt' });
    const base = { kind: 'note', method: 'POST', path: '/v1/cases/x/notes', body: { text: 'hi' }, label: 'Case note', createdAt: 1, attempts: 0, nextAttemptAt: 1 };
    await old.table('outbox').bulkAdd([
      { ...base, id: 'queued-1', state: 'queued', sendingSince: null, lastError: null, resultId: null, undoRequested: false },
      { ...base, id: 'sent-1', state: 'sent', sendingSince: null, lastError: null, resultId: 'r', undoRequested: false },
    ]);
    old.close();

    const db = new JetwayDb(name);
    expect(await db.outbox.get('queued-1')).toMatchObject({ state: 'failed', agentId: null, serverOrigin: null, lastError: { title: NO_AUTHOR_TITLE } });
    expect(await db.outbox.get('sent-1')).toMatchObject({ state: 'sent', agentId: null });
    expect(await db.outbox.where('agentId').equals('anyone').count()).toBe(0);
    db.close();
  });
});
