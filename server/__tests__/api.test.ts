import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlinesFor, LookupResponseSchema, MeSchema, MemberCardSchema, CaseSchema, HandoffSchema, HandoffListSchema, LinkSchema, ProblemSchema } from '../../utils/contract';
import { startServer } from '../bin/serve';
import type { Database } from '../db/database';
import { migrate } from '../db/migrations';
import { importMembers } from '../domain/members/import';
import { createLogger } from '../logger';
import { bodyOf, engines, freshDatabase, read, startTestServer, type ApiClient, type RawAnswer, type TestServer } from './harness';

const MEMBERS_CSV = `loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language
SK100200301,Anna Lindqvist,gold,AnnaFlies,100004123456789,ARN,x_dm,sv
SK100200302,Erik Berg,diamond,erik_berg,erik.berg.5,CPH,email,en
SK100200303,Maja Holm,member,,,OSL,phone,no
`;
const FULL_NUMBERS = ['SK100200301', 'SK100200302', 'SK100200303', '100200301', '100200302'];

const transcript = [
  { author: '@annaflies', text: 'My bag never arrived at ARN', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/annaflies/status/1' },
];

describe.each(engines())('Jetway API over HTTP on %s', (engine) => {
  let server: TestServer;
  let socialToken: string;
  let social: ApiClient;
  let socialColleague: ApiClient;
  let baggage: ApiClient;
  let refunds: ApiClient;
  let baggageTeamId: string;
  const bodies: string[] = [];

  /** Every answer's text is kept, to check that no full loyalty number ever left the server. */
  const client = (token: string | null) => server.api(token, { onText: (text) => bodies.push(text) });
  const raw = async (...args: Parameters<TestServer['raw']>): Promise<RawAnswer> => {
    const result = await server.raw(...args);
    bodies.push(result.text);
    return result;
  };
  const lookup = (as: ApiClient, identities: Array<{ network: 'x' | 'facebook'; handle: string }>, headers: Record<string, string> = {}) =>
    read(as.v1.lookup.$post({ json: { identities } }, { headers }));

  beforeAll(async () => {
    server = await startTestServer(engine);
    socialToken = await server.token('Ana Agent', 'Social Care');
    social = client(socialToken);
    socialColleague = client(await server.token('Dana Berg', 'Social Care'));
    baggage = client(await server.token('Bo Baggage', 'Baggage'));
    refunds = client(await server.token('Rita Refunds', 'Refunds'));
    const report = await importMembers(server.db, MEMBERS_CSV, { format: 'csv' });
    expect(report.rejected).toEqual([]);
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    baggageTeamId = me.handoffTargets.find((team) => team.name === 'Baggage')!.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 401 problem+json without a token or with a wrong one', async () => {
    for (const token of [null, 'jw_not-a-real-token-at-all']) {
      const response = await read(client(token).v1.me.$get());
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(ProblemSchema.parse(response.json).status).toBe(401);
    }
  });

  it('gives /v1/me the agent, team deadlines, other teams as targets and the tier ladder', async () => {
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    expect(me.agent.name).toBe('Ana Agent');
    expect(me.team.deadlines.firstResponseMinutes).toBe(15);
    expect(me.handoffTargets.map((team) => team.name)).toEqual(['Baggage', 'Refunds']);
    expect(me.tiers.map((tier) => tier.id)).toEqual(['member', 'silver', 'gold', 'platinum', 'diamond', 'concierge']);
  });

  it('looks handles up case-insensitively, masks loyalty numbers and answers null for strangers', async () => {
    const response = await lookup(social, [
      { network: 'x', handle: 'ANNAFLIES' },
      { network: 'x', handle: 'nobody_here' },
      { network: 'facebook', handle: 'Erik.Berg.5' },
      { network: 'x', handle: 'annaflies' },
    ]);
    expect(response.status).toBe(200);
    const { results } = LookupResponseSchema.parse(response.json);
    expect(results.map((r) => [r.handle, r.member?.tierId ?? null])).toEqual([
      ['annaflies', 'gold'],
      ['nobody_here', null],
      ['erik.berg.5', 'diamond'],
    ]);
    expect(results[0]!.member!.loyaltyNumberMasked).toBe('•••• 0301');
  });

  it('rejects 101 identities as problem+json 400', async () => {
    const identities = Array.from({ length: 101 }, (_, i) => ({ network: 'x' as const, handle: `h${i}` }));
    const response = await lookup(social, identities);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.status === 400 && response.json.errors?.[0]?.path).toBe('identities');
  });

  it.each([
    ['SQL metacharacters in a handle', { identities: [{ network: 'x', handle: "a'; drop table members;--" }] }, 400],
    ['wrong types', { identities: [{ network: 'x', handle: 42 }] }, 400],
    ['an unknown network', { identities: [{ network: 'myspace', handle: 'tom' }] }, 400],
    ['malformed JSON', '{"identities": [', 400],
    ['a 1 MB body', JSON.stringify({ identities: [{ network: 'x', handle: 'a'.repeat(1_000_000) }] }), 413],
  ])('security: hostile input (%s) gets 4xx, never 5xx', async (_name, body, status) => {
    const response = await raw(socialToken, 'POST', '/v1/lookup', body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const members = await server.db.query<{ count: number }>('SELECT count(*)::int AS count FROM members');
    expect(members[0]!.count).toBe(3);
  });

  it('security: a body sent in chunks, with no declared length, is counted as it arrives', async () => {
    const chunked = (text: string) =>
      fetch(`${server.url}/v1/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${socialToken}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < text.length; i += 16_384) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 16_384)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const small = await chunked(JSON.stringify({ identities: [{ network: 'x', handle: 'annaflies' }] }));
    expect(small.headers.get('content-length')).not.toBeNull();
    expect(small.status).toBe(200);
    expect(LookupResponseSchema.parse(await small.json()).results[0]!.member).not.toBeNull();
    // Over the 64 kB limit, yet small enough for loopback buffers to take it all before the refusal.
    const large = await chunked(JSON.stringify({ identities: [{ network: 'x', handle: 'a'.repeat(100_000) }] }));
    expect(large.status).toBe(413);
    expect(large.headers.get('content-type')).toContain('application/problem+json');
    const members = await server.db.query<{ count: number }>('SELECT count(*)::int AS count FROM members');
    expect(members[0]!.count).toBe(3);
  });

  it('opens a case held by its opener with deadlines from the team settings', async () => {
    const response = await read(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'AnnaFlies' }, subject: 'Lost bag', postUrl: 'https://x.com/annaflies/status/1' } }));
    expect(response.status).toBe(201);
    const opened = CaseSchema.parse(response.json);
    expect(opened.assignee?.name).toBe('Ana Agent');
    expect(opened.memberId).not.toBeNull();
    const expected = deadlinesFor({ timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' }, new Date(opened.openedAt));
    expect(opened.firstResponseDueAt).toBe(expected.firstResponseDueAt.toISOString());
    expect(opened.resolutionDueAt).toBe(expected.resolutionDueAt.toISOString());
    const looked = LookupResponseSchema.parse((await lookup(social, [{ network: 'x', handle: 'annaflies' }])).json);
    expect(looked.results[0]!.openCase).toEqual({
      id: opened.id,
      status: 'open',
      assignee: opened.assignee,
      assignedAt: opened.assignedAt,
      openedAt: opened.openedAt,
      firstResponseDueAt: opened.firstResponseDueAt,
      resolutionDueAt: opened.resolutionDueAt,
    });
  });

  it('replays an idempotent write, and refuses the same key with another body (422)', async () => {
    const key = '0b6c9c0e-3c55-4a0b-9f25-8b2a8c7d5e01';
    const body = { identity: { network: 'x', handle: 'erik_berg' }, subject: 'Refund please' } as const;
    const createCase = (json: typeof body | { identity: typeof body.identity; subject: string }) => read(social.v1.cases.$post({ json }, { headers: { 'idempotency-key': key } }));
    const first = await createCase(body);
    const again = await createCase(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const rows = await server.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM cases WHERE handle = 'erik_berg'`);
    expect(rows[0]!.count).toBe(1);
    const other = await createCase({ ...body, subject: 'Something else' });
    expect(other.status).toBe(422);
  });

  it('adds notes, and enforces optimistic concurrency on case changes (409 when stale)', async () => {
    const opened = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'facebook', handle: '100004123456789' }, subject: 'Seat' } }), 201));
    const note = await read(social.v1.cases[':id'].notes.$post({ param: { id: opened.id }, json: { text: 'Asked for the booking reference by DM' } }));
    expect(note.status).toBe(201);
    const patchCase = (as: ApiClient, json: { status?: 'resolved'; assignee?: 'me'; version: number }) => read(as.v1.cases[':id'].$patch({ param: { id: opened.id }, json }));
    const taken = await patchCase(socialColleague, { assignee: 'me', version: opened.version });
    expect(taken.status).toBe(200);
    const takenCase = CaseSchema.parse(taken.json);
    expect(takenCase.assignee?.name).toBe('Dana Berg');
    const stale = await patchCase(social, { status: 'resolved', version: opened.version });
    expect(stale.status).toBe(409);
    expect(ProblemSchema.parse(stale.json).detail).toContain('Dana Berg');
    const resolved = await patchCase(social, { status: 'resolved', version: takenCase.version });
    expect(resolved.status).toBe(200);
    expect(CaseSchema.parse(resolved.json).resolvedAt).not.toBeNull();
  });

  it('security: another team can neither list nor change a case', async () => {
    const opened = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'someone_else' }, subject: 'Delay' } }), 201));
    const listed = await read(refunds.v1.cases.$get({ query: { scope: 'team', status: 'all' } }));
    expect(listed.status).toBe(200);
    expect(listed.status === 200 && listed.json.cases.map((c: { id: string }) => c.id)).not.toContain(opened.id);
    const change = await read(refunds.v1.cases[':id'].$patch({ param: { id: opened.id }, json: { status: 'resolved', version: opened.version } }));
    expect([403, 404]).toContain(change.status);
    const note = await read(refunds.v1.cases[':id'].notes.$post({ param: { id: opened.id }, json: { text: 'sneaky' } }));
    expect([403, 404]).toContain(note.status);
    const stillOpen = await bodyOf(social.v1.cases.$get({ query: { scope: 'team' } }), 200);
    expect(stillOpen.cases.find((c: { id: string }) => c.id === opened.id)!.status).toBe('open');
  });

  it('delivers a handoff with its transcript to the receiving team, once, and lets the sender cancel', async () => {
    const body = { identity: { network: 'x', handle: 'AnnaFlies' }, toTeamId: baggageTeamId, reason: 'Bag missing since Tuesday', preferredChannel: 'x_dm', transcript } as const;
    const headers = { 'idempotency-key': 'c2f1f7a6-54b4-4d8f-8a6e-9f1f1b0f0a11' };
    const sent = await read(social.v1.handoffs.$post({ json: body }, { headers }));
    expect(sent.status).toBe(201);
    const handoff = HandoffSchema.parse(sent.json);
    await read(social.v1.handoffs.$post({ json: body }, { headers }));

    const inbox = HandoffListSchema.parse(await bodyOf(baggage.v1.handoffs.$get({ query: { box: 'inbox' } }), 200));
    const mine = inbox.handoffs.filter((h) => h.id === handoff.id);
    expect(inbox.handoffs).toHaveLength(1);
    expect(mine[0]!.transcript).toEqual(transcript);
    expect(mine[0]!.preferredChannel).toBe('x_dm');
    expect((await bodyOf(refunds.v1.handoffs.$get({ query: { box: 'inbox' } }), 200)).handoffs).toHaveLength(0);
    expect((await bodyOf(social.v1.handoffs.$get({ query: { box: 'sent' } }), 200)).handoffs.map((h: { id: string }) => h.id)).toContain(handoff.id);

    const patch = (as: ApiClient, id: string, status: 'accepted' | 'cancelled') => read(as.v1.handoffs[':id'].$patch({ param: { id }, json: { status } }));
    expect((await patch(refunds, handoff.id, 'accepted')).status).toBe(404);
    expect((await patch(social, handoff.id, 'accepted')).status).toBe(403);
    expect((await patch(social, handoff.id, 'cancelled')).status).toBe(200);
    const second = HandoffSchema.parse(await bodyOf(social.v1.handoffs.$post({ json: { caseId: handoff.caseId, toTeamId: baggageTeamId, transcript } }), 201));
    const accepted = await patch(baggage, second.id, 'accepted');
    expect(HandoffSchema.parse(accepted.json).status).toBe('accepted');
    expect((await patch(social, second.id, 'cancelled')).status).toBe(409);
  });

  it('links and unlinks a handle by loyalty number, audits it, and audits member-card reads', async () => {
    const linked = await read(social.v1.links.$post({ json: { identity: { network: 'x', handle: 'maja_holm' }, loyaltyNumber: 'SK100200303' } }));
    expect(linked.status).toBe(201);
    const wrong = await read(social.v1.links.$post({ json: { identity: { network: 'x', handle: 'maja_holm2' }, loyaltyNumber: 'SK999999999' } }));
    expect(wrong.status).toBe(422);
    const looked = LookupResponseSchema.parse((await lookup(social, [{ network: 'x', handle: 'Maja_Holm' }])).json);
    const memberId = looked.results[0]!.member!.id;
    const card = MemberCardSchema.parse(await bodyOf(social.v1.members[':id'].$get({ param: { id: memberId } }), 200));
    expect(card.links.map((link) => link.identity.handle)).toContain('maja_holm');
    expect((await read(social.v1.links[':id'].$delete({ param: { id: LinkSchema.parse(linked.json).id } }))).status).toBe(204);
    const after = LookupResponseSchema.parse((await lookup(social, [{ network: 'x', handle: 'maja_holm' }])).json);
    expect(after.results[0]!.member).toBeNull();
    const audit = await server.db.query<{ action: string }>('SELECT action FROM audit_log WHERE member_id = $1 ORDER BY id', [memberId]);
    // Lookups are audited too, in batches off the request's path (security.test.ts).
    expect(audit.map((row) => row.action).filter((action) => action !== 'member.lookup')).toEqual(['link.create', 'member.card.read', 'link.delete']);
  });

  it('security: the full loyalty number appears in no response', () => {
    const everything = bodies.join('\n');
    for (const number of FULL_NUMBERS) expect(everything).not.toContain(number);
    expect(bodies.length).toBeGreaterThan(20);
  });

  it('security: allows CORS from extension origins only, exposing Retry-After', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/lookup`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' } });
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://2c127fa4-62c7-7e4f-90e5-472b45eecfdc']) {
      const answer = await preflight(origin);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    }
    for (const origin of ['https://evil.example', 'https://x.com', 'null']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
    const extension = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const actual = await fetch(`${server.url}/v1/me`, { headers: { origin: extension, authorization: `Bearer ${socialToken}` } });
    expect(actual.headers.get('access-control-allow-origin')).toBe(extension);
    expect(actual.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
    expect(actual.headers.get('vary')?.toLowerCase()).toContain('origin');
    // The answer to a lookup and a refusal carry the same headers, so the extension can read them.
    const looked = await lookup(social, [{ network: 'x', handle: 'annaflies' }], { origin: extension });
    expect(looked.status).toBe(200);
    expect(looked.headers.get('access-control-allow-origin')).toBe(extension);
    expect(looked.headers.get('cache-control')).toBe('no-store');
    expect(looked.headers.get('x-content-type-options')).toBe('nosniff');
    const refused = await lookup(client('jw_not-a-token'), [], { origin: extension });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(extension);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const fromWeb = await fetch(`${server.url}/v1/me`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${socialToken}` } });
    expect(fromWeb.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('security: sends hardening headers', async () => {
    const response = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${socialToken}` } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('publishes every route in /openapi.json and a docs page', async () => {
    const document = (await bodyOf(client(null)['openapi.json'].$get(), 200)) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).sort()).toEqual(
      ['/admin/v1/agents', '/admin/v1/agents/revoke', '/admin/v1/agents/{id}/deactivate', '/admin/v1/agents/{id}/password', '/admin/v1/agents/{id}/sign-out', '/admin/v1/backup', '/admin/v1/tiers', '/v1/audit', '/v1/audit/agents', '/admin/v1/members', '/admin/v1/members/erase', '/admin/v1/members/import', '/admin/v1/teams', '/admin/v1/teams/{id}', '/admin/v1/teams/{id}/webhooks', '/admin/v1/teams/{id}/webhooks/{endpointId}', '/admin/v1/teams/{id}/webhooks/{endpointId}/rotate-secret', '/auth/session', '/v1/dashboard', '/v1/cases', '/v1/cases/{id}', '/v1/cases/{id}/notes', '/v1/handoffs', '/v1/handoffs/inbox', '/v1/handoffs/{id}', '/v1/links', '/v1/links/{id}', '/v1/lookup', '/v1/me', '/v1/members/{id}', '/v1/webhooks', '/v1/webhooks/deliveries/{id}/retry', '/v1/webhooks/notices', '/v1/webhooks/{id}', '/v1/webhooks/{id}/rotate-secret'].sort(),
    );
    const docs = await client(null).docs.$get();
    expect(await docs.text()).toContain('/v1/lookup');
    expect((await bodyOf(client(null).healthz.$get(), 200)).status).toBe('ok');
    expect((await raw(socialToken, 'GET', '/v1/nothing-here')).status).toBe(404);
  });
});

describe.each(engines())('limits and allow-lists on %s', (engine) => {
  let server: TestServer;
  const allowed = 'chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh';
  beforeAll(async () => {
    server = await startTestServer(engine, { rateLimitPerMinute: 5, extensionOrigins: [allowed] });
  });
  afterAll(async () => server?.close());

  it('answers 429 with Retry-After once an agent exceeds the limit, other agents unaffected', async () => {
    const agent = server.api(await server.token('Quick Fingers', 'Social Care'));
    const readMe = () => read(agent.v1.me.$get());
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof readMe>> | null = null;
    for (let i = 0; i < 7; i++) {
      const response = await readMe();
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');
    const colleague = server.api(await server.token('Slow Hands', 'Social Care'));
    expect((await colleague.v1.me.$get()).status).toBe(200);
  });

  it('security: with JETWAY_EXTENSION_ORIGINS set, CORS allows only the listed extensions', async () => {
    const preflight = (origin: string) => fetch(`${server.url}/v1/lookup`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight(allowed)).headers.get('access-control-allow-origin')).toBe(allowed);
    expect((await preflight('chrome-extension://zzzzyyyyxxxxwwwwvvvvuuuuttttssss')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe.each(engines())('start-up on %s', (engine) => {
  it('runs one lookup and one token check before the port opens, and writes nothing', async () => {
    const fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    const seen: string[] = [];
    const recording: Database = {
      ...fresh.db,
      query: (sql, params) => {
        seen.push(sql);
        return fresh.db.query(sql, params);
      },
    };
    const server = await startServer({ db: recording, port: 0 });
    try {
      const before = seen.length;
      expect(seen.some((sql) => sql.includes('lookup_identities'))).toBe(true);
      expect(seen.some((sql) => sql.includes('token_hash'))).toBe(true);
      // Read-only: no audit entry, no agent, no idempotency key.
      for (const table of ['audit_log', 'agents', 'idempotency_keys']) {
        expect(await fresh.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 0 }]);
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(seen.length).toBeGreaterThan(before);
    } finally {
      await server.close();
      await fresh.dispose();
    }
  });

  it('still starts when the warm-up lookup fails, and reports it', async () => {
    const fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    const failing: Database = {
      ...fresh.db,
      query: (sql, params) => (sql.includes('lookup_identities') ? Promise.reject(new Error('lookup function missing')) : fresh.db.query(sql, params)),
    };
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } });
    const server = await startServer({ db: failing, port: 0, logger });
    try {
      expect(lines.map((line) => JSON.parse(line) as { msg: string; err: { message: string } })).toContainEqual(
        expect.objectContaining({ msg: 'the lookup warm-up failed', err: expect.objectContaining({ message: 'lookup function missing' }) }),
      );
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
      await fresh.dispose();
    }
  });
});
