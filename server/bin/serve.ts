import { serve } from '@hono/node-server';
import { LookupRequestSchema, LookupResponseSchema } from '../../utils/contract';
import { newToken } from '../domain/agents';
import { purgeIdempotencyKeys } from '../domain/idempotency';
import { purgeGrants } from '../domain/oauth';
import { lookupIdentities } from '../domain/lookup';
import { purgeSessions } from '../domain/sessions';
import { createApp, type AppOptions } from '../http/app';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions extends AppOptions {
  port: number;
  host?: string;
}

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
    });
  } catch (error) {
    console.warn(`The lookup warm-up failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Listens on loopback (or `host`) and resolves once the port is bound (after a warm-up lookup). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  await warmUp(options, app);
  const host = options.host ?? '127.0.0.1';
  const purge = () =>
    Promise.all([
      purgeIdempotencyKeys(options.db),
      purgeSessions(options.db, options.now?.() ?? new Date()),
      purgeGrants(options.db, options.now?.() ?? new Date()),
    ]).catch((error: Error) => console.warn(`Could not purge old idempotency keys, sessions and sign-in grants: ${error.message}`));
  void purge();
  const purger = setInterval(() => void purge(), PURGE_EVERY_MS);
  purger.unref();
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
        close: () =>
          new Promise((done) => {
            clearInterval(purger);
            server.close(() => done());
            // Idle keep-alive connections would hold close() open for seconds; requests in flight finish.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', (error) => {
      clearInterval(purger);
      reject(error);
    });
  });
}
