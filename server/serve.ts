import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { Database } from './db/database';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on loopback (or `host`) and resolves once the port is bound. */
export function startServer(options: { db: Database; port: number; host?: string; rateLimitPerMinute?: number; extensionOrigins?: string[] }): Promise<RunningServer> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
