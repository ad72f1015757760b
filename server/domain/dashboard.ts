import { daysInPeriod, MAX_CUSTOM_DAYS, type Dashboard, type DashboardQuery } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';
import { forbidden, invalid, notFound } from './errors';


export interface DashboardTeam {
  id: string;
  name: string;
  time_zone: string;
  first_response_minutes: number;
}

export interface DashboardWindow {
  /** The team and the bounds every chart reads: [from, to), the team's midnight today, and now. */
  team: DashboardTeam;
  from: Date;
  to: Date;
  todayStart: Date;
  now: Date;
}

/**
 * The team whose dashboard the caller may read: a lead their own, an admin any. Agents
 * have no dashboard.
 */
export async function dashboardTeam(db: Queryable, caller: AgentContext, teamId: string | undefined): Promise<DashboardTeam> {
  if (caller.role === 'agent') throw forbidden('The dashboard is for team leads and admins.');
  const wanted = teamId ?? caller.teamId;
  if (caller.role === 'lead' && wanted !== caller.teamId) throw forbidden('A team lead sees the dashboard of their own team.');
  const [team] = await db.query<DashboardTeam>('SELECT id, name, time_zone, first_response_minutes FROM teams WHERE id = $1', [wanted]);
  if (!team) throw notFound('No team with this id.');
  return team;
}

/**
 * The period's bounds in the team's time zone: from its first midnight to the midnight after
 * its last day (today's period ends now). Calendar days, so a DST change keeps whole days.
 */
export async function windowOf(db: Queryable, team: DashboardTeam, query: DashboardQuery, now: Date): Promise<DashboardWindow> {
  if (query.period === 'custom') {
    if (!query.from || !query.to) {
      throw invalid('A custom period needs its first and last day.', [
        ...(query.from ? [] : [{ path: 'from', message: 'Required for a custom period' }]),
        ...(query.to ? [] : [{ path: 'to', message: 'Required for a custom period' }]),
      ]);
    }
    const days = daysInPeriod(query.from, query.to);
    if (days < 1) throw invalid('The period ends before it starts.', [{ path: 'to', message: 'Before the first day' }]);
    if (days > MAX_CUSTOM_DAYS) throw invalid(`A period spans at most ${MAX_CUSTOM_DAYS} days.`, [{ path: 'to', message: 'Too far from the first day' }]);
  }
  const back = query.period === '7d' ? 6 : query.period === '30d' ? 29 : 0;
  const [bounds] = await db.query<{ today_start: Date; period_start: Date; custom_from: Date | null; custom_to: Date | null }>(
    `SELECT d AT TIME ZONE $2 AS today_start,
            (d - make_interval(days => $3)) AT TIME ZONE $2 AS period_start,
            ($4::date)::timestamp AT TIME ZONE $2 AS custom_from,
            ($5::date + 1)::timestamp AT TIME ZONE $2 AS custom_to
       FROM (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $2) AS d) AS today`,
    [now, team.time_zone, back, query.period === 'custom' ? query.from : null, query.period === 'custom' ? query.to : null],
  );
  const custom = query.period === 'custom';
  return {
    team,
    from: new Date(custom ? bounds!.custom_from! : bounds!.period_start),
    to: custom ? new Date(bounds!.custom_to!) : now,
    todayStart: new Date(bounds!.today_start),
    now,
  };
}

/** Minutes to one decimal. */
const minutes = (value: number | string | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);
const minutesOfSeconds = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : minutes(Number(seconds) / 60));

/** First responses to the cases opened in the period, by the hour of the day they were opened. */
async function firstResponseByHour(db: Queryable, w: DashboardWindow): Promise<Dashboard['firstResponse']> {
  const rows = await db.query<{ hour: number; opened: number; responded: number; seconds: Array<number | null> | null; met: number; due: number }>(
    `SELECT extract(hour FROM c.opened_at AT TIME ZONE $4)::int AS hour,
            count(*)::int AS opened,
            count(c.first_responded_at)::int AS responded,
            percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_responded_at - c.opened_at)) AS seconds,
            count(*) FILTER (WHERE c.first_responded_at <= c.first_response_due_at)::int AS met,
            count(*) FILTER (WHERE c.first_responded_at IS NOT NULL OR c.first_response_due_at < $5)::int AS due
       FROM cases c
      WHERE c.team_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3
      GROUP BY 1`,
    [w.team.id, w.from, w.to, w.team.time_zone, w.now],
  );
  const byHour = new Map(rows.map((row) => [row.hour, row]));
  return Array.from({ length: 24 }, (_, hour) => {
    const row = byHour.get(hour);
    return {
      hour,
      opened: row?.opened ?? 0,
      responded: row?.responded ?? 0,
      p50Minutes: minutesOfSeconds(row?.seconds?.[0]),
      p90Minutes: minutesOfSeconds(row?.seconds?.[1]),
      metPercent: row && row.due > 0 ? Math.round((row.met / row.due) * 1000) / 10 : null,
    };
  });
}

