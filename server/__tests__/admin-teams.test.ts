import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, MeSchema, TeamSettingsListSchema, TeamSettingsSchema } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';

describe.each(engines())('the admin Teams API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let agentToken: string;
  let bagId: string;
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

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    await createAgent(fresh.db, { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: PASSWORD });
    await createAgent(fresh.db, { name: 'Lee Lead', team: 'Ops', email: 'lee@ops.example', role: 'lead', password: PASSWORD });
    const bag = await createAgent(fresh.db, { name: 'Bo Baggage', team: 'Baggage' });
    agentToken = bag.token;
    bagId = bag.teamId;
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('lists the teams with their settings and changes a team’s; the team’s agents get the new deadlines at once', async () => {
    const listed = TeamSettingsListSchema.parse(await (await call('GET', '/admin/v1/teams', byKey)).json());
    expect(listed.teams).toEqual([
      { id: bagId, name: 'Baggage', deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
      { id: expect.any(String), name: 'Ops', deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
    ]);
    const admin = await signIn('ada@ops.example');
    const deadlines = { timeZone: 'Europe/Stockholm', firstResponseMinutes: 10, dayEndsAt: '17:00' };
    const changed = await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf }, { deadlines });
    expect(changed.status).toBe(200);
    expect(TeamSettingsSchema.parse(await changed.json())).toEqual({ id: bagId, name: 'Baggage', deadlines });
    const me = MeSchema.parse(await (await call('GET', '/v1/me', { authorization: `Bearer ${agentToken}` })).json());
    expect(me.team.deadlines).toEqual(deadlines);
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
    expect((await call('PATCH', '/admin/v1/teams/00000000-0000-4000-8000-000000000000', byKey, { deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } })).status).toBe(404);
  });

  it('security: a lead’s session, an admin session without CSRF and an agent token cannot change a team', async () => {
    const body = { deadlines: { timeZone: 'UTC', firstResponseMinutes: 1, dayEndsAt: '01:00' } };
    const lead = await signIn('lee@ops.example');
    expect((await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: lead.cookie, [CSRF_HEADER]: lead.csrf }, body)).status).toBe(403);
    expect((await call('GET', '/admin/v1/teams', { cookie: lead.cookie })).status).toBe(403);
    const admin = await signIn('ada@ops.example');
    expect((await call('PATCH', `/admin/v1/teams/${bagId}`, { cookie: admin.cookie }, body)).status).toBe(403);
    expect((await call('PATCH', `/admin/v1/teams/${bagId}`, { authorization: `Bearer ${agentToken}` }, body)).status).toBe(401);
    expect((await call('GET', '/admin/v1/teams', {})).status).toBe(401);
    const [row] = await fresh.db.query<{ first_response_minutes: number }>('SELECT first_response_minutes FROM teams WHERE id = $1', [bagId]);
    expect(row!.first_response_minutes).toBe(10);
  });
});
