import type { Queryable } from '../db/database';

/**
 * The per-agent request rate, kept in the database so that every replica counts the same
 * requests: `perMinute` a minute, in bursts of up to the same number. One statement per
 * request, as a generic cell rate algorithm: each agent has a theoretical arrival time
 * (`tat`) that every allowed request moves one interval (a minute ÷ `perMinute`) past the
 * later of itself and now; a request that would move it more than a minute ahead of now is
 * refused and moves nothing. Times are the database's, so replicas whose clocks differ agree.
 */
export async function takeRequest(db: Queryable, agentId: string, perMinute: number): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const intervalMs = 60_000 / perMinute;
  const [taken] = await db.query<{ allowed: boolean }>(
    `INSERT INTO agent_request_rate AS r (agent_id, tat) VALUES ($1, statement_timestamp() + $2 * interval '1 millisecond')
     ON CONFLICT (agent_id) DO UPDATE SET tat = GREATEST(r.tat, statement_timestamp()) + $2 * interval '1 millisecond'
      WHERE GREATEST(r.tat, statement_timestamp()) + $2 * interval '1 millisecond' <= statement_timestamp() + interval '1 minute'
     RETURNING true AS allowed`,
    [agentId, intervalMs],
  );
  if (taken) return { allowed: true };
  // Refused: the next request fits once the arrival time is back within a minute of now.
  const [row] = await db.query<{ wait_ms: number }>(
    `SELECT extract(epoch FROM tat - statement_timestamp())::float8 * 1000 + $2 - 60000 AS wait_ms FROM agent_request_rate WHERE agent_id = $1`,
    [agentId, intervalMs],
  );
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row?.wait_ms ?? intervalMs) / 1000)) };
}

/** Forgets agents whose rate is back at a full burst (no row means the same). */
export async function purgeRequestRates(db: Queryable): Promise<void> {
  await db.query('DELETE FROM agent_request_rate WHERE tat < statement_timestamp()');
}
