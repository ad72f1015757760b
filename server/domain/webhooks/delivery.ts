import { HandoffSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { handoffNotice, endpointOwnerEmails, type Mailer } from './notices';
import { signedHeaders } from './signature';
import { log } from '../../logger';

/** How deliveries are tried; tests shrink the times, production keeps `DELIVERY_POLICY`. */
export interface DeliveryPolicy {
  /** One try's limit: connect, send and the answer's status. */
  timeoutMs: number;
  /** How long a claim holds a delivery from other workers; well over `timeoutMs`. */
  leaseMs: number;
  /** The first retry's delay; each next one doubles (with jitter), up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** No try is scheduled later than this after the event: the delivery has failed. */
  giveUpAfterMs: number;
  /** An endpoint failing this long without one success is disabled. */
  disableAfterMs: number;
  /** How often the worker looks for due deliveries. */
  pollMs: number;
  /** Deliveries claimed at once. */
  batch: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  leaseMs: 60_000,
  firstRetryMs: 30_000,
  maxRetryMs: 2 * 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  disableAfterMs: 3 * 24 * 60 * 60_000,
  pollMs: 2_000,
  batch: 10,
};

export interface DeliveryWorkerOptions {
  db: Database;
  policy?: Partial<DeliveryPolicy>;
  /** Where the Console is (notices link to the handoff there). */
  consoleUrl: string;
  /** Sends the email notices; without one they fail with a reason the team can read. */
  mailer?: Mailer | null;
  now?: () => Date;
}

export interface DeliveryWorker {
  /** Claims and tries the due deliveries once; how many it tried. */
  runOnce(): Promise<number>;
  /** Stops looking for work and waits for the tries in flight. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  event_id: string;
  endpoint_id: string;
  attempts: number;
  created_at: Date;
  kind: 'webhook' | 'slack' | 'email';
  target: string;
  secret: string | null;
  team_id: string;
  type: string;
  payload: string;
}

/** What one try came to: success, or a failure with what the receiver said and when it may be tried again. */
type Outcome = { ok: true; status: number | null } | { ok: false; status: number | null; error: string; retryAfterMs: number | null };

/** `Retry-After` in seconds or as an HTTP date, as a delay from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Exponential backoff with jitter: the n-th retry waits between half and all of `first × 2^(n-1)`, capped. */
export function backoffMs(policy: DeliveryPolicy, attempts: number): number {
  const full = Math.min(policy.maxRetryMs, policy.firstRetryMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + Math.random() / 2));
}

/**
 * POSTs JSON and reads only the status: redirects are not followed (a 3xx is a failure),
 * the body is never read (a large answer costs nothing), and the try ends after the timeout.
 */
async function post(url: string, body: string, headers: Record<string, string>, policy: DeliveryPolicy, now: Date): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Jetway-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return {
      ok: false,
      status: response.status,
      error: response.status >= 300 && response.status < 400 ? `Redirected (${response.status}); redirects are not followed` : `HTTP ${response.status}`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
    };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `No answer within ${policy.timeoutMs / 1000} s` : String((error as Error).cause ?? error);
    return { ok: false, status: null, error: reason.slice(0, 500), retryAfterMs: null };
  }
}

