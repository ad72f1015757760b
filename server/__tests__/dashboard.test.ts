import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearOfTimesOfDay } from '../../tests/clock';
import { DashboardSchema, HandoffSchema, MeSchema } from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const MEMBERS = `loyaltyNumber,name,tier,xHandle
SK900000001,Greta Gold,gold,greta_gold
SK900000002,Pelle Platinum,platinum,pelle_plat
`;
const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe.each(engines())('the dashboard on %s', (engine) => {
  let server: TestServer;
  let ana: { agentId: string; token: string };
  let leo: { agentId: string; token: string };
  let lead: ApiClient;
  let agent: ApiClient;
  let admin: ApiClient;
  let teams: Record<'social' | 'baggage' | 'refunds', string>;

  type DashboardQuery = Parameters<ApiClient['v1']['dashboard']['$get']>[0]['query'];
  const dashboardOf = async (as: ApiClient, query: DashboardQuery) => DashboardSchema.parse(await bodyOf(as.v1.dashboard.$get({ query }), 200));

  /** A case of a team as it stands, with every time given. */
  const insertCase = async (c: {
    team?: string; handle: string; opened: Date; responded?: Date | null; resolved?: Date | null; sundown?: Date; assignee?: string | null;
  }) => {
    await server.db.query(
      `INSERT INTO cases (team_id, network, handle, member_id, subject, status, assignee_id, opened_at, first_response_due_at,
                          first_responded_at, resolution_due_at, resolved_at)
       VALUES ($1, 'x', $2, (SELECT member_id FROM member_identities WHERE network = 'x' AND handle = $2), 'Fixture', $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.team ?? teams.social,
        c.handle,
        c.resolved ? 'resolved' : 'open',
        c.assignee ?? null,
        c.opened,
        new Date(c.opened.getTime() + 15 * MINUTE),
        c.responded ?? null,
        c.sundown ?? new Date(c.opened.getTime() + 12 * 60 * MINUTE),
        c.resolved ?? null,
      ],
    );
  };

  // Counts of "today" and sundowns are read back after they were written: the day must not turn in between.
  beforeAll(() => clearOfTimesOfDay('Europe/Stockholm', ['24:00'], 5 * MINUTE), 6 * MINUTE);
  beforeAll(async () => {
    server = await startTestServer(engine);
    ana = await server.account({ name: 'Ana Agent', team: 'Social Care' });
    leo = await server.account({ name: 'Leo Lead', team: 'Social Care', role: 'lead' });
    const gone = await server.account({ name: 'Gone Agent', team: 'Social Care' });
    await server.db.query('UPDATE agents SET disabled_at = now() WHERE id = $1', [gone.agentId]);
    lead = server.api(leo.token);
    agent = server.api(ana.token);
    admin = server.api((await server.account({ name: 'Ada Admin', team: 'Operations', role: 'admin' })).token);
    await server.token('Ola Agent', 'Baggage');
    await server.token('Rita Refunds', 'Refunds');
    await importMembers(server.db, MEMBERS);
    const me = MeSchema.parse(await bodyOf(agent.v1.me.$get(), 200));
    const target = (name: string) => me.handoffTargets.find((team) => team.name === name)!.id;
    teams = { social: me.team.id, baggage: target('Baggage'), refunds: target('Refunds') };
    // Stockholm is UTC+1 in November: the period's days and the hours are Stockholm's.
    await server.db.query(`UPDATE teams SET time_zone = 'Europe/Stockholm' WHERE id = $1`, [teams.social]);
  });
  afterAll(async () => server?.close());

  it('counts a custom period in the team’s time zone, against hand-computed figures', async () => {
    const now = Date.now();
    // 08:00–09:00 Stockholm on 2 November: answered after 5, 20 and 10 minutes, one never (overdue).
    await insertCase({ handle: 'greta_gold', opened: at('2026-11-02T07:00:00Z'), responded: at('2026-11-02T07:05:00Z'), resolved: at('2026-11-02T08:00:00Z') });
    await insertCase({ handle: 'greta_gold', opened: at('2026-11-02T07:10:00Z'), responded: at('2026-11-02T07:30:00Z'), assignee: ana.agentId, sundown: new Date(now + 30 * MINUTE) });
    await insertCase({ handle: 'anon_one', opened: at('2026-11-02T07:20:00Z'), assignee: ana.agentId, sundown: new Date(now - 60 * MINUTE) });
    await insertCase({ handle: 'pelle_plat', opened: at('2026-11-02T07:30:00Z'), responded: at('2026-11-02T07:40:00Z'), assignee: leo.agentId, sundown: new Date(now + 5 * 60 * MINUTE) });
    // 14:00 Stockholm on 3 November: answered after 3 minutes.
    await insertCase({ handle: 'anon_two', opened: at('2026-11-03T13:00:00Z'), responded: at('2026-11-03T13:03:00Z'), resolved: at('2026-11-03T15:00:00Z'), assignee: ana.agentId });
    // 00:30 Stockholm on 2 November (still 1 November in UTC): in the period, never answered.
    await insertCase({ handle: 'anon_one', opened: at('2026-11-01T23:30:00Z'), sundown: new Date(now - 2 * 24 * 60 * MINUTE) });
    // Outside the period: 23:30 Stockholm on 1 November, and 00:30 on 4 November (resolved on the 3rd, Stockholm time).
    await insertCase({ handle: 'anon_three', opened: at('2026-11-01T22:30:00Z'), assignee: ana.agentId, sundown: new Date(now + 2 * 60 * MINUTE) });
    await insertCase({ handle: 'anon_four', opened: at('2026-11-01T12:00:00Z'), resolved: at('2026-11-03T22:00:00Z'), assignee: ana.agentId });
    // Resolved today by Ana; another team's open case past sundown.
    await insertCase({ handle: 'anon_five', opened: new Date(now - 2_000), responded: new Date(now - 1_000), resolved: new Date(now), assignee: ana.agentId });
    await insertCase({ team: teams.baggage, handle: 'anon_six', opened: at('2026-11-02T07:00:00Z'), sundown: new Date(now - MINUTE) });

    for (const as of [lead, admin]) {
      const board = await dashboardOf(as, { period: 'custom', from: '2026-11-02', to: '2026-11-03', ...(as === admin ? { teamId: teams.social } : {}) });
      expect(board.team).toEqual({ id: teams.social, name: 'Social Care', timeZone: 'Europe/Stockholm', firstResponseMinutes: 15 });
      expect(board.period).toEqual({ name: 'custom', from: '2026-11-01T23:00:00.000Z', to: '2026-11-03T23:00:00.000Z' });
      expect(board.firstResponse).toHaveLength(24);
      const hours = board.firstResponse.filter((hour) => hour.opened > 0);
      expect(hours).toEqual([
        { hour: 0, opened: 1, responded: 0, p50Minutes: null, p90Minutes: null, metPercent: 0 },
        // p90 of 5, 10, 20 minutes: 10 + 0.8 × (20 − 10).
        { hour: 8, opened: 4, responded: 3, p50Minutes: 10, p90Minutes: 18, metPercent: 50 },
        { hour: 14, opened: 1, responded: 1, p50Minutes: 3, p90Minutes: 3, metPercent: 100 },
      ]);
      expect(board.cases).toEqual({ opened: 6, resolved: 3, open: 5, atRisk: 1, pastSundown: 2 });
      expect(board.tiers).toEqual([
        { tierId: 'platinum', customers: 1 },
        { tierId: 'gold', customers: 1 },
        { tierId: null, customers: 2 },
      ]);
      expect(board.agents).toEqual([
        { agent: { id: ana.agentId, name: 'Ana Agent' }, openCases: 3, handledToday: 1 },
        { agent: { id: leo.agentId, name: 'Leo Lead' }, openCases: 1, handledToday: 0 },
      ]);
      expect(board.handoffs).toEqual([]);
    }
  });

  it('shows the handoffs made through the API by receiving team and status, with the median time to accept', async () => {
    const transcript = (handle: string) => [{ author: `@${handle}`, text: 'My bag is missing', postedAt: '2026-11-24T08:00:00.000Z', url: null }];
    const handOff = async (handle: string, toTeamId: string) =>
      HandoffSchema.parse(await bodyOf(agent.v1.handoffs.$post({ json: { identity: { network: 'x', handle }, toTeamId, reason: 'Bag', transcript: transcript(handle) } }), 201));
    const first = await handOff('bag_one', teams.baggage);
    const second = await handOff('bag_two', teams.baggage);
    await handOff('bag_three', teams.baggage);
    await handOff('refund_one', teams.refunds);
    const baggage = server.api(await server.token('Bea Baggage', 'Baggage'));
    for (const handoff of [first, second]) {
      expect((await read(baggage.v1.handoffs[':id'].$patch({ param: { id: handoff.id }, json: { action: 'accept', version: handoff.version } }))).status).toBe(200);
    }
    // Accepted 12 and 20 minutes after arriving: the median is 16.
    await server.db.query(`UPDATE handoffs SET arrived_at = accepted_at - interval '12 minutes' WHERE id = $1`, [first.id]);
    await server.db.query(`UPDATE handoffs SET arrived_at = accepted_at - interval '20 minutes' WHERE id = $1`, [second.id]);

    const board = await dashboardOf(lead, { period: 'today' });
    expect(board.handoffs).toEqual([
      { team: { id: teams.baggage, name: 'Baggage' }, sent: 1, accepted: 2, resolved: 0, sentBack: 0, cancelled: 0, total: 3, medianAcceptMinutes: 16 },
      { team: { id: teams.refunds, name: 'Refunds' }, sent: 1, accepted: 0, resolved: 0, sentBack: 0, cancelled: 0, total: 1, medianAcceptMinutes: null },
    ]);
    expect(board.cases.opened).toBe(5);
    expect((await dashboardOf(lead, { period: '7d' })).handoffs.map((row) => row.total)).toEqual([3, 1]);
    expect((await dashboardOf(lead, { period: 'custom', from: '2026-11-02', to: '2026-11-03' })).handoffs).toEqual([]);
  });

  it('security: an agent has no dashboard, and a lead sees only their own team', async () => {
    expect((await read(agent.v1.dashboard.$get({ query: {} }))).status).toBe(403);
    expect((await read(lead.v1.dashboard.$get({ query: { teamId: teams.baggage } }))).status).toBe(403);
    expect((await read(server.api(null).v1.dashboard.$get({ query: {} }))).status).toBe(401);
    const other = await dashboardOf(admin, { period: '30d', teamId: teams.baggage });
    expect(other.team.name).toBe('Baggage');
    expect(other.cases.pastSundown).toBe(1);
    expect((await read(admin.v1.dashboard.$get({ query: { teamId: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
  });

  it('refuses a custom period without its days, backwards or longer than 92 days', async () => {
    for (const query of [{ period: 'custom' as const, from: '2026-11-02' }, { period: 'custom' as const, from: '2026-11-03', to: '2026-11-02' }, { period: 'custom' as const, from: '2026-08-02', to: '2026-11-02' }]) {
      expect((await read(lead.v1.dashboard.$get({ query }))).status).toBe(422);
    }
    expect((await read(lead.v1.dashboard.$get({ query: { period: 'custom', from: 'yesterday', to: '2026-11-02' } }))).status).toBe(400);
    // 92 days, both ends included: the longest custom period.
    expect((await read(lead.v1.dashboard.$get({ query: { period: 'custom', from: '2026-08-03', to: '2026-11-02' } }))).status).toBe(200);
  });
});
