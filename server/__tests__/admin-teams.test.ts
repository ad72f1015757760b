import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema, CSRF_HEADER, HandoffSchema, MeSchema, ProblemSchema, TeamSettingsListSchema, TeamSettingsSchema, type Ref } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';
const DEFAULT_DEADLINES = { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' };
const TRANSCRIPT = [{ author: '@frequent_flyer', text: 'Still no bag after two days', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' }];

/** The names of teams, as the admin API and /v1/me list them. */
const names = (teams: readonly Ref[]) => teams.map((team) => team.name);

describe.each(engines())('the admin Teams API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let agentToken: string;
  let socialToken: string;
  let bagId: string;
  let socialId: string;
  const teamIds: Record<string, string> = {};
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const signIn = async (email: string) => {
    const response = await call('POST', '/auth/session', {}, { email, password: PASSWORD });
    expect(response.status).toBe(200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  };
  const byKey = { authorization: `Bearer ${ADMIN_KEY}` };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const listTeams = async () => TeamSettingsListSchema.parse(await (await call('GET', '/admin/v1/teams', byKey)).json()).teams;
  const targetsOf = async (teamName: string) => names((await listTeams()).find((team) => team.name === teamName)!.handoffTargets);
  const meOf = async (token: string) => MeSchema.parse(await (await call('GET', '/v1/me', bearer(token))).json());
  const handOff = (token: string, toTeamId: string, handle = 'frequent_flyer') =>
    call('POST', '/v1/handoffs', bearer(token), { identity: { network: 'x', handle }, toTeamId, reason: 'Bag missing', transcript: TRANSCRIPT });

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    const admin = await createAgent(fresh.db, { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: PASSWORD });
    await createAgent(fresh.db, { name: 'Lee Lead', team: 'Ops', email: 'lee@ops.example', role: 'lead', password: PASSWORD });
    const bag = await createAgent(fresh.db, { name: 'Bo Baggage', team: 'Baggage' });
    const social = await createAgent(fresh.db, { name: 'Sam Social', team: 'Social Care' });
    const refunds = await createAgent(fresh.db, { name: 'Rita Refunds', team: 'Refunds' });
    agentToken = bag.token;
    socialToken = social.token;
    bagId = bag.teamId;
    socialId = social.teamId;
    Object.assign(teamIds, { Ops: admin.teamId, Baggage: bag.teamId, 'Social Care': social.teamId, Refunds: refunds.teamId });
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('lists the teams with their settings and changes a team’s; the team’s agents get the new deadlines at once', async () => {
    const listed = await listTeams();
    expect(listed.map(({ name, deadlines }) => ({ name, deadlines }))).toEqual(
      ['Baggage', 'Ops', 'Refunds', 'Social Care'].map((name) => ({ name, deadlines: DEFAULT_DEADLINES })),
    );
    expect(listed[0]!.id).toBe(bagId);
    const admin = await signIn('ada@ops.example');
    const deadlines = { timeZone: 'Europe/Stockholm', firstResponseMinutes: 10, dayEndsAt: '17:00' };
    const changed = await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf }, { deadlines });
    expect(changed.status).toBe(200);
    expect(TeamSettingsSchema.parse(await changed.json())).toMatchObject({ id: bagId, name: 'Baggage', deadlines });
    const me = await meOf(agentToken);
    expect(me.team.deadlines).toEqual(deadlines);
  });

  it('gives every team every other team as a handoff target by default, ids and names, and /v1/me the same', async () => {
    for (const team of await listTeams()) {
      const others = Object.entries(teamIds).filter(([name]) => name !== team.name);
      expect(team.handoffTargets, team.name).toEqual(others.map(([name, id]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)));
    }
    expect(names((await meOf(socialToken)).handoffTargets)).toEqual(['Baggage', 'Ops', 'Refunds']);
  });

  it('narrows a team’s targets, audited: its agents see only those, and a handoff or a reassign elsewhere is refused with handoff_not_target', async () => {
    const admin = await signIn('ada@ops.example');
    const session = { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf };
    const narrowed = await call('PATCH', `/admin/v1/teams/${socialId}`, session, { handoffTargetIds: [teamIds.Baggage, teamIds.Baggage] });
    expect(narrowed.status).toBe(200);
    const team = TeamSettingsSchema.parse(await narrowed.json());
    expect(team.handoffTargets).toEqual([{ id: teamIds.Baggage, name: 'Baggage' }]);
    // The deadlines are left as they were when only the targets are sent.
    expect(team.deadlines).toEqual(DEFAULT_DEADLINES);
    expect(names((await meOf(socialToken)).handoffTargets)).toEqual(['Baggage']);

    const refused = await handOff(socialToken, teamIds.Refunds!);
    expect(refused.status).toBe(422);
    const problem = ProblemSchema.parse(await refused.json());
    expect(problem.code).toBe('handoff_not_target');
    expect(problem.errors?.map((error) => error.path)).toEqual(['toTeamId']);
    const sent = await handOff(socialToken, teamIds.Baggage!);
    expect(sent.status).toBe(201);
    const handoff = HandoffSchema.parse(await sent.json());

    // Baggage passes it on only to its own targets: narrowed to Ops, Refunds is refused.
    expect((await call('PATCH', `/admin/v1/teams/${bagId}`, byKey, { handoffTargetIds: [teamIds.Ops] })).status).toBe(200);
    const reassign = (toTeamId: string) => call('PATCH', `/v1/handoffs/${handoff.id}`, bearer(agentToken), { action: 'reassign', version: handoff.version, toTeamId, reason: 'Lounge matter' });
    const notTarget = await reassign(teamIds.Refunds!);
    expect(notTarget.status).toBe(422);
    expect(ProblemSchema.parse(await notTarget.json()).code).toBe('handoff_not_target');
    expect((await reassign(teamIds.Ops!)).status).toBe(200);

    const audit = AuditPageSchema.parse(await (await call('GET', '/v1/audit?action=team.change', { cookie: admin.cookie })).json());
    const social = audit.entries.find((entry) => entry.detail.teamId === socialId)!;
    expect(social).toMatchObject({
      agent: { name: 'Ada Admin' },
      detail: { teamName: 'Social Care', before: { handoffTargets: ['Baggage', 'Ops', 'Refunds'] }, after: { handoffTargets: ['Baggage'] } },
    });
    expect(audit.entries.find((entry) => entry.detail.teamId === bagId && entry.agent === null)).toMatchObject({ detail: { after: { handoffTargets: ['Ops'] } } });
  });

  it('makes a new team a target of every team, narrowed ones too, and gives it every team as its targets', async () => {
    const lounges = await createAgent(fresh.db, { name: 'Lo Lounge', team: 'Lounges' });
    expect(await targetsOf('Social Care')).toEqual(['Baggage', 'Lounges']);
    expect(await targetsOf('Refunds')).toEqual(['Baggage', 'Lounges', 'Ops', 'Social Care']);
    expect(names((await meOf(lounges.token)).handoffTargets)).toEqual(['Baggage', 'Ops', 'Refunds', 'Social Care']);
    teamIds.Lounges = lounges.teamId;
  });

  it('makes two teams created at the same moment each other’s targets', async () => {
    await Promise.all(['Cargo', 'Charter'].map((team, index) => createAgent(fresh.db, { name: `Agent ${index}`, team })));
    expect(await targetsOf('Cargo')).toContain('Charter');
    expect(await targetsOf('Charter')).toContain('Cargo');
    expect(await targetsOf('Social Care')).toEqual(['Baggage', 'Cargo', 'Charter', 'Lounges']);
  });

  it('refuses the team itself, an unknown team, an id that is none and an empty change, field by field; nothing changes', async () => {
    const before = await targetsOf('Refunds');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [handoffTargetIds, status, code, path] of [
      [[teamIds.Baggage, teamIds.Refunds], 422, 'handoff_own_team', 'handoffTargetIds.1'],
      [[unknown, teamIds.Baggage], 422, 'team_not_found', 'handoffTargetIds.0'],
      [['not-a-team'], 400, 'invalid_field', 'handoffTargetIds.0'],
    ] as const) {
      const response = await call('PATCH', `/admin/v1/teams/${teamIds.Refunds}`, byKey, { handoffTargetIds });
      expect(response.status).toBe(status);
      const problem = ProblemSchema.parse(await response.json());
      expect(problem.code).toBe(code);
      expect(problem.errors?.map((error) => error.path)).toEqual([path]);
    }
    expect((await call('PATCH', `/admin/v1/teams/${teamIds.Refunds}`, byKey, {})).status).toBe(400);
    expect(await targetsOf('Refunds')).toEqual(before);
    // None at all is a choice: the team hands off to no one.
    expect((await call('PATCH', `/admin/v1/teams/${teamIds.Lounges}`, byKey, { handoffTargetIds: [] })).status).toBe(200);
    expect((await meOf((await createAgent(fresh.db, { name: 'Lu Lounge', team: 'Lounges' })).token)).handoffTargets).toEqual([]);
  });

  it('refuses an unknown time zone, a zero target and a time that is not one, field by field', async () => {
    for (const [deadlines, path] of [
      [{ timeZone: 'Mars/Olympus_Mons', firstResponseMinutes: 15, dayEndsAt: '24:00' }, 'deadlines.timeZone'],
      [{ timeZone: 'UTC', firstResponseMinutes: 0, dayEndsAt: '24:00' }, 'deadlines.firstResponseMinutes'],
      [{ timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '25:00' }, 'deadlines.dayEndsAt'],
    ] as const) {
      const response = await call('PATCH', `/admin/v1/teams/${bagId}`, byKey, { deadlines });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual([path]);
    }
    expect((await call('PATCH', '/admin/v1/teams/00000000-0000-4000-8000-000000000000', byKey, { deadlines: DEFAULT_DEADLINES })).status).toBe(404);
  });

  it('security: a lead’s session, an admin session without CSRF and an agent token cannot change a team’s settings or targets', async () => {
    const before = await targetsOf('Baggage');
    const lead = await signIn('lee@ops.example');
    const admin = await signIn('ada@ops.example');
    for (const body of [{ deadlines: { timeZone: 'UTC', firstResponseMinutes: 1, dayEndsAt: '01:00' } }, { handoffTargetIds: [teamIds.Refunds] }]) {
      expect((await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: lead.cookie, [CSRF_HEADER]: lead.csrf }, body)).status).toBe(403);
      expect((await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: admin.cookie }, body)).status).toBe(403);
      expect((await call('PATCH', `/admin/v1/teams/${bagId}`, bearer(agentToken), body)).status).toBe(401);
      expect((await call('PATCH', `/admin/v1/teams/${bagId}`, {}, body)).status).toBe(401);
    }
    expect((await call('GET', '/admin/v1/teams', { cookie: lead.cookie })).status).toBe(403);
    expect((await call('GET', '/admin/v1/teams', {})).status).toBe(401);
    const [row] = await fresh.db.query<{ first_response_minutes: number }>('SELECT first_response_minutes FROM teams WHERE id = $1', [bagId]);
    expect(row!.first_response_minutes).toBe(10);
    expect(await targetsOf('Baggage')).toEqual(before);
  });
});

describe.each(engines())('migration 15 on %s', (engine) => {
  it('gives every team that existed before it every other team as a handoff target', async () => {
    const fresh = await freshDatabase(engine);
    try {
      await migrate(fresh.db);
      // As a database looked before version 15: teams, and no targets table.
      await fresh.db.query('DROP TABLE team_handoff_targets');
      await fresh.db.query('DELETE FROM schema_migrations WHERE version = 15');
      await fresh.db.query("INSERT INTO teams (name) VALUES ('Baggage'), ('Refunds'), ('Social Care')");
      expect(await migrate(fresh.db)).toEqual([15]);
      const pairs = await fresh.db.query<{ team: string; target: string }>(
        `SELECT t.name AS team, target.name AS target FROM team_handoff_targets h
           JOIN teams t ON t.id = h.team_id JOIN teams target ON target.id = h.target_team_id ORDER BY 1, 2`,
      );
      expect(pairs.map(({ team, target }) => `${team} → ${target}`)).toEqual([
        'Baggage → Refunds',
        'Baggage → Social Care',
        'Refunds → Baggage',
        'Refunds → Social Care',
        'Social Care → Baggage',
        'Social Care → Refunds',
      ]);
    } finally {
      await fresh.dispose();
    }
  });
});