/**
 * The durable delivery worker of one server process. It claims due deliveries with a lease
 * (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so replicas never take the same one), tries each,
 * and records the outcome only while its claim is still the current one (same attempt
 * count, still pending): a delivery succeeds once per endpoint. Nothing lives in memory:
 * a restart finds the pending deliveries where they were.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db } = options;
  const policy = { ...DELIVERY_POLICY, ...options.policy };
  const clock = options.now ?? (() => new Date());

  async function claim(): Promise<Claimed[]> {
    const now = clock();
    return db.query<Claimed>(
      `WITH claimed AS (
         UPDATE webhook_deliveries d SET lease_until = $2, attempts = d.attempts + 1
          WHERE d.id IN (SELECT id FROM webhook_deliveries
                          WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                          ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, d.created_at)
       SELECT c.id::text AS id, c.event_id, c.endpoint_id, c.attempts, c.created_at, e.kind, e.target, e.secret, e.team_id, ev.type, ev.payload
         FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN webhook_events ev ON ev.id = c.event_id`,
      [now, new Date(now.getTime() + policy.leaseMs), policy.batch],
    );
  }

  async function attempt(delivery: Claimed): Promise<Outcome> {
    const now = clock();
    if (delivery.kind === 'webhook') {
      return post(delivery.target, delivery.payload, signedHeaders(delivery.secret ?? '', delivery.event_id, delivery.payload, now), policy, now);
    }
    const handoff = HandoffSchema.parse((JSON.parse(delivery.payload) as { data: unknown }).data);
    const notice = await handoffNotice(db, handoff, options.consoleUrl);
    if (delivery.kind === 'slack') return post(delivery.target, JSON.stringify({ text: notice.text }), {}, policy, now);
    if (!options.mailer) return { ok: false, status: null, error: 'Email is not set up on this server (JETWAY_SMTP_URL)', retryAfterMs: null };
    try {
      await options.mailer.send({ to: delivery.target, ...notice });
      return { ok: true, status: null };
    } catch (error) {
      return { ok: false, status: null, error: String((error as Error).message ?? error).slice(0, 500), retryAfterMs: null };
    }
  }

  async function record(delivery: Claimed, outcome: Outcome): Promise<void> {
    const now = clock();
    const mine = 'id = $1 AND attempts = $2 AND status = $3';
    if (outcome.ok) {
      await db.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $4, lease_until = NULL, last_status = $5, last_error = NULL WHERE ${mine}`,
        [delivery.id, delivery.attempts, 'pending', now, outcome.status],
      );
      await db.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1', [delivery.endpoint_id]);
      return;
    }
    // A Retry-After can put the next try later than the backoff, never sooner: a receiver
    // answering every try with `Retry-After: 0` is not tried on every poll for a day.
    const next = new Date(now.getTime() + Math.max(outcome.retryAfterMs ?? 0, backoffMs(policy, delivery.attempts)));
    const givenUp = next.getTime() > new Date(delivery.created_at).getTime() + policy.giveUpAfterMs;
    await db.query(
      `UPDATE webhook_deliveries SET status = $4, next_attempt_at = $5, lease_until = NULL, last_status = $6, last_error = $7 WHERE ${mine}`,
      [delivery.id, delivery.attempts, 'pending', givenUp ? 'failed' : 'pending', next, outcome.status, outcome.error],
    );
    await failing(delivery, now);
  }

  /** Marks the endpoint failing since its first failure; after `disableAfterMs` it is disabled and the team's admins told. */
  async function failing(delivery: Claimed, now: Date): Promise<void> {
    const [disabled] = await db.transaction(async (tx) => {
      await tx.query('UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1', [delivery.endpoint_id, now]);
      const rows = await tx.query<{ id: string }>(
        'UPDATE webhook_endpoints SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL AND failing_since <= $3 RETURNING id',
        [delivery.endpoint_id, now, new Date(now.getTime() - policy.disableAfterMs)],
      );
      if (rows.length === 0) return rows;
      await tx.query(`UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL WHERE endpoint_id = $1 AND status = 'pending'`, [
        delivery.endpoint_id,
      ]);
      await tx.query(`INSERT INTO audit_log (at, team_id, action, detail) VALUES ($1, $2, 'webhook.endpoint.disabled', $3)`, [
        now,
        delivery.team_id,
        JSON.stringify({ endpointId: delivery.endpoint_id, kind: delivery.kind, target: delivery.kind === 'webhook' ? delivery.target : undefined }),
      ]);
      return rows;
    });
    if (!disabled || !options.mailer) return;
    const text = `Jetway stopped delivering to ${delivery.kind === 'email' ? 'the notice email address' : delivery.target}: every try failed for ${Math.round(policy.disableAfterMs / 3_600_000)} hours (last: ${delivery.kind}). Fix the receiver, then retry its failed events or rotate its secret in the Console's Webhooks page.`;
    for (const to of await endpointOwnerEmails(db, delivery.team_id)) {
      await options.mailer.send({ to, subject: 'Jetway: a webhook endpoint was disabled', text }).catch((error: unknown) => log.warn({ err: error }, 'Could not email a lead or administrator about a disabled webhook endpoint'));
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    await Promise.all(claimed.map(async (delivery) => record(delivery, await attempt(delivery).catch((error: Error) => failure(error)))));
    return claimed.length;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await runOnce()) >= policy.batch);
    } catch (error) {
      if (!stopped) log.warn({ err: error }, 'Webhook delivery failed; the next poll tries again');
    }
    if (!stopped) {
      timer = setTimeout(() => (running = tick()), policy.pollMs);
      timer.unref();
    }
  };
  running = tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

function failure(error: Error): Outcome {
  return { ok: false, status: null, error: error.message.slice(0, 500), retryAfterMs: null };
}
