import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir, type DataDirLock, type LockHolder } from './lock';

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
  pool.on('error', (error) => console.warn(`PostgreSQL connection error: ${error.message}`));
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
    async close() {
      await pool.end();
    },
  };
}
