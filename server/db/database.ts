import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, openAsBlob, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { log } from '../logger';
import { LOCK_FILE, lockDataDir, type DataDirLock, type LockHolder } from './lock';

/** Something SQL can run on: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/**
 * One SQL layer over the two databases Jetway runs on: embedded PGlite (the default,
 * file-backed) and PostgreSQL (production, `DATABASE_URL`). Same SQL, parameterised only.
 */
export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** The embedded data dir this process holds (`jetway.lock`), null on PostgreSQL or in memory. */
  readonly lock: DataDirLock | null;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * A consistent backup, streamed: PGlite's dump of the data dir (a gzipped tar), or
   * `pg_dump`'s custom format on PostgreSQL. Restore it with `restoreBackup`.
   */
  backup(): Promise<ReadableStream<Uint8Array>>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { databaseUrl: string }
  /** `role` and `command` name the holder to whoever else wants the dir (default: a command). */
  | { dataDir: string; role?: LockHolder['role']; command?: string }
  | { memory: true };

// PostgreSQL `date` columns come back as strings: a JS Date would shift them by the time zone.
pg.types.setTypeParser(1082, (value: string) => value);
// bigint counts (count(*)) fit in a JS number for everything Jetway counts.
pg.types.setTypeParser(20, (value: string) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl);
  // One process per data dir: PGlite is a single-user database in this process's memory.
  const lock = 'dataDir' in options ? lockDataDir(options.dataDir, options.role ?? 'command', options.command) : null;
  let db: PGlite;
  try {
    db = 'dataDir' in options ? new PGlite(options.dataDir) : new PGlite();
    await db.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    engine: 'pglite',
    lock,
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        work({
          async query<Row>(sql: string, params: unknown[] = []) {
            return (await tx.query<Row>(sql, params)).rows;
          },
        }),
      );
    },
    async backup() {
      // Taken inside the database's own queue: no write lands halfway through it.
      const dump = await db.dumpDataDir('gzip');
      return dump.stream();
    },
    async close() {
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function openPostgres(connectionString: string): Database {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.JETWAY_DB_POOL_SIZE ?? 10) });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'PostgreSQL connection error'));
  return {
    engine: 'postgres',
    lock: null,
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await pool.query(sql, params);
      return result.rows as Row[];
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          async query<Row>(sql: string, params: unknown[] = []) {
            return (await client.query(sql, params)).rows as Row[];
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async backup() {
      const dump = spawn(postgresTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--dbname=${connectionString}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      return toolOutput(dump, 'pg_dump');
    },
    async close() {
      await pool.end();
    },
  };
}

/** A PostgreSQL client tool (pg_dump, pg_restore): `JETWAY_PG_BIN`, else the newest in /usr/lib/postgresql, else on PATH. */
export function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  if (process.env.JETWAY_PG_BIN) return join(process.env.JETWAY_PG_BIN, name);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      const tool = join(root, version, 'bin', name);
      if (existsSync(tool)) return tool;
    }
  }
  return name;
}

/** A tool's standard output as a stream that errors (with its standard error) when the tool fails. */
function toolOutput(child: ChildProcessByStdio<null, Readable, Readable>, name: string): ReadableStream<Uint8Array> {
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const stdout = child.stdout[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = (await stdout.next()) as IteratorResult<Buffer>;
      if (!next.done) return controller.enqueue(new Uint8Array(next.value));
      const code = await exited.catch((error: Error) => {
        errors += error.message;
        return -1;
      });
      if (code === 0) controller.close();
      else controller.error(new Error(`${name} failed: ${errors.trim() || `exit ${code}`}`));
    },
    cancel() {
      child.kill();
    },
  });
}

/** Whether the database holds any of Jetway's tables (a restore refuses to overwrite them without force). */
export async function hasData(options: { databaseUrl: string } | { dataDir: string }): Promise<boolean> {
  if ('dataDir' in options) return existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM pg_tables WHERE schemaname = 'public'`);
    return (result.rows[0]?.count ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup made by `Database.backup()` into an embedded data dir (which must be
 * empty: `hasData`) or a PostgreSQL database; with `force`, what is there is replaced.
 */
export async function restoreBackup(options: { databaseUrl: string } | { dataDir: string }, file: string, force: boolean): Promise<void> {
  if ('dataDir' in options) {
    const lock = lockDataDir(options.dataDir, 'command', 'restore');
    try {
      if (force) for (const entry of readdirSync(options.dataDir)) if (entry !== LOCK_FILE) rmSync(join(options.dataDir, entry), { recursive: true, force: true });
      const db = new PGlite({ dataDir: options.dataDir, loadDataDir: await openAsBlob(file) });
      await db.waitReady;
      await db.query('SELECT 1');
      await db.close();
      // The dump may hold the old dir's lock file: this process holds the restored dir until it is done.
      lock.update({});
    } finally {
      lock.release();
    }
    return;
  }
  const restore = spawn(
    postgresTool('pg_restore'),
    ['--no-owner', '--no-privileges', '--exit-on-error', ...(force ? ['--clean', '--if-exists'] : []), `--dbname=${options.databaseUrl}`, file],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const reader = toolOutput(restore, 'pg_restore').getReader();
  while (!(await reader.read()).done) {
    // pg_restore writes nothing to standard output when restoring into a database.
  }
}
