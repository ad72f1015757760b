import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@/utils/api/client';
import { DEFAULT_TIERS, MeSchema, type Me } from '@/utils/contract';
import { JetwayDb, type CachedLookup } from '@/utils/db';
import type { MessageSender } from '@/utils/protocol/router';
import { authItem, meItem, readServerState, serverStateItem } from '@/utils/storage';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendMessage, type Send } from '@/utils/messaging';
import { sendWrite, type WriteVerb } from '@/utils/writes';
import { createBackground, OUTBOX_RETRY_ALARM } from '../background';
import { FaultyProxy, seeded, startJetway } from './real-server';

const MEMBERS = [
  'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language',
  ...Array.from({ length: 5 }, (_, i) => `SK${String(700000000 + i)},Member ${i},${DEFAULT_TIERS[i]!.id},member_${i},,ARN,email,sv`),
].join('\n');

const sender = { id: 'test', url: 'https://x.com/home', tab: { id: 1 } } as MessageSender;
const id = () => crypto.randomUUID();
const transcript = [{ author: '@member_1', text: 'My bag is lost', postedAt: null, url: 'https://x.com/member_1/status/1' }];

function cached(key: string): CachedLookup {
  const at = Date.now();
  return { key, member: null, openCase: null, fetchedAt: at, staleAt: at + 60_000, expiresAt: at + 120_000 };
}

