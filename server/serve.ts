import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { Database } from './db/database';
import { purgeIdempotencyKeys } from './idempotency';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  db: Database;
  port: number;
  host?: string;
  rateLimitPerMinute?: number;
  extensionOrigins?: string[];
}

const PURGE_EVERY_MS = 60 * 60_000;

/** Listens on loopback (or `host`) and resolves once the port is bound. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  const purge = () => purgeIdempotencyKeys(options.db).catch((error: Error) => console.warn(`Could not purge old idempotency keys: ${error.message}`));
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
