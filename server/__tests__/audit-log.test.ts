import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAgentsSchema, AuditPageSchema, type AuditEntry } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { importMembers } from '../domain/members/import';
import { engines, freshDatabase, type TestDatabase } from './harness';

const PASSWORD = 'a long enough passphrase';

describe.each(engines())('the audit log page’s API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const members: Record<string, string> = {};

  const get = async (token: string, path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const page = async (token: string, query: Record<string, string>) => {
    const answer = await get(token, `/v1/audit?${new URLSearchParams(query)}`);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return AuditPageSchema.parse(answer.json);
  };
  /** Every entry under the filters, page after page. */
  const all = async (token: string, query: Record<string, string>, limit = 7) => {
    const entries: AuditEntry[] = [];
    let after: string | null = null;
    do {
      const next = await page(token, { ...query, limit: String(limit), ...(after ? { after } : {}) });
      entries.push(...next.entries);
      after = next.next;
    } while (after);
    return entries;
  };
  const readCard = async (agent: string, member: string) => expect((await get(tokens[agent]!, `/v1/members/${members[member]}`)).status).toBe(200);

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, rateLimitPerMinute: 100_000 });
    for (const [key, input] of Object.entries({
      admin: { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin' as const, password: PASSWORD },
      lead: { name: 'Lea Lead', team: 'Social Care', email: 'lea@care.example', role: 'lead' as const, password: PASSWORD },
      sam: { name: 'Sam Social', team: 'Social Care' },
      bo: { name: 'Bo Baggage', team: 'Baggage' },
    })) {
      const created = await createAgent(fresh.db, input);
      ids[key] = created.agentId;
      tokens[key] = created.token;
    }
    await importMembers(fresh.db, 'loyaltyNumber,name,tier\nSK1000001,Anna Andersson,gold\nSK1000002,Erik Eriksson,silver\n', { format: 'csv' });
    for (const row of await fresh.db.query<{ id: string; loyalty_number: string }>('SELECT id, loyalty_number FROM members')) members[row.loyalty_number] = row.id;
    // Sam reads Anna's card twice and Erik's once; Bo reads Anna's; a failed link attempt by Sam.
    await readCard('sam', 'SK1000001');
    await readCard('sam', 'SK1000002');
    await readCard('bo', 'SK1000001');
    await readCard('sam', 'SK1000001');
    const link = await fetch(`${server.url}/v1/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.sam}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ identity: { network: 'x', handle: 'someone_else' }, loyaltyNumber: 'SK9999999' }),
    });
    expect(link.status).toBe(422);
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('shows an admin every entry, newest first, with who, their team, the member (masked) and the handle', async () => {
    const entries = await all(tokens.admin!, {});
    expect(entries.map((entry) => [entry.action, entry.agent?.name, entry.team, entry.member?.loyaltyNumberMasked ?? null, entry.identity?.handle ?? null])).toEqual([
      ['link.failed', 'Sam Social', 'Social Care', null, 'someone_else'],
      ['member.card.read', 'Sam Social', 'Social Care', '•••• 0001', null],
      ['member.card.read', 'Bo Baggage', 'Baggage', '•••• 0001', null],
      ['member.card.read', 'Sam Social', 'Social Care', '•••• 0002', null],
      ['member.card.read', 'Sam Social', 'Social Care', '•••• 0001', null],
    ]);
    expect(entries[1]!.member).toEqual({ id: members.SK1000001, name: 'Anna Andersson', loyaltyNumberMasked: '•••• 0001' });
    // Never the full loyalty number.
    expect(JSON.stringify(entries)).not.toContain('SK1000001');
  });

  it('filters by agent, member (by loyalty number, any case), action and period, combined', async () => {
    const actions = (entries: AuditEntry[]) => entries.map((entry) => `${entry.agent?.name}:${entry.action}`);
    expect(actions(await all(tokens.admin!, { agent: ids.bo! }))).toEqual(['Bo Baggage:member.card.read']);
    expect(actions(await all(tokens.admin!, { member: 'sk1000001' }))).toEqual(['Sam Social:member.card.read', 'Bo Baggage:member.card.read', 'Sam Social:member.card.read']);
    expect(actions(await all(tokens.admin!, { member: 'SK1000001', agent: ids.sam! }))).toHaveLength(2);
    expect(actions(await all(tokens.admin!, { action: 'link.failed' }))).toEqual(['Sam Social:link.failed']);
    expect(await all(tokens.admin!, { member: 'SK0000000' })).toEqual([]);
    const now = Date.now();
    expect(await all(tokens.admin!, { from: new Date(now + 60_000).toISOString() })).toEqual([]);
    expect(await all(tokens.admin!, { to: new Date(now - 60 * 60_000).toISOString() })).toEqual([]);
    expect(await all(tokens.admin!, { from: new Date(now - 60 * 60_000).toISOString(), to: new Date(now + 60_000).toISOString() })).toHaveLength(5);
  });

  it('pages by keyset: entries of one same instant come exactly once, in order, however the pages fall', async () => {
    await fresh.db.query(
      `INSERT INTO audit_log (at, agent_id, team_id, action, detail)
       SELECT '2026-01-15T10:00:00.123456Z', $1, a.team_id, 'member.lookup', jsonb_build_object('n', n)
         FROM generate_series(1, 23) AS n, agents a WHERE a.id = $1`,
      [ids.bo],
    );
    const query = { agent: ids.bo!, to: '2026-01-16T00:00:00Z' };
    for (const limit of [1, 5, 10, 23, 50]) {
      const entries = await all(tokens.admin!, query, limit);
      expect(entries.map((entry) => entry.detail.n)).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
    }
    const first = await page(tokens.admin!, { ...query, limit: '23' });
    expect(first.next).toBeNull();
  });

  it('shows a lead their own team’s entries only, whatever they filter by; agents see nothing', async () => {
    const entries = await all(tokens.lead!, {});
    expect(new Set(entries.map((entry) => entry.team))).toEqual(new Set(['Social Care']));
    expect(entries.filter((entry) => entry.agent?.name === 'Sam Social')).toHaveLength(4);
    expect(await all(tokens.lead!, { agent: ids.bo! })).toEqual([]);
    const agents = AuditAgentsSchema.parse((await get(tokens.lead!, '/v1/audit/agents')).json).agents;
    expect(agents.map((agent) => agent.name)).toEqual(['Lea Lead', 'Sam Social']);
    expect(AuditAgentsSchema.parse((await get(tokens.admin!, '/v1/audit/agents')).json).agents.map((agent) => agent.name)).toEqual([
      'Bo Baggage',
      'Ada Admin',
      'Lea Lead',
      'Sam Social',
    ]);
    expect((await get(tokens.sam!, '/v1/audit')).status).toBe(403);
    expect((await get(tokens.sam!, '/v1/audit/agents')).status).toBe(403);
  });

  it('security: refuses a forged page marker, an unknown action and a page over 1000 entries', async () => {
    const forged = await get(tokens.admin!, `/v1/audit?after=${Buffer.from("2026-01-01|1' OR 1=1").toString('base64url')}`);
    expect(forged.status).toBe(422);
    expect(forged.json).toMatchObject({ code: 'cursor_invalid' });
    expect((await get(tokens.admin!, '/v1/audit?action=member.delete')).status).toBe(400);
    expect((await get(tokens.admin!, '/v1/audit?limit=1001')).status).toBe(400);
    expect((await get(tokens.admin!, '/v1/audit?agent=not-a-uuid')).status).toBe(400);
  });

  it('reads each filter through its index', async () => {
    // The planner prefers a scan on a table this small; with scans made dear, each filter must still find an index.
    const plans: Record<string, string> = {};
    await fresh.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      for (const [name, where] of Object.entries({ team: 'team_id = $1', agent: 'agent_id = $1', action: 'action = $1', member: 'member_id = $1' })) {
        const value = name === 'action' ? 'member.lookup' : name === 'team' ? (await tx.query<{ team_id: string }>('SELECT team_id FROM agents WHERE id = $1', [ids.bo]))[0]!.team_id : ids.bo;
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT 51`, [value]);
        plans[name] = rows.map((row) => row['QUERY PLAN']).join('\n');
      }
    });
    expect(plans.team).toContain('audit_log_team_at');
    expect(plans.agent).toContain('audit_log_agent_at');
    expect(plans.action).toContain('audit_log_action_at');
    expect(plans.member).toContain('audit_log_member');
  });
});