/** Opened and resolved in the period; open now, at risk (sundown within the hour) and past sundown. */
async function caseCounts(db: Queryable, w: DashboardWindow): Promise<Dashboard['cases']> {
  const [row] = await db.query<{ opened: number; resolved: number; open: number; at_risk: number; past_sundown: number }>(
    `SELECT (SELECT count(*) FROM cases WHERE team_id = $1 AND opened_at >= $2 AND opened_at < $3)::int AS opened,
            (SELECT count(*) FROM cases WHERE team_id = $1 AND resolved_at >= $2 AND resolved_at < $3)::int AS resolved,
            count(*)::int AS open,
            count(*) FILTER (WHERE resolution_due_at >= $4 AND resolution_due_at < $4 + interval '1 hour')::int AS at_risk,
            count(*) FILTER (WHERE resolution_due_at < $4)::int AS past_sundown
       FROM cases WHERE team_id = $1 AND status <> 'resolved'`,
    [w.team.id, w.from, w.to, w.now],
  );
  return { opened: row!.opened, resolved: row!.resolved, open: row!.open, atRisk: row!.at_risk, pastSundown: row!.past_sundown };
}

/** The handoffs the team sent in the period, by the team receiving them now and their status. */
async function handoffsByTeam(db: Queryable, w: DashboardWindow): Promise<Dashboard['handoffs']> {
  const rows = await db.query<{
    id: string; name: string; sent: number; accepted: number; resolved: number; sent_back: number; cancelled: number; total: number; accept: number | null;
  }>(
    `SELECT t.id, t.name,
            count(*) FILTER (WHERE h.status = 'sent')::int AS sent,
            count(*) FILTER (WHERE h.status = 'accepted')::int AS accepted,
            count(*) FILTER (WHERE h.status = 'resolved')::int AS resolved,
            count(*) FILTER (WHERE h.status = 'sent_back')::int AS sent_back,
            count(*) FILTER (WHERE h.status = 'cancelled')::int AS cancelled,
            count(*)::int AS total,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.accepted_at - h.arrived_at)) / 60 AS accept
       FROM handoffs h JOIN teams t ON t.id = h.to_team_id
      WHERE h.from_team_id = $1 AND h.created_at >= $2 AND h.created_at < $3
      GROUP BY t.id, t.name
      ORDER BY t.name`,
    [w.team.id, w.from, w.to],
  );
  return rows.map((row) => ({
    team: { id: row.id, name: row.name },
    sent: row.sent,
    accepted: row.accepted,
    resolved: row.resolved,
    sentBack: row.sent_back,
    cancelled: row.cancelled,
    total: row.total,
    medianAcceptMinutes: minutes(row.accept),
  }));
}

/** Distinct customers of the cases opened in the period, by their member tier (highest first; non-members last). */
async function tierMix(db: Queryable, w: DashboardWindow): Promise<Dashboard['tiers']> {
  const rows = await db.query<{ tier_id: string | null; customers: number }>(
    // Each customer once per tier (one hashed DISTINCT, not a sorted count of joined strings).
    `SELECT d.tier_id, count(*)::int AS customers
       FROM (SELECT DISTINCT c.network, c.handle, m.tier_id
               FROM cases c LEFT JOIN members m ON m.id = c.member_id
              WHERE c.team_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3) AS d
       LEFT JOIN tiers r ON r.id = d.tier_id
      GROUP BY d.tier_id, r.rank
      ORDER BY r.rank DESC NULLS LAST`,
    [w.team.id, w.from, w.to],
  );
  return rows.map((row) => ({ tierId: row.tier_id, customers: row.customers }));
}

/**
 * Each active agent of the team: the open cases they hold and those they resolved since the
 * team's midnight. A case's `resolved_at` is set exactly when it is resolved, so "open or
 * resolved today" reads one index range per agent.
 */
async function agentLoad(db: Queryable, w: DashboardWindow): Promise<Dashboard['agents']> {
  const rows = await db.query<{ id: string; name: string; open_cases: number; handled_today: number }>(
    `SELECT a.id, a.name,
            count(c.id) FILTER (WHERE c.resolved_at IS NULL)::int AS open_cases,
            count(c.id) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS handled_today
       FROM agents a
       LEFT JOIN cases c ON c.assignee_id = a.id AND c.team_id = $1 AND (c.resolved_at IS NULL OR c.resolved_at >= $2)
      WHERE a.team_id = $1 AND a.disabled_at IS NULL
      GROUP BY a.id, a.name
      ORDER BY open_cases DESC, a.name`,
    [w.team.id, w.todayStart],
  );
  return rows.map((row) => ({ agent: { id: row.id, name: row.name }, openCases: row.open_cases, handledToday: row.handled_today }));
}

/** Each chart's one query, by the dashboard's key for it (the bench times each). */
export const DASHBOARD_SECTIONS = {
  firstResponse: firstResponseByHour,
  cases: caseCounts,
  handoffs: handoffsByTeam,
  tiers: tierMix,
  agents: agentLoad,
} as const;

/** The lead's dashboard of a team for a period: one query per chart. */
export async function dashboard(db: Queryable, caller: AgentContext, query: DashboardQuery, now = new Date()): Promise<Dashboard> {
  const team = await dashboardTeam(db, caller, query.teamId);
  const w = await windowOf(db, team, query, now);
  const [firstResponse, cases, handoffs, tiers, agents] = await Promise.all([
    DASHBOARD_SECTIONS.firstResponse(db, w),
    DASHBOARD_SECTIONS.cases(db, w),
    DASHBOARD_SECTIONS.handoffs(db, w),
    DASHBOARD_SECTIONS.tiers(db, w),
    DASHBOARD_SECTIONS.agents(db, w),
  ]);
  return {
    team: { id: team.id, name: team.name, timeZone: team.time_zone, firstResponseMinutes: team.first_response_minutes },
    period: { name: query.period, from: w.from.toISOString(), to: w.to.toISOString() },
    firstResponse,
    cases,
    handoffs,
    tiers,
    agents,
  };
}
