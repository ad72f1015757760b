import type { AuditAction, Identity } from '../../utils/contract';
import type { Queryable } from '../db/database';
import type { AgentContext } from './agents';

export type { AuditAction };

/**
 * Who did an admin action: an admin's Console account, the admin key (the CLI through the
 * server, automation), or the CLI on the database itself; only an account is an agent.
 */
export type AdminActor = { kind: 'key' } | { kind: 'command' } | { kind: 'account'; agentId: string; teamId: string };

const ACTOR_LABEL = { key: 'admin key', command: 'command line', account: 'admin account' } as const;

/** Audits an admin's read or change of a member's data (see `audit` for an agent's). */
export async function auditByAdmin(db: Queryable, by: AdminActor, action: AuditAction, memberId: string, detail: Record<string, unknown>): Promise<void> {
  await db.query('INSERT INTO audit_log (agent_id, team_id, action, member_id, detail) VALUES ($1, $2, $3, $4, $5)', [
    by.kind === 'account' ? by.agentId : null,
    by.kind === 'account' ? by.teamId : null,
    action,
    memberId,
    JSON.stringify({ by: ACTOR_LABEL[by.kind], ...detail }),
  ]);
}

/** Who read or changed which member's data, and when. */
export async function audit(
  db: Queryable,
  agent: AgentContext,
  action: AuditAction,
  subject: { memberId: string | null; network?: string; handle?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (agent_id, team_id, action, member_id, network, handle, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [agent.agentId, agent.teamId, action, subject.memberId, subject.network ?? null, subject.handle ?? null, JSON.stringify(subject.detail ?? {})],
  );
}

/**
 * Audits what an admin changed (an agent, the tiers): `by` is the admin's account, or null
 * for the admin key (the CLI, automation), which is no agent.
 */
export async function auditChange(db: Queryable, by: AgentContext | null, action: AuditAction, detail: Record<string, unknown>): Promise<void> {
  await db.query('INSERT INTO audit_log (agent_id, team_id, action, detail) VALUES ($1, $2, $3, $4)', [
    by?.agentId ?? null,
    by?.teamId ?? null,
    action,
    JSON.stringify(detail),
  ]);
}

interface PendingRead {
  agentId: string;
  teamId: string;
  action: AuditAction;
  network: string;
  handle: string;
}

/**
 * Audits reads that come in bulk once per member (or, for a customer who is no member, per
 * handle), agent and hour: one statement for the whole batch, and a read already audited
 * this hour is skipped by its unique hourly key, so the log does not grow with every page.
 */
async function insertHourly(db: Queryable, batch: readonly PendingRead[]): Promise<void> {
  if (batch.length === 0) return;
  const column = <K extends keyof PendingRead>(key: K) => batch.map((read) => read[key]);
  await db.query(
    `INSERT INTO audit_log (agent_id, team_id, action, member_id, network, handle, detail, hourly_key)
     SELECT s.agent_id, s.team_id, s.action, i.member_id, s.network, s.handle, '{}'::jsonb,
            s.action || '|' || s.agent_id::text || '|' || coalesce(i.member_id::text, s.network || ':' || s.handle) || '|' ||
            to_char(date_trunc('hour', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24')
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS s(agent_id, team_id, action, network, handle)
       LEFT JOIN member_identities i ON i.network = s.network AND i.handle = s.handle
     ON CONFLICT (hourly_key) DO NOTHING`,
    [column('agentId'), column('teamId'), column('action'), column('network'), column('handle')],
  );
}

/** Audits, right away, reads that come in bulk (a list of handoffs with their transcripts): see `insertHourly`. */
export function auditHourly(db: Queryable, agent: AgentContext, action: AuditAction, identities: readonly Identity[]): Promise<void> {
  return insertHourly(
    db,
    identities.map(({ network, handle }) => ({ agentId: agent.agentId, teamId: agent.teamId, action, network, handle })),
  );
}

const seenKey = (read: PendingRead) => `${read.action}|${read.agentId}|${read.network}:${read.handle}`;

const FLUSH_EVERY_MS = 1_000;
const FLUSH_AT = 2_000;
/**
 * Rows per INSERT when the queue is written. One statement for a whole second's queue
 * (up to 2,000 rows) held the embedded database for 60–100 ms, and every lookup waited
 * behind it; a statement of 50 rows takes a few milliseconds, and lookups run between them.
 */
export const AUDIT_ROWS_PER_STATEMENT = 50;
/** How long a statement of audit rows waits for a moment without requests before it is written anyway. */
export const AUDIT_YIELD_MS = 250;
/** Past this many rows not yet written the writer stops waiting for quiet moments: the queue must not grow without end. */
export const AUDIT_YIELD_UNTIL = 50_000;

/** One turn of the event loop: what came in meanwhile (requests) is read first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** When the server is answering no request (see `RequestTraffic`). */
export interface Quiet {
  whenIdle(maxWaitMs: number): Promise<void>;
}
/** Keys remembered per replica within the hour; past this the memory is dropped (the database still dedups). */
const REMEMBER_AT_MOST = 200_000;

/**
 * The audit of lookups, off the request's path: reads are queued, written about once a
 * second in statements of `AUDIT_ROWS_PER_STATEMENT` rows for every request since, each
 * written when the server answers no request (`quiet`; at most `AUDIT_YIELD_MS` later, and
 * without waiting once `AUDIT_YIELD_UNTIL` rows are behind; the event loop turns between
 * statements whatever the traffic, so requests are read between them), and each
 * (agent, customer, hour) is written once (skipped here once seen this hour, and by the
 * unique hourly key across replicas). The server's close flushes the queue; a crash can lose
 * at most the last second. Rows of a statement the database refused are forgotten, so a
 * later read queues them again; the refusal is logged once per flush.
 */
export class HourlyAuditWriter {
  private pending: PendingRead[] = [];
  private seen = new Set<string>();
  private seenHour = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Rows recorded and not yet written (queued, or in a batch being written). */
  private unwritten = 0;
  private closing = false;

  constructor(
    private readonly db: Queryable,
    private readonly onError: (error: unknown) => void,
    private readonly clock: () => Date = () => new Date(),
    private readonly quiet: Quiet | null = null,
    private readonly yieldMs = AUDIT_YIELD_MS,
  ) {}

  record(agent: AgentContext, action: AuditAction, identities: readonly Identity[]): void {
    const hour = this.clock().toISOString().slice(0, 13);
    if (hour !== this.seenHour || this.seen.size > REMEMBER_AT_MOST) {
      this.seen = new Set();
      this.seenHour = hour;
    }
    for (const { network, handle } of identities) {
      const read: PendingRead = { agentId: agent.agentId, teamId: agent.teamId, action, network, handle };
      if (this.seen.has(seenKey(read))) continue;
      this.seen.add(seenKey(read));
      this.pending.push(read);
      this.unwritten += 1;
    }
    if (this.pending.length >= FLUSH_AT) void this.flush();
    else if (this.pending.length > 0 && this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
      this.timer.unref();
    }
  }

  /** Writes everything queued so far, and every write under way, without waiting for quiet moments (the server is closing). */
  close(): Promise<void> {
    this.closing = true;
    return this.flush();
  }

  /** Writes everything queued so far (statements of `AUDIT_ROWS_PER_STATEMENT` rows), after any write under way. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: readonly PendingRead[]): Promise<void> {
    let firstError: unknown = null;
    for (let start = 0; start < batch.length; start += AUDIT_ROWS_PER_STATEMENT) {
      const part = batch.slice(start, start + AUDIT_ROWS_PER_STATEMENT);
      // Between statements the event loop turns (so requests are read), and past that the
      // writer waits for a moment without requests unless the queue has grown too long.
      if (this.quiet && !this.closing) await (this.unwritten <= AUDIT_YIELD_UNTIL ? this.quiet.whenIdle(this.yieldMs) : nextTurn());
      try {
        await insertHourly(this.db, part);
      } catch (error) {
        for (const read of part) this.seen.delete(seenKey(read));
        firstError ??= error;
      }
      this.unwritten -= part.length;
    }
    if (firstError !== null) this.onError(firstError);
  }
}
