import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc, type ClientResponse } from 'hono/client';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { startServer } from '../bin/serve';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent, type NewAgent } from '../domain/agents';
import type { AppOptions, AppType } from '../http/app';
import { createLogger } from '../logger';

export type Engine = 'pglite' | 'postgres';

/** The engines this run can test: PGlite always, PostgreSQL when the setup started one. */
export function engines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** The API as a typed client: `api.v1.cases.$post({ json })`, its answers typed per status. */
export type ApiClient = ReturnType<typeof hc<AppType>>;

/** An answer read whole: its status, headers, text and the JSON the contract declares for that status. */
export type Answer<R> = R extends ClientResponse<infer Body, infer Status, infer _Format> ? { status: Status; headers: Headers; text: string; json: Body } : never;

/** An answer to a request outside the contract (hostile bodies, raw headers): its JSON is unknown. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface TestServer {
  url: string;
  db: Database;
  token(name: string, team: string): Promise<string>;
  /** An agent with a Console account (email, role, password), and their token. */
  account(input: NewAgent): Promise<{ agentId: string; teamId: string; token: string }>;
  /** The typed client as the agent holding `token` (or as nobody). */
  api(token: string | null, options?: ClientOptions): ApiClient;
  /** A request the typed client would refuse to make: malformed JSON, wrong types, odd headers. */
  raw(token: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface ClientOptions {
  headers?: Record<string, string>;
  /** Sees the text of every answer (e.g. to check that a secret never leaves the server). */
  onText?: (text: string) => void;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * After an early 413 the server closes a connection the client still holds in its pool;
 * like any HTTP client, retry once on a fresh connection.
 */
const retryingFetch: typeof fetch = (input, init) => fetch(input, init).catch(() => fetch(input, init));

/** A typed client of the server at `url`, sending the token as a bearer. */
export function apiClient(url: string, token: string | null, options: ClientOptions = {}): ApiClient {
  const { onText } = options;
  return hc<AppType>(url, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    fetch: onText
      ? async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await retryingFetch(input, init);
          onText(await response.clone().text());
          return response;
        }
      : retryingFetch,
  });
}

/** Reads an answer whole; `json` has the type the contract gives the answer's status. */
export async function read<R extends ClientResponse<unknown, number, string>>(response: R | Promise<R>): Promise<Answer<R>> {
  const answer = await response;
  const text = await answer.text();
  return { status: answer.status, headers: answer.headers, text, json: parseJson(text) } as Answer<R>;
}

/** Checks the answer's status and returns the body the contract declares for it. */
export async function bodyOf<R extends ClientResponse<unknown, number, string>, S extends R['status']>(
  response: R | Promise<R>,
  status: S,
): Promise<R extends ClientResponse<infer Body, S, infer _Format> ? Body : never> {
  const answer = await response;
  const text = await answer.text();
  expect(answer.status, text).toBe(status);
  return parseJson(text) as R extends ClientResponse<infer Body, S, infer _Format> ? Body : never;
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
export async function startTestServer(
  engine: Engine,
  options: Pick<AppOptions, 'rateLimitPerMinute' | 'extensionOrigins' | 'now' | 'signInLimits' | 'sessionPolicy' | 'consoleDir' | 'logger' | 'adminKey'> = {},
): Promise<TestServer> {
  const fresh = await freshDatabase(engine);
  const { db } = fresh;
  await migrate(db);
  const server = await startServer({
    db,
    port: 0,
    ...options,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    // Tests read what they need from the answers; a test about logging passes its own.
    logger: options.logger ?? createLogger({ level: 'silent' }),
  });
  return {
    url: server.url,
    db,
    async token(name, team) {
      return (await createAgent(db, { name, team })).token;
    },
    account(input) {
      return createAgent(db, input);
    },
    api(token, options) {
      return apiClient(server.url, token, options);
    },
    async raw(token, method, path, body, headers = {}) {
      const response = await retryingFetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: parseJson(text) };
    },
    async close() {
      await server.close();
      await fresh.dispose();
    },
  };
}
