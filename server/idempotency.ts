import { createHash } from 'node:crypto';
import type { Database, Queryable } from './db/database';
import { HttpProblem, type AppContext } from './http';

export interface WriteResult {
  status: number;
  body: unknown;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** Keys of the writes this process is running, per database, as `agentId\nkey`. */
const inFlightByDatabase = new WeakMap<Database, Set<string>>();

const stillInFlight = () =>
  new HttpProblem(409, 'A request with this Idempotency-Key is still in flight; retry shortly.', undefined, { 'retry-after': '1' });

/**
 * Runs a write once per `Idempotency-Key`. The key is stored in the same transaction as
 * the effect, so a retry after a lost response replays the stored answer and a crash
 * before commit leaves neither. Same key with another body → 422. A duplicate that
 * arrives while the first is still running gets 409 (retry shortly): this replica knows
 * its own writes in flight, and on PostgreSQL a transaction-scoped advisory lock on the
 * key catches a duplicate sent to another replica. Failures (thrown problems) roll back
 * together with the key, so the client may retry them with the same key.
 */
export async function idempotentWrite(
  c: AppContext,
  db: Database,
  body: unknown,
  effect: (tx: Queryable) => Promise<WriteResult>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) {
    const { status, body } = await db.transaction(effect);
    return respond({ status, text: body === null || body === undefined ? null : JSON.stringify(body) }, false);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new HttpProblem(400, 'Idempotency-Key must be 8–200 letters, digits, dots, dashes, colons or underscores (a UUID is ideal).');
  }
  const agentId = c.get('agent').agentId;
  const hash = requestHash(c.req.method, c.req.path, body);
  const inFlight = inFlightByDatabase.get(db) ?? new Set<string>();
  inFlightByDatabase.set(db, inFlight);
  const flightKey = `${agentId}\n${key}`;
  if (inFlight.has(flightKey)) throw stillInFlight();
  inFlight.add(flightKey);
  try {
    const outcome = await db.transaction((tx) => runOnce(tx, db.engine, { agentId, key, hash }, effect));
    return respond(outcome.result, outcome.replayed);
  } finally {
    inFlight.delete(flightKey);
  }
}

async function runOnce(
  tx: Queryable,
  engine: Database['engine'],
  request: { agentId: string; key: string; hash: string },
  effect: (tx: Queryable) => Promise<WriteResult>,
): Promise<{ replayed: boolean; result: { status: number; text: string | null } }> {
  const { agentId, key, hash } = request;
  if (engine === 'postgres') {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
      `idempotency\n${agentId}\n${key}`,
    ]);
    if (!lock?.locked) throw stillInFlight();
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
    if (!stored || stored.status === 0) throw stillInFlight();
    if (stored.request_hash !== hash) {
      throw new HttpProblem(422, 'This Idempotency-Key was already used for a different request. Use a new key for a new change.');
    }
    return { replayed: true, result: { status: stored.status, text: stored.response } };
  }
  const { status, body } = await effect(tx);
  const text = body === null || body === undefined ? null : JSON.stringify(body);
  // Stored as text, not jsonb: a replay answers byte for byte what the first answer said.
  await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE agent_id = $1 AND key = $2', [agentId, key, status, text]);
  return { replayed: false, result: { status, text } };
}

/** Forgets keys older than `days`: long past any client's retries. */
export async function purgeIdempotencyKeys(db: Queryable, days = 7): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`, [days]);
}

function respond(result: { status: number; text: string | null }, replayed: boolean): Response {
  const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
  if (result.text === null) return new Response(null, { status: result.status === 200 ? 204 : result.status, headers });
  return new Response(result.text, { status: result.status, headers: { 'content-type': 'application/json', ...headers } });
}
