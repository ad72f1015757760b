import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamSettingsListSchema, WebhooksOverviewSchema } from '../../utils/contract';
import { adminCall } from '../bin/commands/admin-call';
import { localTeams, serverTeams, teamsCommand, type TeamsStore } from '../bin/commands/teams';
import { localWebhooks, serverWebhooks, webhooksCommand, type WebhooksStore } from '../bin/commands/webhooks';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';

/**
 * The CLI's `teams` and `webhooks` commands, on the database itself and through a running
 * server's admin API (as they run while `jetway serve` holds the embedded data dir, or with
 * JETWAY_URL): the same output, the same refusals, and what one wrote the other reads.
 */
describe.each(engines())('the teams and webhooks commands on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let leadToken: string;
  const stores = () => {
    const call = adminCall({ url: server.url, token: ADMIN_KEY });
    return {
      database: { teams: localTeams(fresh.db), webhooks: localWebhooks(fresh.db) },
      server: { teams: serverTeams(call), webhooks: serverWebhooks(call) },
    } satisfies Record<string, { teams: TeamsStore; webhooks: WebhooksStore }>;
  };
  const run = async (command: (print: (line: string) => void) => Promise<number>) => {
    const lines: string[] = [];
    expect(await command((line) => lines.push(line))).toBe(0);
    return lines;
  };
  const get = async (path: string, token: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    leadToken = (await createAgent(fresh.db, { name: 'Lee Lead', team: 'Baggage', email: 'lee@bag.example', role: 'lead', password: PASSWORD })).token;
    await createAgent(fresh.db, { name: 'Sam Social', team: 'Social Care' });
    await createAgent(fresh.db, { name: 'Rita Refunds', team: 'Refunds' });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('teams list prints the same lines from the database and through the server', async () => {
    const { database, server: viaServer } = stores();
    const local = await run((print) => teamsCommand(database.teams, 'list', [], print));
    expect(local).toEqual([
      'Baggage\tUTC\tfirst response 15 min\tsundown 24:00\thands off to Refunds, Social Care',
      'Refunds\tUTC\tfirst response 15 min\tsundown 24:00\thands off to Baggage, Social Care',
      'Social Care\tUTC\tfirst response 15 min\tsundown 24:00\thands off to Baggage, Refunds',
      '3 teams.',
    ]);
    expect(await run((print) => teamsCommand(viaServer.teams, 'list', [], print))).toEqual(local);
  });

  it.each(['database', 'server'] as const)('teams set through the %s changes only what is given, and is audited', async (where) => {
    const { teams } = stores()[where];
    const zone = where === 'database' ? 'Europe/Stockholm' : 'Europe/Copenhagen';
    const saved = await run((print) => teamsCommand(teams, 'set', ['--team', 'Social Care', '--time-zone', zone, '--sundown', '22:00', '--first-response-minutes', '15', '--hands-off-to', 'Baggage'], print));
    expect(saved).toEqual([`Saved. Social Care\t${zone}\tfirst response 15 min\tsundown 22:00\thands off to Baggage`]);
    const minutes = await run((print) => teamsCommand(teams, 'set', ['--team', 'Social Care', '--first-response-minutes', '30'], print));
    expect(minutes).toEqual([`Saved. Social Care\t${zone}\tfirst response 30 min\tsundown 22:00\thands off to Baggage`]);
    // What the server's agents and admins read is what the command stored.
    const listed = TeamSettingsListSchema.parse(await get('/admin/v1/teams', ADMIN_KEY)).teams.find((team) => team.name === 'Social Care')!;
    expect(listed.deadlines).toEqual({ timeZone: zone, firstResponseMinutes: 30, dayEndsAt: '22:00' });
    expect(listed.handoffTargets.map((team) => team.name)).toEqual(['Baggage']);
    const [audited] = await fresh.db.query<{ agent_id: string | null; detail: { teamName: string; after: { deadlines: { firstResponseMinutes: number } } } }>(
      "SELECT agent_id, detail FROM audit_log WHERE action = 'team.change' ORDER BY id DESC LIMIT 1",
    );
    expect(audited).toMatchObject({ agent_id: null, detail: { teamName: 'Social Care', after: { deadlines: { firstResponseMinutes: 30 } } } });
    // None is allowed: the team then hands off nowhere.
    expect(await run((print) => teamsCommand(teams, 'set', ['--team', 'Social Care', '--hands-off-to', ''], print))).toEqual([
      `Saved. Social Care\t${zone}\tfirst response 30 min\tsundown 22:00\thands off to no team`,
    ]);
  });

  it.each(['database', 'server'] as const)('teams set through the %s refuses bad input clearly and changes nothing', async (where) => {
    const { teams } = stores()[where];
    const before = TeamSettingsListSchema.parse(await get('/admin/v1/teams', ADMIN_KEY));
    const refusals: Array<[string[], RegExp]> = [
      [['--team', 'Lost Luggage', '--sundown', '20:00'], /No team named "Lost Luggage"\. The teams: Baggage, Refunds, Social Care\./],
      [['--team', 'Refunds', '--time-zone', 'Mars/Olympus'], /timeZone: Unknown IANA time zone/],
      [['--team', 'Refunds', '--sundown', '25:00'], /dayEndsAt/],
      [['--team', 'Refunds', '--first-response-minutes', 'soon'], /whole number of minutes/],
      [['--team', 'Refunds', '--first-response-minutes', '0'], /firstResponseMinutes/],
      [['--team', 'Refunds', '--hands-off-to', 'Refunds'], /cannot hand off to itself/],
      [['--team', 'Refunds', '--hands-off-to', 'Baggage,Nowhere'], /No team named "Nowhere"/],
      [['--team', 'Refunds'], /needs --time-zone, --first-response-minutes, --sundown or --hands-off-to/],
      [[], /needs --team/],
    ];
    for (const [args, message] of refusals) {
      await expect(teamsCommand(teams, 'set', args, () => undefined), args.join(' ')).rejects.toThrow(message);
    }
    await expect(teamsCommand(teams, 'rename', [], () => undefined)).rejects.toThrow('unknown command "teams rename"');
    expect(TeamSettingsListSchema.parse(await get('/admin/v1/teams', ADMIN_KEY))).toEqual(before);
  });

  it('webhooks add, list, rotate-secret and remove through the server: the team’s leads see the endpoint, and the output is the database’s', async () => {
    const { database, server: viaServer } = stores();
    const added = await run((print) => webhooksCommand(viaServer.webhooks, 'add', ['--team', 'Baggage', '--url', 'https://hooks.example.com/jetway', '--events', 'handoff.created,handoff.resolved'], print));
    const id = /endpoint ([0-9a-f-]{36})/.exec(added[0]!)![1]!;
    expect(added[0]).toBe(`Added webhook endpoint ${id} for team "Baggage": https://hooks.example.com/jetway (handoff.created, handoff.resolved). Its signing secret (shown once):`);
    expect(added[1]).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const overview = WebhooksOverviewSchema.parse(await get('/v1/webhooks', leadToken));
    expect(overview.endpoints.map((endpoint) => endpoint.id)).toEqual([id]);

    const listed = await run((print) => webhooksCommand(viaServer.webhooks, 'list', ['--team', 'Baggage'], print));
    expect(listed).toEqual([`${id}  https://hooks.example.com/jetway  handoff.created,handoff.resolved  delivering`]);
    expect(await run((print) => webhooksCommand(database.webhooks, 'list', ['--team', 'Baggage'], print))).toEqual(listed);

    const rotated = await run((print) => webhooksCommand(viaServer.webhooks, 'rotate-secret', ['--team', 'Baggage', '--id', id], print));
    expect(rotated[1]).toMatch(/^whsec_/);
    expect(rotated[1]).not.toBe(added[1]);
    // Another team's id, an id that is no endpoint, a malformed id: the same clear refusal.
    await expect(webhooksCommand(viaServer.webhooks, 'remove', ['--team', 'Refunds', '--id', id], () => undefined)).rejects.toThrow(`No webhook endpoint ${id} in team "Refunds"`);
    await expect(webhooksCommand(viaServer.webhooks, 'remove', ['--team', 'Baggage', '--id', 'not-an-id'], () => undefined)).rejects.toThrow('No webhook endpoint not-an-id in team "Baggage"');
    await expect(webhooksCommand(viaServer.webhooks, 'list', ['--team', 'Lost Luggage'], () => undefined)).rejects.toThrow('No team named "Lost Luggage"');
    await expect(webhooksCommand(viaServer.webhooks, 'add', ['--team', 'Baggage', '--url', 'http://hooks.example.com/'], () => undefined)).rejects.toThrow(/https/);

    expect(await run((print) => webhooksCommand(viaServer.webhooks, 'remove', ['--team', 'Baggage', '--id', id], print))).toEqual([`Removed webhook endpoint ${id}.`]);
    expect(WebhooksOverviewSchema.parse(await get('/v1/webhooks', leadToken)).endpoints).toEqual([]);
    expect(await run((print) => webhooksCommand(viaServer.webhooks, 'list', ['--team', 'Baggage'], print))).toEqual(['Team "Baggage" has no webhook endpoints.']);
  });

  it('security: a team’s webhooks in the admin API need the admin key; an agent’s token and no token are refused, an unknown team is 404', async () => {
    const teams = TeamSettingsListSchema.parse(await get('/admin/v1/teams', ADMIN_KEY)).teams;
    const baggage = teams.find((team) => team.name === 'Baggage')!.id;
    const path = `/admin/v1/teams/${baggage}/webhooks`;
    const post = (token: string | null, target = path) =>
      fetch(`${server.url}${target}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ url: 'https://hooks.example.com/x' }),
      });
    expect((await post(null)).status).toBe(401);
    expect([401, 403]).toContain((await post(leadToken)).status);
    expect((await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${leadToken}` } })).status).not.toBe(200);
    expect((await post(ADMIN_KEY, '/admin/v1/teams/00000000-0000-4000-8000-000000000000/webhooks')).status).toBe(404);
    expect(WebhooksOverviewSchema.parse(await get('/v1/webhooks', leadToken)).endpoints).toEqual([]);
  });
});
