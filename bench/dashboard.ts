/**
 * The dashboard's queries at 100,000 cases in one team (a busy 17-agent team's year): each
 * chart's query is timed alone, over the 30-day period (the widest preset) and over the
 * longest custom period (92 days).
 * Run alone with `npx tsx bench/dashboard.ts` (PGlite), or as part of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../server/db/database';
import { migrate } from '../server/db/migrations';
import { createAgent } from '../server/domain/agents';
import { DASHBOARD_SECTIONS, dashboardTeam, windowOf } from '../server/domain/dashboard';
import { MAX_CUSTOM_DAYS } from '../utils/contract';
import { ensureTeam } from '../server/domain/teams';
import { percentile, type Figure } from './report';

export const DASHBOARD_CASES = 100_000;
const AGENTS = 17;
const MEMBERS = 20_000;
const HANDOFFS = 10_000;
const RUNS = 20;
const BUDGET_MS = 100;

/** One team's history: cases over a year, most resolved, a third of them members'; handoffs to three teams. */
export async function seedDashboard(db: Database): Promise<string> {
  await migrate(db);
  const lead = await createAgent(db, { name: 'Bench Lead', team: 'Social Care', role: 'lead' });
  for (let i = 1; i < AGENTS; i++) await createAgent(db, { name: `Bench Agent ${i}`, team: 'Social Care' });
  for (const team of ['Baggage', 'Refunds', 'Lounges']) await ensureTeam(db, team);
  await db.query(
    `INSERT INTO members (loyalty_number, name, tier_id)
     SELECT 'DB' || lpad(i::text, 9, '0'), 'Member ' || i, (ARRAY['member','silver','gold','platinum','diamond','concierge'])[1 + i % 6]
       FROM generate_series(1, $1) AS i`,
    [MEMBERS],
  );
  await db.query(
    `INSERT INTO cases (team_id, network, handle, member_id, subject, status, assignee_id, assigned_at, opened_at, first_response_due_at,
                        first_responded_at, resolution_due_at, resolved_at)
     SELECT $1, 'x', CASE WHEN c.i % 3 = 0 THEN 'member_' || (c.i % $3) ELSE 'stranger_' || (c.i % 50000) END,
            CASE WHEN c.i % 3 = 0 THEN m.id END, 'Bench', CASE WHEN c.resolved THEN 'resolved' ELSE 'open' END,
            agents.ids[1 + c.i % array_length(agents.ids, 1)], c.opened, c.opened, c.opened + interval '15 minutes',
            CASE WHEN c.i % 10 <> 0 THEN c.opened + make_interval(mins => c.i % 30) END, c.opened + interval '12 hours',
            CASE WHEN c.resolved THEN c.opened + interval '2 hours' END
       FROM (SELECT i, now() - make_interval(secs => i * 365 * 86400.0 / $2) AS opened, i > $2 / 200 AS resolved FROM generate_series(1, $2) AS i) AS c
       CROSS JOIN (SELECT array_agg(id) AS ids FROM agents WHERE team_id = $1) AS agents
       LEFT JOIN members m ON m.loyalty_number = 'DB' || lpad((c.i % $3 + 1)::text, 9, '0')`,
    [lead.teamId, DASHBOARD_CASES, MEMBERS],
  );
  await db.query(
    `INSERT INTO handoffs (case_id, from_team_id, to_team_id, created_by, transcript, status, due_at, arrived_at, first_response_due_at,
                           accepted_at, created_at)
     SELECT c.id, c.team_id, targets.ids[1 + c.n % 3], c.assignee_id, '[]', (ARRAY['sent','accepted','resolved','sent_back'])[1 + c.n % 4],
            c.opened_at + interval '1 day', c.opened_at, c.opened_at + interval '15 minutes',
            CASE WHEN c.n % 4 IN (1, 2) THEN c.opened_at + make_interval(mins => (c.n % 40)::int) END, c.opened_at
       FROM (SELECT id, team_id, assignee_id, opened_at, row_number() OVER (ORDER BY opened_at DESC) AS n FROM cases WHERE team_id = $1 ORDER BY opened_at DESC LIMIT $2) AS c
       CROSS JOIN (SELECT array_agg(id ORDER BY name) AS ids FROM teams WHERE id <> $1) AS targets`,
    [lead.teamId, HANDOFFS],
  );
  await db.query('ANALYZE');
  return lead.agentId;
}

/** Each chart's query over 30 days and over the longest custom period at 100,000 cases: p50 / p95 of `RUNS` runs after a warm-up. */
export async function measureDashboard(database: string, db: Database): Promise<Figure[]> {
  const leadId = await seedDashboard(db);
  const [lead] = await db.query<{ team_id: string; team_name: string }>('SELECT a.team_id, t.name AS team_name FROM agents a JOIN teams t ON t.id = a.team_id WHERE a.id = $1', [leadId]);
  const caller = { agentId: leadId, agentName: 'Bench Lead', teamId: lead!.team_id, teamName: lead!.team_name, role: 'lead' as const, email: null };
  const team = await dashboardTeam(db, caller, undefined);
  const now = new Date();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const periods = [
    { label: '30 days', window: await windowOf(db, team, { period: '30d' }, now) },
    {
      label: `${MAX_CUSTOM_DAYS} days (custom, the longest)`,
      window: await windowOf(db, team, { period: 'custom', from: day(now.getTime() - (MAX_CUSTOM_DAYS - 1) * 86_400_000), to: day(now.getTime()) }, now),
    },
  ];
  const figures: Figure[] = [];
  for (const { label, window } of periods) {
    for (const [name, query] of Object.entries(DASHBOARD_SECTIONS)) {
      for (let i = 0; i < 3; i++) await query(db, window);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await query(db, window);
        times.push(performance.now() - started);
      }
      const p95 = percentile(times, 95);
      figures.push({
        section: 'Server',
        what: `Dashboard query "${name}", ${database}, ${DASHBOARD_CASES.toLocaleString('en')} cases in the team, ${label}: p50 / p95`,
        value: `${percentile(times, 50).toFixed(1)} / ${p95.toFixed(1)} ms`,
        budget: `p95 ≤ ${BUDGET_MS} ms`,
        met: p95 <= BUDGET_MS,
      });
    }
  }
  return figures;
}

/** The dashboard figures on a fresh embedded database, removed afterwards. */
export async function measureDashboardOnPglite(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-bench-dashboard-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    return await measureDashboard('embedded PGlite', db);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureDashboardOnPglite()
    .then((figures) => {
      for (const figure of figures) console.log(`${figure.met ? 'ok  ' : 'MISS'} ${figure.what}: ${figure.value} (${figure.budget})`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
