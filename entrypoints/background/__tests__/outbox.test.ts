import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '@/utils/api/client';
import { JetwayDb } from '@/utils/db';
import { createOutbox, type Outbox } from '../outbox';
import { FaultyProxy, seeded, startJetway } from './real-server';

const transcript = [{ author: '@anna', text: 'My bag is lost', postedAt: null, url: 'https://x.com/anna/status/1' }];

describe('outbox against the real server behind a faulty proxy', () => {
  let jetway: Awaited<ReturnType<typeof startJetway>>;
  let proxy: FaultyProxy;
  let db: JetwayDb;
  let outbox: Outbox;
  let dbCounter = 0;

  beforeAll(async () => {
    jetway = await startJetway();
  });
  afterAll(async () => jetway.close());
  afterEach(async () => {
    await proxy.stop();
    db.close();
  });

  async function setup(timeoutMs = 1_000) {
    proxy = new FaultyProxy(jetway.server.url, seeded(42));
    await proxy.start();
    db = new JetwayDb(`outbox-test-${++dbCounter}`);
    const client = createApiClient({ serverUrl: proxy.url, token: jetway.token, timeoutMs });
    // Retries are immediate in tests (random() = 0 gives a zero backoff), so runs stay short.
    outbox = createOutbox({ db, client: async () => client, author: async () => ({ agentId: 'agent-1', serverOrigin: client.serverUrl }), random: () => 0, sendTimeoutMs: 5_000 });
  }

  /** Enqueues as the signed-in agent (always someone here). */
  const stored = async (request: Parameters<Outbox['enqueue']>[0]) => (await outbox.enqueue(request))!;

  async function drain(rounds = 200) {
    for (let i = 0; i < rounds; i++) {
      await outbox.flush();
      const left = await db.outbox.where('state').anyOf('queued', 'sending').count();
      if (left === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const handoffsWith = async (reasonPrefix: string) =>
    (await jetway.db.query<{ reason: string }>(`SELECT reason FROM handoffs WHERE reason LIKE $1`, [`${reasonPrefix}%`])).map((r) => r.reason);

  it('keeps 200 writes queued while offline and delivers each exactly once when the server returns', async () => {
    await setup();
    proxy.faults.down = true;
    for (let i = 0; i < 200; i++) {
      await outbox.enqueue({
        kind: 'handoff',
        method: 'POST',
        path: '/v1/handoffs',
        body: { identity: { network: 'x', handle: `cust_${i % 7}` }, toTeamId: jetway.baggageId, reason: `offline-${i}`, transcript },
        label: `handoff ${i}`,
      });
    }
    await outbox.flush();
    expect(await db.outbox.where('state').equals('queued').count()).toBe(200);
    proxy.faults.down = false;
    await drain();
    const stored = await handoffsWith('offline-');
    expect(stored).toHaveLength(200);
    expect(new Set(stored).size).toBe(200);
    expect(await db.outbox.where('state').equals('sent').count()).toBe(200);
  }, 60_000);

  it('stores every write exactly once when 30% of requests fail and some answers come too late', async () => {
    await setup(400);
    proxy.faults.failRate = 0.3;
    proxy.faults.hangRate = 0.15;
    for (let i = 0; i < 60; i++) {
      await outbox.enqueue({
        kind: 'handoff',
        method: 'POST',
        path: '/v1/handoffs',
        body: { identity: { network: 'x', handle: 'flaky_cust' }, toTeamId: jetway.baggageId, reason: `flaky-${i}`, transcript },
        label: `handoff ${i}`,
      });
    }
    await drain(400);
    const stored = await handoffsWith('flaky-');
    expect(stored.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `flaky-${i}`).sort());
    // Faults really happened: more requests than writes reached the proxy.
    expect(proxy.count('POST /v1/handoffs')).toBeGreaterThan(60);
  }, 90_000);

  it('keeps a permanent 4xx as failed, visible with the server’s reason, until retried or discarded', async () => {
    await setup();
    const item = await stored({
      kind: 'handoff',
      method: 'POST',
      path: '/v1/handoffs',
      body: { identity: { network: 'x', handle: 'someone' }, toTeamId: '00000000-0000-4000-8000-000000000000', reason: 'bad team', transcript },
      label: 'handoff to nowhere',
    });
    await drain();
    const failed = await db.outbox.get(item.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError?.status).toBe(422);
    expect(failed?.lastError?.detail).toBe('That team does not exist. Pick another.');
    await outbox.flush();
    expect((await db.outbox.get(item.id))?.state).toBe('failed');
    await outbox.discard(item.id);
    expect(await db.outbox.get(item.id)).toBeUndefined();
  });

  it('resends a write cut off mid-send (worker stopped) and the server keeps one', async () => {
    await setup();
    const item = await stored({
      kind: 'note',
      method: 'POST',
      path: '/v1/handoffs',
      body: { identity: { network: 'x', handle: 'cutoff' }, toTeamId: jetway.baggageId, reason: 'cutoff-1', transcript },
      label: 'cut off',
    });
    await drain();
    // Simulate a worker that died after sending but before recording the answer.
    await db.outbox.update(item.id, { state: 'sending', sendingSince: Date.now() - 60_000 });
    await drain();
    expect(await handoffsWith('cutoff-')).toEqual(['cutoff-1']);
    expect((await db.outbox.get(item.id))?.state).toBe('sent');
  });
});
