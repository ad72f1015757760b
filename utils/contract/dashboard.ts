import { z } from 'zod';
import { IdSchema, TierIdSchema, TimestampSchema } from './common';

/** The dashboard's periods: today, the last 7 or 30 calendar days (today included), or custom dates. */
export const DashboardPeriodSchema = z.enum(['today', '7d', '30d', 'custom']);
export type DashboardPeriod = z.infer<typeof DashboardPeriodSchema>;

const DateSchema = z.iso.date();

/**
 * A custom period spans at most this many days (a quarter and a day): long enough for any
 * incident or month-on-month view, short enough that each chart stays one fast query at a
 * busy team's volume. Longer views belong in the CSV exports.
 */
export const MAX_CUSTOM_DAYS = 92;

/** The days from `from` to `to` (YYYY-MM-DD, both included). */
export function daysInPeriod(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
}

export const DashboardQuerySchema = z.object({
  period: DashboardPeriodSchema.default('today'),
  /** Custom period: first and last day (inclusive), in the team's time zone. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  /** Admins may look at any team; a lead sees their own. Default: the caller's team. */
  teamId: IdSchema.optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

const Count = z.number().int().min(0);
const Minutes = z.number().min(0).nullable();

/** First responses to cases opened in one hour of the day (team's time zone), over the period. */
export const FirstResponseHourSchema = z.object({
  hour: z.number().int().min(0).max(23),
  /** Cases opened in that hour. */
  opened: Count,
  /** Of those, answered. */
  responded: Count,
  p50Minutes: Minutes,
  p90Minutes: Minutes,
  /** Answered within the target, of those whose target has been reached (answered or overdue); null when none. */
  metPercent: z.number().min(0).max(100).nullable(),
});

export const CaseCountsSchema = z.object({
  opened: Count,
  resolved: Count,
  /** Not resolved now. */
  open: Count,
  /** Open, sundown within the next hour. */
  atRisk: Count,
  /** Open after their sundown. */
  pastSundown: Count,
});

export const HandoffsByTeamSchema = z.object({
  team: z.object({ id: IdSchema, name: z.string() }),
  sent: Count,
  accepted: Count,
  resolved: Count,
  sentBack: Count,
  cancelled: Count,
  total: Count,
  /** Median minutes from arrival to acceptance, of the accepted ones. */
  medianAcceptMinutes: Minutes,
});

export const TierMixSchema = z.object({
  /** null: customers who are not members. */
  tierId: TierIdSchema.nullable(),
  customers: Count,
});

export const AgentLoadSchema = z.object({
  agent: z.object({ id: IdSchema, name: z.string() }),
  openCases: Count,
  /** Cases the agent resolved since midnight (team's time zone). */
  handledToday: Count,
});

export const DashboardSchema = z.object({
  team: z.object({ id: IdSchema, name: z.string(), timeZone: z.string(), firstResponseMinutes: z.number().int() }),
  period: z.object({ name: DashboardPeriodSchema, from: TimestampSchema, to: TimestampSchema }),
  firstResponse: z.array(FirstResponseHourSchema),
  cases: CaseCountsSchema,
  handoffs: z.array(HandoffsByTeamSchema),
  tiers: z.array(TierMixSchema),
  agents: z.array(AgentLoadSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
