import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { log } from '../logger';

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
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseOptions = { databaseUrl: string } | { dataDir: string } | { memory: true };

// PostgreSQL `date` columns come back as strings: a JS Date would shift them by the time zone.
pg.types.setTypeParser(1082, (value: string) => value);
// bigint counts (count(*)) fit in a JS number for everything Jetway counts.
pg.types.setTypeParser(20, (value: string) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl);
  const db = 'dataDir' in options ? new PGlite(options.dataDir) : new PGlite();
  await db.waitReady;
  return {
    engine: 'pglite',
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
      await db.close();
    },
  };
}

function openPostgres(connectionString: string): Database {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.JETWAY_DB_POOL_SIZE ?? 10) });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'PostgreSQL connection error'));
  return {
    engine: 'postgres',
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
