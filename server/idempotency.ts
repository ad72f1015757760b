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

/**
 * Runs a write once per `Idempotency-Key`. The key is stored in the same transaction as
 * the effect, so a retry after a lost response replays the stored answer and a crash
 * before commit leaves neither. Same key with another body → 422. A concurrent duplicate
 * waits for the first on PostgreSQL (unique index) and then replays it. Failures (thrown
 * problems) roll back together with the key, so the client may retry them with the same key.
 */
export async function idempotentWrite(
  c: AppContext,
  db: Database,
  body: unknown,
  effect: (tx: Queryable) => Promise<WriteResult>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return respond(c, await db.transaction(effect), false);
  if (!KEY_PATTERN.test(key)) {
    throw new HttpProblem(400, 'Idempotency-Key must be 8–200 letters, digits, dots, dashes, colons or underscores (a UUID is ideal).');
  }
  const agentId = c.get('agent').agentId;
  const hash = requestHash(c.req.method, c.req.path, body);
  const outcome = await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (agent_id, key, request_hash, status) VALUES ($1, $2, $3, 0)
       ON CONFLICT (agent_id, key) DO NOTHING RETURNING key`,
      [agentId, key, hash],
    );
    if (inserted.length === 0) {
      const [stored] = await tx.query<{ request_hash: string; status: number; response: unknown }>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE agent_id = $1 AND key = $2',
        [agentId, key],
      );
      if (!stored) throw new HttpProblem(409, 'This Idempotency-Key is being used by a request in flight; retry shortly.');
      if (stored.request_hash !== hash) {
        throw new HttpProblem(422, 'This Idempotency-Key was already used for a different request. Use a new key for a new change.');
      }
      if (stored.status === 0) throw new HttpProblem(409, 'A request with this Idempotency-Key is still in flight; retry shortly.');
      return { replayed: true, result: { status: stored.status, body: stored.response } };
    }
    const result = await effect(tx);
    await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE agent_id = $1 AND key = $2', [
      agentId,
      key,
      result.status,
      JSON.stringify(result.body ?? null),
    ]);
    return { replayed: false, result };
  });
  return respond(c, outcome.result, outcome.replayed);
}

function respond(c: AppContext, result: WriteResult, replayed: boolean): Response {
  const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
  if (result.status === 204 || result.body === null || result.body === undefined) {
    return new Response(null, { status: result.status === 200 ? 204 : result.status, headers });
  }
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
