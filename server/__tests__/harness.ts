import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createAgent } from '../agents';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrations';
import { startServer } from '../serve';

export type Engine = 'pglite' | 'postgres';

/** The engines this run can test: PGlite always, PostgreSQL when the setup started one. */
export function engines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestServer {
  url: string;
  db: Database;
  token(name: string, team: string): Promise<string>;
  call(token: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  close(): Promise<void>;
}

export interface TestDatabase {
  db: Database;
  /** What the CLI needs to reach the same database: `DATABASE_URL` or `JETWAY_DATA_DIR`. */
  env: Record<string, string>;
  /** Closes the connection and removes the database. */
  dispose(): Promise<void>;
}

/** A fresh, empty database of the given engine: a temp dir for PGlite, a new database on PostgreSQL. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-pglite-'));
    const db = await openDatabase({ dataDir: dir });
    return {
      db,
      env: { JETWAY_DATA_DIR: dir },
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl')!;
  const name = `jetway_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    env: { DATABASE_URL: url.toString() },
    async dispose() {
      await db.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

/** A real server on a random loopback port over a fresh database of the given engine. */
export async function startTestServer(engine: Engine, options: { rateLimitPerMinute?: number; extensionOrigins?: string[] } = {}): Promise<TestServer> {
  const fresh = await freshDatabase(engine);
  const { db } = fresh;
  await migrate(db);
  const server = await startServer({
    db,
    port: 0,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    extensionOrigins: options.extensionOrigins,
  });
  return {
    url: server.url,
    db,
    async token(name, team) {
      return (await createAgent(db, { name, team })).token;
    },
    async call(token, method, path, body, headers = {}) {
      const send = () => fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      // After an early 413 the server closes a connection the client still holds in its
      // pool; like any HTTP client, retry once on a fresh connection.
      const response = await send().catch(send);
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    async close() {
      await server.close();
      await fresh.dispose();
    },
  };
}
