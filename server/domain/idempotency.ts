import type { Database, Queryable } from '../db/database';
import { DomainError } from './errors';

/** A write's answer as stored with its key: the status and the JSON text (null for no body). */
export interface StoredAnswer {
  status: number;
  text: string | null;
}

export class StillInFlight extends Error {
  constructor() {
    super('A request with this Idempotency-Key is still in flight; retry shortly.');
  }
}

/**
 * Runs `effect` once per (agent, key) inside the caller's transaction. The key is stored in
 * the same transaction as the effect, so a retry after a lost answer replays the stored
 * answer and a crash before commit leaves neither. The same key with another request →
 * `invalid`; a duplicate while the first still runs → `StillInFlight` (on PostgreSQL a
 * transaction-scoped advisory lock on the key catches a duplicate sent to another replica).
 */
export async function runOnce(
  tx: Queryable,
  engine: Database['engine'],
  request: { agentId: string; key: string; hash: string },
  effect: (tx: Queryable) => Promise<StoredAnswer>,
): Promise<{ replayed: boolean; answer: StoredAnswer }> {
  const { agentId, key, hash } = request;
  if (engine === 'postgres') {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
      `idempotency\n${agentId}\n${key}`,
    ]);
    if (!lock?.locked) throw new StillInFlight();
  }
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (agent_id, key, request_hash, status) VALUES ($1, $2, $3, 0)
     ON CONFLICT (agent_id, key) DO NOTHING RETURNING key`,
    [agentId, key, hash],
  );
  if (inserted.length === 0) {
    const [stored] = await tx.query<{ request_hash: string; status: number; response: string | null }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE agent_id = $1 AND key = $2',
      [agentId, key],
    );
    if (!stored || stored.status === 0) throw new StillInFlight();
    if (stored.request_hash !== hash) {
      throw new DomainError('invalid', 'This Idempotency-Key was already used for a different request. Use a new key for a new change.', undefined, undefined, 'idempotency_key_reused');
    }
    return { replayed: true, answer: { status: stored.status, text: stored.response } };
  }
  const answer = await effect(tx);
  // Stored as text, not jsonb: a replay answers byte for byte what the first answer said.
  await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE agent_id = $1 AND key = $2', [agentId, key, answer.status, answer.text]);
  return { replayed: false, answer };
}

/** Forgets keys older than `days`: long past any client's retries. */
export async function purgeIdempotencyKeys(db: Queryable, days = 7): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`, [days]);
}
