import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearOfTimesOfDay } from '../../tests/clock';
import {
  CaseListSchema, ConsoleSessionSchema, CSRF_HEADER, HandoffDetailSchema, HandoffListSchema, HandoffSchema, InboxPageSchema, MeSchema, ProblemSchema,
  SESSION_COOKIE, type Handoff,
} from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const PASSWORD = 'correct horse battery staple';
const MEMBERS = `loyaltyNumber,name,tier,xHandle,preferredChannel
SK800000001,Greta Gold,gold,greta_gold,phone
SK800000002,Pelle Platinum,platinum,pelle_plat,email
SK800000003,Gustav Gold,gold,gustav_gold,sms
`;

const transcriptFor = (handle: string) => [
  { author: `@${handle}`, text: `Hello from ${handle}, my bag is missing`, postedAt: '2026-11-24T08:00:00.000Z', url: `https://x.com/${handle}/status/1` },
  { author: '@airline', text: 'Sorry! DM us the tag number.', postedAt: null, url: null },
];

describe.each(engines())('the handoff inbox on %s', (engine) => {
  let server: TestServer;
  let social: ApiClient;
  let socialAgentId: string;
  let baggageAgent: ApiClient;
  let lead: ApiClient;
  let refunds: ApiClient;
  let teams: Record<'social' | 'baggage' | 'refunds', string>;

  type PatchBody = Parameters<ApiClient['v1']['handoffs'][':id']['$patch']>[0]['json'];
  const handOff = async (handle: string, to = teams.baggage): Promise<Handoff> =>
    HandoffSchema.parse(await bodyOf(social.v1.handoffs.$post({ json: { identity: { network: 'x', handle }, toTeamId: to, reason: `About ${handle}`, transcript: transcriptFor(handle) } }), 201));
  const patch = (as: ApiClient, id: string, json: PatchBody) => read(as.v1.handoffs[':id'].$patch({ param: { id }, json }));
  const changed = async (as: ApiClient, id: string, json: PatchBody) => HandoffSchema.parse(await bodyOf(as.v1.handoffs[':id'].$patch({ param: { id }, json }), 200));
  type InboxFilter = Parameters<ApiClient['v1']['handoffs']['inbox']['$get']>[0]['query'];
  const page = async (as: ApiClient, query: InboxFilter = {}) => InboxPageSchema.parse(await bodyOf(as.v1.handoffs.inbox.$get({ query }), 200));
  const detail = async (as: ApiClient, id: string) => HandoffDetailSchema.parse(await bodyOf(as.v1.handoffs[':id'].$get({ param: { id } }), 200));
  /** Sets when a handoff is due, as if it had arrived at another time. */
  const dueAt = (id: string, firstResponse: Date, resolution: Date) =>
    server.db.query('UPDATE handoffs SET first_response_due_at = $2, due_at = $3 WHERE id = $1', [id, firstResponse, resolution]);

  // Open cases are ordered by their nearer deadline, the teams' sundown (midnight UTC) among them: the day must not turn in this file.
  beforeAll(() => clearOfTimesOfDay('UTC', ['24:00'], 5 * 60_000), 6 * 60_000);
  beforeAll(async () => {
    server = await startTestServer(engine);
    const ana = await server.account({ name: 'Ana Agent', team: 'Social Care' });
    socialAgentId = ana.agentId;
    social = server.api(ana.token);
    baggageAgent = server.api(await server.token('Ola Agent', 'Baggage'));
    refunds = server.api(await server.token('Rita Refunds', 'Refunds'));
    await server.account({ name: 'Bo Lind', team: 'Baggage', email: 'lead@baggage.example', role: 'lead', password: PASSWORD });
    const signedIn = await read(server.api(null).auth.session.$post({ json: { email: 'lead@baggage.example', password: PASSWORD } }));
    const session = ConsoleSessionSchema.parse(signedIn.json);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    lead = server.api(null, { headers: { cookie, [CSRF_HEADER]: session.csrfToken } });
    await importMembers(server.db, MEMBERS);
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    const target = (name: string) => me.handoffTargets.find((team) => team.name === name)!.id;
    teams = { social: me.team.id, baggage: target('Baggage'), refunds: target('Refunds') };
  });
  afterAll(async () => server?.close());

  it('lists what is due first on top: the first response of a sent handoff, the sundown of an accepted one', async () => {
    const later = await handOff('greta_gold');
    const soon = await handOff('pelle_plat');
    const accepted = await handOff('not_a_member');
    await changed(baggageAgent, accepted.id, { action: 'accept', version: accepted.version });
    const base = Date.now();
    await dueAt(later.id, new Date(base + 30 * 60_000), new Date(base + 5 * 60_000));
    await dueAt(soon.id, new Date(base + 10 * 60_000), new Date(base + 60 * 60_000));
    await dueAt(accepted.id, new Date(base + 1 * 60_000), new Date(base + 20 * 60_000));

    for (const as of [baggageAgent, lead]) {
      const inbox = await page(as);
      expect(inbox.handoffs.map((h) => h.id)).toEqual([soon.id, accepted.id, later.id]);
      const first = inbox.handoffs[0]!;
      expect(first.customer).toEqual({ memberId: expect.any(String), displayName: 'Pelle Platinum', tierId: 'platinum' });
      expect(first.snippet).toBe('Hello from pelle_plat, my bag is missing');
      expect(first.messageCount).toBe(2);
      expect(first.preferredChannel).toBe('email');
      expect(first).not.toHaveProperty('transcript');
      expect(inbox.handoffs[1]!.customer).toBeNull();
      expect(inbox.handoffs[1]!.acceptedBy?.name).toBe('Ola Agent');
      expect(inbox.counts).toEqual({ sent: 2, accepted: 1, resolved: 0, sent_back: 0, cancelled: 0 });
      expect(inbox.nextCursor).toBeNull();
    }
  });

  it('filters by status, tier, sending team, age and handle or name, counting per status with the other filters', async () => {
    const gustav = await handOff('gustav_gold');
    await server.db.query(`UPDATE handoffs SET arrived_at = now() - interval '2 hours' WHERE id = $1`, [gustav.id]);
    const ids = async (query: InboxFilter) => (await page(baggageAgent, query)).handoffs.map((h) => h.identity.handle).sort();
    expect(await ids({ status: 'accepted' })).toEqual(['not_a_member']);
    expect(await ids({ status: 'sent' })).toEqual(['greta_gold', 'gustav_gold', 'pelle_plat']);
    expect(await ids({ tier: 'gold' })).toEqual(['greta_gold', 'gustav_gold']);
    expect(await ids({ fromTeamId: teams.social })).toHaveLength(4);
    expect(await ids({ fromTeamId: teams.refunds })).toEqual([]);
    expect(await ids({ olderThanMinutes: '60' })).toEqual(['gustav_gold']);
    expect(await ids({ q: '@PELLE' })).toEqual(['pelle_plat']);
    expect(await ids({ q: 'gold' })).toEqual(['greta_gold', 'gustav_gold']);
    expect(await ids({ q: 'Greta' })).toEqual(['greta_gold']);
    expect(await ids({ q: '%' })).toEqual([]);
    const gold = await page(baggageAgent, { tier: 'gold', status: 'accepted' });
    expect(gold.handoffs).toEqual([]);
    expect(gold.counts).toEqual({ sent: 2, accepted: 0, resolved: 0, sent_back: 0, cancelled: 0 });
  });

  it('pages through the inbox with an opaque cursor, each handoff once', async () => {
    const all = (await page(baggageAgent, { status: 'all' })).handoffs.map((h) => h.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next: Awaited<ReturnType<typeof page>> = await page(baggageAgent, { status: 'all', limit: '1', ...(cursor ? { cursor } : {}) });
      expect(next.handoffs.length).toBeLessThanOrEqual(1);
      seen.push(...next.handoffs.map((h) => h.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await read(baggageAgent.v1.handoffs.inbox.$get({ query: { cursor: 'not-a-cursor' } }));
    expect(bad.status).toBe(400);
  });

  it('security: shows a team only its own inbox', async () => {
    expect((await page(refunds, { status: 'all' })).handoffs).toEqual([]);
    expect((await page(social, { status: 'all' })).handoffs).toEqual([]);
  });

  it('shows the whole handoff to the sending and the receiving team, audits every read, and is 404 to a third team', async () => {
    const sent = await handOff('greta_gold');
    const auditRows = async () =>
      (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'handoff.transcript.read' AND detail->>'handoffId' = $1`, [sent.id]))[0]!.n;
    for (const as of [social, baggageAgent, lead]) {
      const read = await detail(as, sent.id);
      expect(read.handoff.transcript).toEqual(transcriptFor('greta_gold'));
      expect(read.member?.displayName).toBe('Greta Gold');
      expect(read.member?.loyaltyNumberMasked).toBe('•••• 0001');
      expect(read.handoff.history.map((event) => [event.action, event.by.name, event.team.name, event.toTeam?.name])).toEqual([
        ['created', 'Ana Agent', 'Social Care', 'Baggage'],
      ]);
    }
    expect(await auditRows()).toBe(3);
    const third = await read(refunds.v1.handoffs[':id'].$get({ param: { id: sent.id } }));
    expect(third.status).toBe(404);
    expect(third.text).not.toContain('greta_gold');
    expect(await auditRows()).toBe(3);
    const [entry] = await server.db.query<{ member_id: string | null; handle: string }>(
      `SELECT member_id, handle FROM audit_log WHERE action = 'handoff.transcript.read' AND detail->>'handoffId' = $1 LIMIT 1`,
      [sent.id],
    );
    expect(entry).toEqual({ member_id: (await detail(social, sent.id)).member!.id, handle: 'greta_gold' });
  });

  it('accepts and resolves with who and when, in the history; a stale version is a 409', async () => {
    const sent = await handOff('pelle_plat');
    const accepted = await changed(lead, sent.id, { action: 'accept', version: sent.version });
    expect(accepted.status).toBe('accepted');
    expect(accepted.acceptedBy?.name).toBe('Bo Lind');
    expect(Date.now() - Date.parse(accepted.acceptedAt!)).toBeLessThan(60_000);
    const stale = await patch(baggageAgent, sent.id, { action: 'resolve', version: sent.version, outcome: 'Bag delivered' });
    expect(stale.status).toBe(409);
    expect(ProblemSchema.parse(stale.json).detail).toBe('Someone else changed this handoff; reload to see the change.');
    const resolved = await changed(baggageAgent, sent.id, { action: 'resolve', version: accepted.version, outcome: 'Bag delivered to the hotel' });
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'Bag delivered to the hotel', resolvedBy: { name: 'Ola Agent' } });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.history.map((event) => [event.action, event.by.name, event.team.name, event.note])).toEqual([
      ['created', 'Ana Agent', 'Social Care', 'About pelle_plat'],
      ['accepted', 'Bo Lind', 'Baggage', null],
      ['resolved', 'Ola Agent', 'Baggage', 'Bag delivered to the hotel'],
    ]);
    expect((await patch(baggageAgent, sent.id, { action: 'accept', version: resolved.version })).status).toBe(409);
    const sender = HandoffListSchema.parse(await bodyOf(social.v1.handoffs.$get({ query: { box: 'sent' } }), 200));
    expect(sender.handoffs.find((h) => h.id === sent.id)?.history).toHaveLength(3);
  });

  it('sends back: the case reopens, assigned to the agent who handed it off and first in their open cases', async () => {
    const other = CaseListSchema.parse(await bodyOf(social.v1.cases.$get({ query: { scope: 'mine' } }), 200)).cases;
    expect(other.length).toBeGreaterThan(0);
    const sent = await handOff('gustav_gold');
    await server.db.query(`UPDATE cases SET status = 'resolved', resolved_at = now(), assignee_id = NULL WHERE id = $1`, [sent.caseId]);
    expect((await patch(social, sent.id, { action: 'send_back', version: sent.version, reason: 'x' })).status).toBe(403);
    const back = await changed(baggageAgent, sent.id, { action: 'send_back', version: sent.version, reason: 'Not a baggage matter: it is a refund' });
    expect(back).toMatchObject({ status: 'sent_back', sentBackReason: 'Not a baggage matter: it is a refund' });
    expect(back.history.at(-1)).toMatchObject({ action: 'sent_back', by: { name: 'Ola Agent' }, note: 'Not a baggage matter: it is a refund' });
    const mine = CaseListSchema.parse(await bodyOf(social.v1.cases.$get({ query: { scope: 'mine' } }), 200)).cases;
    expect(mine[0]!.id).toBe(sent.caseId);
    expect(mine[0]).toMatchObject({ status: 'open', assignee: { id: socialAgentId, name: 'Ana Agent' }, resolvedAt: null });
    const sentBox = HandoffListSchema.parse(await bodyOf(social.v1.handoffs.$get({ query: { box: 'sent' } }), 200));
    expect(sentBox.handoffs.find((h) => h.id === sent.id)).toMatchObject({ status: 'sent_back', sentBackReason: 'Not a baggage matter: it is a refund' });
    expect((await page(baggageAgent, { status: 'sent_back' })).handoffs.map((h) => h.id)).toContain(sent.id);
    expect((await patch(baggageAgent, sent.id, { action: 'accept', version: back.version })).status).toBe(409);
  });

  it("reassigns to another team: sent again, due by that team's deadlines, gone from the first inbox", async () => {
    await server.db.query(`UPDATE teams SET first_response_minutes = 45 WHERE id = $1`, [teams.refunds]);
    const sent = await handOff('nomember_two');
    const accepted = await changed(baggageAgent, sent.id, { action: 'accept', version: sent.version });
    const same = await patch(baggageAgent, sent.id, { action: 'reassign', version: accepted.version, toTeamId: teams.baggage, reason: 'x' });
    expect(same.status).toBe(422);
    const before = Date.now();
    const moved = await changed(lead, sent.id, { action: 'reassign', version: accepted.version, toTeamId: teams.refunds, reason: 'Refund, not baggage' });
    expect(moved).toMatchObject({ status: 'sent', toTeam: { id: teams.refunds, name: 'Refunds' }, acceptedBy: null, acceptedAt: null });
    const firstResponse = Date.parse(moved.firstResponseDueAt) - before;
    expect(firstResponse).toBeGreaterThan(44 * 60_000);
    expect(firstResponse).toBeLessThan(46 * 60_000);
    expect(moved.history.at(-1)).toMatchObject({ action: 'reassigned', by: { name: 'Bo Lind' }, team: { name: 'Baggage' }, toTeam: { name: 'Refunds' }, note: 'Refund, not baggage' });
    expect((await page(baggageAgent, { status: 'all' })).handoffs.map((h) => h.id)).not.toContain(sent.id);
    expect((await page(refunds)).handoffs.map((h) => h.id)).toEqual([sent.id]);
    expect((await page(refunds)).counts).toEqual({ sent: 1, accepted: 0, resolved: 0, sent_back: 0, cancelled: 0 });
    expect((await read(baggageAgent.v1.handoffs[':id'].$get({ param: { id: sent.id } }))).status).toBe(404);
    expect((await detail(social, sent.id)).handoff.toTeam.name).toBe('Refunds');
    expect((await changed(refunds, sent.id, { action: 'accept', version: moved.version })).acceptedBy?.name).toBe('Rita Refunds');
  });

  it('lets only the sender cancel, while it is still sent, with the legacy and the action form', async () => {
    const first = await handOff('cancel_me');
    expect((await patch(baggageAgent, first.id, { action: 'cancel' })).status).toBe(403);
    const cancelled = await changed(social, first.id, { action: 'cancel', version: first.version });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({ action: 'cancelled', by: { name: 'Ana Agent' }, team: { name: 'Social Care' } });
    const second = await handOff('cancel_me_too');
    expect((await changed(social, second.id, { status: 'cancelled' })).status).toBe('cancelled');
    expect((await page(baggageAgent, { status: 'cancelled' })).handoffs.map((h) => h.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('keeps the counts it shows without filters equal to a recount of every handoff', async () => {
    const kept = await server.db.query<{ team_id: string; status: string; n: number }>('SELECT team_id, status, n FROM handoff_counts WHERE n <> 0 ORDER BY 1, 2');
    const recount = await server.db.query<{ team_id: string; status: string; n: number }>(
      'SELECT to_team_id AS team_id, status, count(*)::int AS n FROM handoffs GROUP BY 1, 2 ORDER BY 1, 2',
    );
    expect(kept).toEqual(recount);
    expect((await page(baggageAgent)).counts).toEqual((await page(baggageAgent, { fromTeamId: teams.social })).counts);
  });
});