describe('a write is answered once stored, tells its outcome by id, and changes only what it touched', () => {
  let jetway: Awaited<ReturnType<typeof startJetway>>;
  let proxy: FaultyProxy;
  let db: JetwayDb;
  let background: ReturnType<typeof createBackground>;
  let dbs = 0;
  let me: Me;

  beforeAll(async () => {
    jetway = await startJetway(MEMBERS);
    proxy = new FaultyProxy(jetway.server.url, seeded(3));
    await proxy.start();
    me = await createApiClient({ serverUrl: jetway.server.url, token: jetway.token }).request({ method: 'GET', path: '/v1/me', schema: MeSchema });
  });
  afterAll(async () => {
    await proxy.stop();
    await jetway.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  beforeEach(async () => {
    proxy.faults.down = false;
    await serverStateItem.setValue(null);
    await authItem.setValue({ serverUrl: proxy.url, token: jetway.token });
    await meItem.setValue(me);
    db = new JetwayDb(`write-outcome-${++dbs}`);
    background = createBackground(db);
    await db.lookups.bulkPut([cached('x:newcomer'), cached('x:member_2'), cached('x:member_1')]);
    proxy.counts.clear();
  });

  /** What the page asks after the receipt: where the write stands, waiting for its first attempt. */
  const stateOf = (outboxId: string) => background.handlers.getWriteState({ outboxId, waitMs: 5_000 }, sender);

  it('a link is sent, drops only the linked handle’s cached answer, and syncs nothing', async () => {
    const writeId = id();
    const receipt = await background.handlers.enqueueLink({ writeId, identity: { network: 'x', handle: 'newcomer' }, loyaltyNumber: 'SK700000003' }, sender);
    expect(receipt).toEqual({ status: 'stored', outboxId: writeId });
    expect(await stateOf(writeId)).toEqual({ state: 'sent' });
    await expect.poll(() => db.lookups.get('x:newcomer')).toBeUndefined();
    expect((await db.lookups.toArray()).map((row) => row.key).sort()).toEqual(['x:member_1', 'x:member_2']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.count('GET /v1/cases') + proxy.count('GET /v1/handoffs')).toBe(0);
  });

  it('a handoff refreshes the cases and the sent handoffs (never the inbox), and the customer’s answer only', async () => {
    const writeId = id();
    await background.handlers.enqueueHandoff({ writeId, identity: { network: 'x', handle: 'member_1' }, toTeamId: jetway.baggageId, reason: 'Bag', transcript }, sender);
    expect(await stateOf(writeId)).toEqual({ state: 'sent' });
    await expect.poll(async () => (await db.handoffs.toArray()).map((row) => [row.identity.handle, row.box])).toEqual([['member_1', 'sent']]);
    expect(proxy.count('GET /v1/handoffs')).toBe(1);
    await expect.poll(() => db.cases.count()).toBe(1);
    expect((await db.lookups.toArray()).map((row) => row.key).sort()).toEqual(['x:member_2', 'x:newcomer']);
    // The preferred channel is the server's to decide, from the member: the write carries none.
    const [item] = await db.outbox.toArray();
    expect(Object.keys(item!.body as object).sort()).toEqual(['identity', 'reason', 'toTeamId', 'transcript']);
  });

  it('a resolved case drops the cached answer of the case’s customer, found by the case id', async () => {
    const opened = id();
    await background.handlers.enqueueCaseOpen({ writeId: opened, identity: { network: 'x', handle: 'member_2' }, subject: 'Lost bag', postUrl: null }, sender);
    expect(await stateOf(opened)).toEqual({ state: 'sent' });
    await expect.poll(async () => (await db.cases.toArray()).some((row) => row.identity.handle === 'member_2')).toBe(true);
    const item = (await db.cases.toArray()).find((row) => row.identity.handle === 'member_2');
    await db.lookups.bulkPut([cached('x:member_2')]);
    const resolved = id();
    await background.handlers.enqueueCaseChange({ writeId: resolved, caseId: item!.id, status: 'resolved', version: item!.version }, sender);
    expect(await stateOf(resolved)).toEqual({ state: 'sent' });
    expect((await db.outbox.get(resolved))?.identity).toEqual({ network: 'x', handle: 'member_2' });
    await expect.poll(() => db.lookups.get('x:member_2')).toBeUndefined();
    expect(await db.lookups.get('x:member_1')).toBeDefined();
  });

  it('a write the server refuses (422) is known as refused at once, with the server’s reason, and stays for the agent', async () => {
    const writeId = id();
    await background.handlers.enqueueLink({ writeId, identity: { network: 'x', handle: 'newcomer' }, loyaltyNumber: 'XX-0000' }, sender);
    expect(await stateOf(writeId)).toMatchObject({ state: 'failed', status: 422, conflict: false, detail: expect.stringContaining('No member has this loyalty number') });
    expect((await db.outbox.toArray()).map((item) => item.state)).toEqual(['failed']);
    expect(await db.lookups.count()).toBe(3);
  });

  it('a stale change (409) is a refusal, never retried', async () => {
    const opened = id();
    await background.handlers.enqueueCaseOpen({ writeId: opened, identity: { network: 'x', handle: 'member_3' }, subject: 'Refund', postUrl: null }, sender);
    expect(await stateOf(opened)).toEqual({ state: 'sent' });
    await expect.poll(async () => (await db.cases.toArray()).find((row) => row.identity.handle === 'member_3')).toBeDefined();
    const item = (await db.cases.toArray()).find((row) => row.identity.handle === 'member_3')!;
    // A colleague takes it first; this agent's "Take case" carries the version it saw.
    const first = id();
    await background.handlers.enqueueCaseChange({ writeId: first, caseId: item.id, assignee: 'me', version: item.version }, sender);
    expect(await stateOf(first)).toEqual({ state: 'sent' });
    const stale = id();
    await background.handlers.enqueueCaseChange({ writeId: stale, caseId: item.id, assignee: 'me', version: item.version }, sender);
    expect(await stateOf(stale)).toMatchObject({ state: 'failed', status: 409, conflict: true });
    const patches = proxy.count(`PATCH /v1/cases/${item.id}`);
    await background.outbox.flush();
    await background.outbox.flush();
    expect(proxy.count(`PATCH /v1/cases/${item.id}`)).toBe(patches);
    expect((await db.outbox.get(stale))?.attempts).toBe(1);
  });

  it('a write while the server is down is stored, and known as queued at once, without waiting out the bound', async () => {
    proxy.faults.down = true;
    const writeId = id();
    const started = Date.now();
    const receipt = await background.handlers.enqueueNote({ writeId, caseId: '00000000-0000-4000-8000-000000000000', text: 'hello' }, sender);
    expect(receipt).toEqual({ status: 'stored', outboxId: writeId });
    expect(await stateOf(writeId)).toEqual({ state: 'queued', attempted: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await db.outbox.toArray()).map((item) => item.state)).toEqual(['queued']);
  });

  it('a second click with the same id is the same write: stored once, sent once', async () => {
    const writeId = id();
    const data = { writeId, identity: { network: 'x', handle: 'member_4' } as const, toTeamId: jetway.baggageId, reason: 'Twice', transcript };
    await Promise.all([background.handlers.enqueueHandoff(data, sender), background.handlers.enqueueHandoff(data, sender)]);
    expect(await stateOf(writeId)).toEqual({ state: 'sent' });
    await background.handlers.enqueueHandoff(data, sender);
    await background.outbox.flush();
    expect(await db.outbox.count()).toBe(1);
    expect(proxy.count('POST /v1/handoffs')).toBe(1);
    const rows = await jetway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE reason = 'Twice'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('a write the outbox never stored is absent, never reported as saved', async () => {
    expect(await background.handlers.getWriteState({ outboxId: id(), waitMs: 0 }, sender)).toEqual({ state: 'absent' });
  });

  /**
   * The page's real sender (`sendMessage`) through the background's router: `lose` decides,
   * per message, whether the worker stops before the handler runs or after it (the answer
   * is lost either way).
   */
  function pageSend(lose: (verb: string, call: number) => 'before' | 'after' | null): Send<WriteVerb | 'getWriteState'> {
    let call = 0;
    const from = { id: fakeBrowser.runtime.id, url: 'https://x.com/home', tab: { id: 1 } } as MessageSender;
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: { jetway: string }) => {
      const when = lose(message.jetway, call++);
      if (when === 'before') throw new Error('Could not establish connection. Receiving end does not exist.');
      const answer = JSON.parse(JSON.stringify((await background.router(message, from)) ?? null));
      if (when === 'after') throw new Error('The message port closed before a response was received.');
      return answer;
    }) as never);
    return sendMessage;
  }

  it('a write whose answer was lost (worker stopped after storing it) is reported by what the outbox knows: sent, once', async () => {
    const writeId = id();
    let checking = 0;
    const send = pageSend((verb, call) => (verb === 'enqueueHandoff' ? 'after' : call === 1 ? 'before' : null));
    const data = { writeId, identity: { network: 'x', handle: 'member_0' } as const, toTeamId: jetway.baggageId, reason: 'Lost answer', transcript };
    const result = await sendWrite(send, 'enqueueHandoff', data, { onChecking: () => checking++ });
    expect(result).toEqual({ kind: 'sent', outboxId: writeId });
    expect(checking).toBeGreaterThanOrEqual(2);
    const rows = await jetway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE reason = 'Lost answer'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('a write the worker never stored is "not saved"; the click again (same id) sends it exactly once', async () => {
    const writeId = id();
    const data = { writeId, identity: { network: 'x', handle: 'member_0' } as const, toTeamId: jetway.baggageId, reason: 'Never stored', transcript };
    const lost = await sendWrite(pageSend((verb) => (verb === 'enqueueHandoff' ? 'before' : null)), 'enqueueHandoff', data);
    expect(lost.kind).toBe('not-saved');
    expect(await db.outbox.count()).toBe(0);
    const again = await sendWrite(pageSend(() => null), 'enqueueHandoff', data);
    expect(again).toEqual({ kind: 'sent', outboxId: writeId });
    await sendWrite(pageSend(() => null), 'enqueueHandoff', data);
    const rows = await jetway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE reason = 'Never stored'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('a refused link is told at once as refused, not queued', async () => {
    const result = await sendWrite(pageSend(() => null), 'enqueueLink', { writeId: id(), identity: { network: 'x', handle: 'nobody' }, loyaltyNumber: 'XX-0001' });
    expect(result).toMatchObject({ kind: 'refused', conflict: false });
  });

  describe('writes belong to their author', () => {
    const handoff = (reason: string) => ({ writeId: id(), identity: { network: 'x', handle: 'member_0' } as const, toTeamId: jetway.baggageId, reason, transcript });
    const handoffsWith = async (reason: string) =>
      (await jetway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE reason = $1`, [reason]))[0]!.n;

    it('each write records its agent and server', async () => {
      const data = handoff('Stamped');
      await background.handlers.enqueueHandoff(data, sender);
      expect(await db.outbox.get(data.writeId)).toMatchObject({ agentId: me.agent.id, serverOrigin: proxy.url });
    });

    it('another agent signed in on the same browser never sends them; their author does', async () => {
      proxy.faults.down = true;
      const data = handoff('Not yours');
      await background.handlers.enqueueHandoff(data, sender);
      expect(await stateOf(data.writeId)).toEqual({ state: 'queued', attempted: true });
      await background.outbox.flush();
      await meItem.setValue({ ...me, agent: { id: crypto.randomUUID(), name: 'Another agent' } });
      proxy.faults.down = false;
      await db.outbox.update(data.writeId, { nextAttemptAt: 0 });
      await background.outbox.flush();
      await background.handlers.retryWrite({ outboxId: data.writeId }, sender);
      await background.outbox.flush();
      expect((await db.outbox.get(data.writeId))?.state).toBe('queued');
      expect(await handoffsWith('Not yours')).toBe(0);
      await meItem.setValue(me);
      await background.outbox.flush();
      expect((await db.outbox.get(data.writeId))?.state).toBe('sent');
      expect(await handoffsWith('Not yours')).toBe(1);
    });

    it('with nobody signed in a write is not stored, and says so', async () => {
      await meItem.setValue(null);
      const data = handoff('Nobody');
      expect(await background.handlers.enqueueHandoff({ ...data, toTeamId: jetway.baggageId }, sender)).toMatchObject({ status: 'refused', code: 'signed-out' });
      expect(await db.outbox.count()).toBe(0);
    });

    it('sign-out lists the unsent writes; "keep" keeps them, "discard" drops them, "send" sends what it can', async () => {
      proxy.faults.down = true;
      const kept = handoff('Kept');
      await background.handlers.enqueueHandoff(kept, sender);
      await stateOf(kept.writeId);
      expect((await background.handlers.getUnsentWrites(undefined, sender)).map((write) => [write.id, write.label])).toEqual([
        [kept.writeId, { key: 'outboxHandoff', args: ['member_0', 'Baggage'] }],
      ]);
      await background.handlers.signOut({ unsent: 'keep' }, sender);
      expect((await db.outbox.get(kept.writeId))?.state).toBe('queued');

      await authItem.setValue({ serverUrl: proxy.url, token: jetway.token });
      await meItem.setValue(me);
      await background.handlers.signOut({ unsent: 'discard' }, sender);
      expect(await db.outbox.get(kept.writeId)).toBeUndefined();

      await authItem.setValue({ serverUrl: proxy.url, token: jetway.token });
      await meItem.setValue(me);
      const sent = handoff('Sent at sign-out');
      await background.handlers.enqueueHandoff(sent, sender);
      await stateOf(sent.writeId);
      proxy.faults.down = false;
      await background.handlers.signOut({ unsent: 'send' }, sender);
      expect((await db.outbox.get(sent.writeId))?.state).toBe('sent');
      expect(await handoffsWith('Sent at sign-out')).toBe(1);
      expect(await authItem.getValue()).toBeNull();
    });
  });

  describe('prompt recovery', () => {
    const note = () => ({ writeId: id(), caseId: '00000000-0000-4000-8000-000000000000', text: 'after the outage' });

    it('a write that found the server down wakes the worker at its retry time: an alarm then, not at the next minute', async () => {
      proxy.faults.down = true;
      const data = { writeId: id(), identity: { network: 'x', handle: 'member_3' } as const, toTeamId: jetway.baggageId, reason: 'Woken at its time', transcript };
      await background.handlers.enqueueHandoff(data, sender);
      expect(await stateOf(data.writeId)).toEqual({ state: 'queued', attempted: true });
      // The wake-up is set for the write's retry time (read together: on a busy machine the
      // retry may already have come and gone once, moving both).
      await expect
        .poll(async () => {
          const [alarm, item] = await Promise.all([fakeBrowser.alarms.get(OUTBOX_RETRY_ALARM), db.outbox.get(data.writeId)]);
          return alarm !== undefined && alarm.scheduledTime === item?.nextAttemptAt && item.nextAttemptAt - Date.now() < 60_000;
        })
        .toBe(true);
      // Nobody flushes from here on: the worker's own wake-up at the retry time sends it.
      proxy.faults.down = false;
      await expect.poll(async () => (await db.outbox.get(data.writeId))?.state, { timeout: 20_000 }).toBe('sent');
      // Nothing waits any more: no wake-up is left behind.
      await expect.poll(() => fakeBrowser.alarms.get(OUTBOX_RETRY_ALARM)).toBeUndefined();
      const rows = await jetway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE reason = 'Woken at its time'`);
      expect(rows[0]!.n).toBe(1);
    });

    it('the server’s return is noticed by the tabs’ checks, and every waiting write goes at once, whatever its backoff', async () => {
      const told: unknown[] = [];
      vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7, url: 'https://x.com/home' }] as never);
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: unknown) => {
        told.push(message);
        return { ok: true, value: undefined };
      }) as never);
      proxy.faults.down = true;
      const data = note();
      await background.handlers.enqueueNote(data, sender);
      expect(await stateOf(data.writeId)).toEqual({ state: 'queued', attempted: true });
      await expect.poll(async () => (await readServerState())?.reachable).toBe(false);
      // Open tabs are told to start asking.
      await expect.poll(() => told).toContainEqual({ jetwayTab: 'watchServer' });
      expect(await background.handlers.checkServer(undefined, sender)).toEqual({ reachable: false });
      // After many failures the backoff is long: the server's return must not wait for it.
      await db.outbox.update(data.writeId, { nextAttemptAt: Date.now() + 10 * 60_000 });
      // The worker stops during the outage; a new one starts from storage.
      background = createBackground(db);
      proxy.faults.down = false;
      const healthBefore = proxy.count('GET /healthz');
      // What an open tab does every few seconds; several tabs at once share one probe.
      await expect
        .poll(async () => (await Promise.all([1, 2, 3].map(() => background.handlers.checkServer(undefined, sender))))[0], { timeout: 20_000, interval: 1_000 })
        .toEqual({ reachable: true });
      expect(proxy.count('GET /healthz') - healthBefore).toBeLessThanOrEqual(2);
      expect(await readServerState()).toMatchObject({ reachable: true, message: null });
      await expect.poll(async () => (await db.outbox.get(data.writeId))?.attempts, { timeout: 20_000 }).toBe(2);
      expect(told).toContainEqual({ jetwayTab: 'lookupRecovered' });
    });

    it('while the server answers, a tab’s check costs no request', async () => {
      await background.handlers.lookupIdentities({ identities: [{ network: 'x', handle: 'member_0' }] }, sender);
      const before = proxy.count('GET /healthz');
      expect(await background.handlers.checkServer(undefined, sender)).toEqual({ reachable: true });
      expect(proxy.count('GET /healthz')).toBe(before);
    });

    it('a refusal is an answer: the server is reachable; only no answer (or a gateway without it) is not', async () => {
      await background.handlers.enqueueLink({ writeId: id(), identity: { network: 'x', handle: 'nobody' }, loyaltyNumber: 'XX-0002' }, sender);
      await expect.poll(async () => (await readServerState())?.reachable).toBe(true);
    });
  });
});
