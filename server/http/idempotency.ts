import { createHash } from 'node:crypto';
import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode, SuccessStatusCode } from 'hono/utils/http-status';
import type { JSONParsed, JSONValue } from 'hono/utils/types';
import type { Database, Queryable } from '../db/database';
import { runOnce, StillInFlight, type StoredAnswer } from '../domain/idempotency';
import type { AppContext } from './context';
import { HttpProblem } from './problem';

/** What a write answers: its status and body (`null` for no body, e.g. 204). */
export interface WriteResult<S extends SuccessStatusCode, B extends JSONValue | null> {
  status: S;
  body: B;
}

/**
 * The typed answer of a write: JSON of the effect's body type with the effect's status, or
 * no content. A replay carries the bytes the same effect stored, so it has the same type.
 */
export type WriteResponse<S extends SuccessStatusCode, B> = Response &
  (B extends null ? TypedResponse<Record<never, never>, S, string> : S extends ContentfulStatusCode ? TypedResponse<JSONParsed<B>, S, 'json'> : never);

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** Keys of the writes this process is running, per database, as `agentId\nkey`. */
const inFlightByDatabase = new WeakMap<Database, Set<string>>();

const stillInFlight = () =>
  new HttpProblem(409, 'A request with this Idempotency-Key is still in flight; retry shortly.', undefined, { 'retry-after': '1' }, 'request_in_flight');

/**
 * Runs a write once per `Idempotency-Key` (see `runOnce`): a retry after a lost answer
 * replays the stored one (`Idempotent-Replayed: true`), the same key with another body is
 * refused (422), and a duplicate that arrives while the first is still running gets 409
 * with `Retry-After: 1`. This replica knows its own writes in flight; the database catches
 * a duplicate sent to another. Failures (thrown problems) roll back together with the key,
 * so the client may retry them with the same key. Without the header the write simply runs.
 */
export async function idempotentWrite<S extends SuccessStatusCode, B extends JSONValue | null>(
  c: AppContext,
  db: Database,
  request: unknown,
  effect: (tx: Queryable) => Promise<WriteResult<S, B>>,
): Promise<WriteResponse<S, B>> {
  const stored = async (tx: Queryable): Promise<StoredAnswer> => {
    const { status, body } = await effect(tx);
    return { status, text: body === null ? null : JSON.stringify(body) };
  };
  const key = c.req.header('idempotency-key');
  if (key === undefined) return respond<S, B>(await db.transaction(stored), false);
  if (!KEY_PATTERN.test(key)) {
    throw new HttpProblem(400, 'Idempotency-Key must be 8–200 letters, digits, dots, dashes, colons or underscores (a UUID is ideal).', undefined, {}, 'idempotency_key_invalid');
  }
  const agentId = c.get('agent').agentId;
  const hash = requestHash(c.req.method, c.req.path, request);
  const inFlight = inFlightByDatabase.get(db) ?? new Set<string>();
  inFlightByDatabase.set(db, inFlight);
  const flightKey = `${agentId}\n${key}`;
  if (inFlight.has(flightKey)) throw stillInFlight();
  inFlight.add(flightKey);
  try {
    const outcome = await db.transaction((tx) => runOnce(tx, db.engine, { agentId, key, hash }, stored));
    return respond<S, B>(outcome.answer, outcome.replayed);
  } catch (error) {
    if (error instanceof StillInFlight) throw stillInFlight();
    throw error;
  } finally {
    inFlight.delete(flightKey);
  }
}

/**
 * The stored answer as a response. The one place a raw `Response` is given the write's
 * type: its text is the JSON of a body the typed effect produced (now or when first run).
 */
function respond<S extends SuccessStatusCode, B>(answer: StoredAnswer, replayed: boolean): WriteResponse<S, B> {
  const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
  const response =
    answer.text === null
      ? new Response(null, { status: answer.status === 200 ? 204 : answer.status, headers })
      : new Response(answer.text, { status: answer.status, headers: { 'content-type': 'application/json', ...headers } });
  return response as WriteResponse<S, B>;
}
