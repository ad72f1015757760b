import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { LookupRequestSchema, LookupResponseSchema } from '../../utils/contract';
import { newToken } from '../domain/agents';
import { purgeIdempotencyKeys } from '../domain/idempotency';
import { purgeLinkFailures } from '../domain/links';
import { purgeGrants } from '../domain/oauth';
import { lookupIdentities } from '../domain/lookup';
import { purgeRequestRates } from '../domain/request-rate';
import { removeOldTranscripts } from '../domain/retention';
import { purgeSessions } from '../domain/sessions';
import { startDeliveryWorker, type DeliveryPolicy } from '../domain/webhooks/delivery';
import type { Mailer } from '../domain/webhooks/notices';
import { createApp, lookupAuditWriter, type AppOptions } from '../http/app';
import { RequestTraffic } from '../http/middleware/traffic';
import { log } from '../logger';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions extends AppOptions {
  port: number;
  host?: string;
  /** Webhook and notice delivery (on unless `false`): retry times, the mailer, the Console's public URL. */
  webhooks?: false | { policy?: Partial<DeliveryPolicy>; mailer?: Mailer | null; publicUrl?: string };
  /** JETWAY_TRANSCRIPT_RETENTION_DAYS: transcripts lose their words this many days after the handoff (null: kept). */
  transcriptRetentionDays?: number | null;
  /** How long a stop waits for requests in flight (SHUTDOWN_GRACE_MS; tests shorten it). */
  shutdownGraceMs?: number;
}

/** How long a stop waits for requests in flight before it closes their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

const PURGE_EVERY_MS = 60 * 60_000;
/** No team has this id: the warm-up lookup reads nothing that belongs to anyone. */
const NO_TEAM = '00000000-0000-0000-0000-000000000000';

/**
 * Runs one lookup before the port opens, so the first agents after a restart do not pay
 * for compiling the lookup function, planning its queries and warming the handlers (the
 * first lookup costs some 200 ms cold, 10 ms warm). A failure here is the first
 * request's to report, not the start's.
 */
async function warmUp(options: ServerOptions, app: ReturnType<typeof createApp>): Promise<void> {
  try {
    const identities = LookupRequestSchema.parse({ identities: [{ network: 'x', handle: 'jetway_warm_up' }] }).identities;
    LookupResponseSchema.parse({ results: await lookupIdentities(options.db, NO_TEAM, identities) });
    // Through the middleware and the token query: a token nobody holds is turned away.
    await app.request('/v1/lookup', {
      method: 'POST',
      headers: { authorization: `Bearer ${newToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identities: [{ network: 'x', handle: 'jetway_warm_up' }] }),
    }, { warmUp: true });
  } catch (error) {
    (options.logger ?? log).warn({ err: error }, 'the lookup warm-up failed');
  }
}

/** Listens on loopback (or `host`) and resolves once the port is bound (after a warm-up lookup). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const traffic = options.traffic ?? new RequestTraffic();
  const lookupAudit = options.lookupAudit ?? lookupAuditWriter(options.db, options.logger ?? log, traffic);
  const app = createApp({ ...options, lookupAudit, traffic });
  await warmUp(options, app);
  const host = options.host ?? '127.0.0.1';
  const purge = () =>
    Promise.all([
      purgeIdempotencyKeys(options.db),
      purgeSessions(options.db, options.now?.() ?? new Date()),
      purgeLinkFailures(options.db, options.now?.() ?? new Date()),
      purgeGrants(options.db, options.now?.() ?? new Date()),
      purgeRequestRates(options.db),
    ]).catch((error: unknown) =>
      (options.logger ?? log).warn({ err: error }, 'could not purge old idempotency keys, sessions, failed link attempts, sign-in grants and request rates'),
    );
  const retain = async () => {
    const days = options.transcriptRetentionDays;
    if (!days) return;
    try {
      const removed = await removeOldTranscripts(options.db, days, options.now?.() ?? new Date());
      if (removed.transcripts + removed.events > 0) (options.logger ?? log).info({ ...removed, days }, 'removed the words of transcripts, and webhook events, older than the retention');
    } catch (error) {
      (options.logger ?? log).error({ err: error }, 'could not remove old transcripts (JETWAY_TRANSCRIPT_RETENTION_DAYS)');
    }
  };
  // Hourly, and once at start: a server restarted daily still purges.
  const housekeeping = () => Promise.all([purge(), retain()]);
  let housekeepingDone = housekeeping();
  const purger = setInterval(() => {
    housekeepingDone = housekeeping();
  }, PURGE_EVERY_MS);
  purger.unref();
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      const webhooks = options.webhooks === false ? null : (options.webhooks ?? {});
      const worker = webhooks
        ? startDeliveryWorker({ db: options.db, policy: webhooks.policy, mailer: webhooks.mailer, consoleUrl: webhooks.publicUrl ?? url, now: options.now })
        : null;
      resolve({
        url,
        close: () =>
          new Promise((done) => {
            clearInterval(purger);
            // Tries in flight finish and record their outcome, and the lookups answered before
            // the close are audited, before the database closes.
            const stopped = worker?.stop() ?? Promise.resolve();
            const http = server as Server;
            // Keep-alive connections go as soon as they are idle (a request in flight finishes
            // first); whatever is still open after the grace period is cut.
            const idle = setInterval(() => http.closeIdleConnections(), 100);
            const cut = setTimeout(() => http.closeAllConnections(), options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
            http.close(() => {
              clearInterval(idle);
              clearTimeout(cut);
              void Promise.all([stopped, lookupAudit.close(), housekeepingDone]).then(() => done());
            });
            http.closeIdleConnections();
          }),
      });
    });
    server.once('error', (error) => {
      clearInterval(purger);
      reject(error);
    });
  });
}
