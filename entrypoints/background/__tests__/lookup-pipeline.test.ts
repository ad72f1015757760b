import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, type Identity } from '@/utils/contract';
import { createApiClient, type ApiClient } from '@/utils/api/client';
import { JetwayDb } from '@/utils/db';
import { createLookupPipeline, STRANGER_TTL_MS } from '../lookup-pipeline';
import { FaultyProxy, seeded, startJetway } from './real-server';

const MEMBERS = [
  'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language',
  ...Array.from({ length: 300 }, (_, i) => `SK${String(500000000 + i)},Member ${i},${DEFAULT_TIERS[i % 6]!.id},member_${i},,ARN,x_dm,sv`),
].join('\n');

const handles = (from: number, count: number): Identity[] => Array.from({ length: count }, (_, i) => ({ network: 'x', handle: `member_${from + i}` }));

describe('lookup pipeline against the real server', () => {
  let jetway: Awaited<ReturnType<typeof startJetway>>;
  let proxy: FaultyProxy;
  let client: ApiClient;
  let dbs = 0;

  beforeAll(async () => {
    jetway = await startJetway(MEMBERS);
    proxy = new FaultyProxy(jetway.server.url, seeded(7));
    await proxy.start();
    client = createApiClient({ serverUrl: proxy.url, token: jetway.token, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await proxy.stop();
    await jetway.close();
  });

  function pipeline(options: { now?: () => number; signedIn?: boolean; apiClient?: ApiClient; windowMs?: number } = {}) {
    const db = new JetwayDb(`pipeline-${++dbs}`);
    return {
      db,
      pipeline: createLookupPipeline({
        db,
        client: async () => (options.signedIn === false ? null : (options.apiClient ?? client)),
        tiers: async () => [...DEFAULT_TIERS],
        now: options.now,
        windowMs: options.windowMs,
        random: () => 0.5,
      }),
    };
  }

  const lookups = () => proxy.count('POST /v1/lookup');

  it.each([1, 99, 100, 101, 250])('batches %i new handles into ⌈N/100⌉ requests', async (n) => {
    const { pipeline: p } = pipeline();
    const before = lookups();
    const answer = await p.lookupIdentities(handles(0, n));
    expect(lookups() - before).toBe(Math.ceil(n / 100));
    expect(answer.results).toHaveLength(n);
    expect(answer.results.every((r) => r.member !== null && r.tier !== null)).toBe(true);
  });

  it('never asks twice for a cached handle within its TTL, members or not', async () => {
    let clock = 1_000_000;
    const { pipeline: p } = pipeline({ now: () => clock });
    const mixed = [...handles(0, 50), { network: 'x' as const, handle: 'nobody_at_all' }];
    await p.lookupIdentities(mixed);
    const before = lookups();
    clock += 30_000;
    const again = await p.lookupIdentities(mixed);
    expect(lookups()).toBe(before);
    expect(again.results.find((r) => r.handle === 'nobody_at_all')?.member).toBeNull();
    // Past the stranger TTL (2 min) only the stranger is asked again.
    clock += 2 * 60_000;
    await p.lookupIdentities(mixed);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(lookups()).toBe(before + 1);
  });

  it('sends a lone tab\'s misses at once when no lookup is on its way, without waiting the window', async () => {
    // A window far longer than the test may take: only a lookup sent at once can answer.
    const { pipeline: p } = pipeline({ windowMs: 60_000 });
    const before = lookups();
    const answer = await p.lookupIdentities(handles(120, 3));
    expect(answer.results.map((result) => result.handle)).toEqual(['member_120', 'member_121', 'member_122']);
    expect(lookups() - before).toBe(1);
  });

  it('while a lookup is on its way, coalesces two tabs asking within the window into one request, and never asks for a handle in flight twice', async () => {
    // The first request is held at the client until the coalesced one is sent, so the two
    // tabs surely ask while it is on its way. Both go over real HTTP to the real server.
    const sent: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const gated: ApiClient = {
      ...client,
      async request(request) {
        const body = request.body as { identities: Identity[] };
        sent.push(body.identities.map((identity) => identity.handle));
        if (sent.length === 1) await held;
        else release();
        return client.request(request);
      },
    };
    // A wider window than the default 25 ms keeps this independent of machine load.
    const { pipeline: p } = pipeline({ windowMs: 250, apiClient: gated });
    const before = lookups();
    const first = p.lookupIdentities(handles(130, 10));
    await new Promise<void>((resolve) => {
      const check = () => (sent.length === 1 ? resolve() : setTimeout(check, 5));
      check();
    });
    const [tabA, tabB] = await Promise.all([p.lookupIdentities(handles(135, 30)), p.lookupIdentities(handles(150, 30))]);
    expect((await first).results).toHaveLength(10);
    expect(tabA.results).toHaveLength(30);
    expect(tabB.results).toHaveLength(30);
    expect(lookups() - before).toBe(2);
    // The second request: both tabs' misses, without the five handles already on their way.
    expect(sent[1]!.slice().sort()).toEqual(handles(140, 40).map((identity) => identity.handle).sort());
  });

  it('never asks again within the TTL, then answers a stale member at once and refreshes it in the background', async () => {
    let clock = 5_000_000;
    const { pipeline: p } = pipeline({ now: () => clock });
    await p.lookupIdentities(handles(200, 1));
    const before = lookups();
    clock += 9 * 60_000; // inside the 10-minute member TTL
    expect((await p.lookupIdentities(handles(200, 1))).results[0]?.member?.displayName).toBe('Member 200');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(lookups()).toBe(before);
    clock += 2 * 60_000; // past the TTL, inside the stale window
    const stale = await p.lookupIdentities(handles(200, 1));
    expect(stale.results[0]?.member?.displayName).toBe('Member 200');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(lookups()).toBe(before + 1);
  });

  it('hands a new tab the newest fresh answers, members and strangers, never stale ones', async () => {
    let clock = 20_000_000;
    const { pipeline: p } = pipeline({ now: () => clock });
    await p.lookupIdentities([{ network: 'x', handle: 'member_10' }, { network: 'x', handle: 'nobody_at_all' }]);
    clock += 1_000;
    await p.lookupIdentities([{ network: 'x', handle: 'member_11' }]);
    const recent = await p.recentAnswers();
    // Newest first; the two answered together come in either order.
    expect(recent[0]).toMatchObject({ key: 'x:member_11', network: 'x', handle: 'member_11', tier: { id: DEFAULT_TIERS[11 % 6]!.id } });
    expect(recent.slice(1).map((answer) => answer.key).sort()).toEqual(['x:member_10', 'x:nobody_at_all']);
    expect(recent.find((answer) => answer.key === 'x:nobody_at_all')).toMatchObject({ member: null, tier: null });
    expect((await p.recentAnswers(1)).map((answer) => answer.key)).toEqual(['x:member_11']);
    // Past the strangers' TTL the stranger would be asked again, so a new tab must not assume it.
    clock += STRANGER_TTL_MS;
    expect((await p.recentAnswers()).map((answer) => answer.key)).toEqual(['x:member_11', 'x:member_10']);
    const { pipeline: signedOut } = pipeline({ signedIn: false });
    expect(await signedOut.recentAnswers()).toEqual([]);
  });

  it('answers before the cache write finishes, never asks again meanwhile, and survives a failing cache', async () => {
    const { pipeline: p, db } = pipeline();
    const put = db.lookups.bulkPut.bind(db.lookups);
    let release: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (release = resolve));
    db.lookups.bulkPut = (async (...args: Parameters<typeof put>) => {
      await stored;
      return put(...args);
    }) as typeof db.lookups.bulkPut;
    const before = lookups();
    expect((await p.lookupIdentities(handles(40, 3))).results).toHaveLength(3);
    expect((await p.lookupIdentities(handles(40, 3))).results).toHaveLength(3);
    expect(lookups() - before).toBe(1);
    release();
    await expect.poll(() => db.lookups.count()).toBe(3);

    db.lookups.bulkPut = (() => Promise.reject(new Error('QuotaExceededError'))) as unknown as typeof db.lookups.bulkPut;
    const answer = await p.lookupIdentities(handles(50, 2));
    expect(answer.results.map((result) => result.tier?.id)).toEqual([DEFAULT_TIERS[50 % 6]!.id, DEFAULT_TIERS[51 % 6]!.id]);
  });

  it('answers signed-out without asking the server', async () => {
    const { pipeline: p } = pipeline({ signedIn: false });
    const before = lookups();
    expect(await p.lookupIdentities(handles(0, 3))).toEqual({ signedIn: false, results: [] });
    expect(lookups()).toBe(before);
  });

  it('answers without throwing while the server is down, backs off, and badges return with it', async () => {
    let clock = 9_000_000;
    const { pipeline: p } = pipeline({ now: () => clock });
    proxy.faults.down = true;
    const down = await p.lookupIdentities(handles(250, 5));
    expect(down).toEqual({ signedIn: true, results: [] });
    const before = lookups();
    await p.lookupIdentities(handles(250, 5));
    expect(lookups()).toBe(before); // backing off: no new request
    proxy.faults.down = false;
    clock += 20_000;
    const back = await p.lookupIdentities(handles(250, 5));
    expect(back.results).toHaveLength(5);
  });

  it('security: rejects a malformed response, renders nothing from it and caches nothing', async () => {
    const liar = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: [{ network: 'x', handle: 'member_1', member: { id: 'not-a-uuid', displayName: '<img src=x onerror=alert(1)>' }, openCase: null }] }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const address = liar.address();
    const apiClient = createApiClient({ serverUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, token: 'jw_test_token_123' });
    const { pipeline: p, db } = pipeline({ apiClient });
    const answer = await p.lookupIdentities(handles(1, 1));
    expect(answer.results).toEqual([]);
    expect(await db.lookups.count()).toBe(0);
    liar.close();
  });

  it('honours Retry-After on 429', async () => {
    let clock = 12_000_000;
    let calls = 0;
    const busy = createServer((_request, response) => {
      calls += 1;
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '30' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429 }));
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const apiClient = createApiClient({ serverUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, token: 'jw_test_token_123' });
    const { pipeline: p } = pipeline({ apiClient, now: () => clock });
    await p.lookupIdentities(handles(1, 1));
    clock += 20_000;
    await p.lookupIdentities(handles(2, 1));
    expect(calls).toBe(1);
    clock += 11_000;
    await p.lookupIdentities(handles(3, 1));
    expect(calls).toBe(2);
    busy.close();
  });
});
