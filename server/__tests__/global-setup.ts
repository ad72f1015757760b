import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server for the suite, or null where none could be had. */
    postgresUrl: string | null;
  }
}

function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) if (existsSync(join(root, version, 'bin', 'pg_ctl'))) return join(root, version, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Where the setup says why the PostgreSQL half did not run: `npm test` (tests/run-all.ts)
 * reads it and reports that half as skipped, with this reason, in its totals.
 */
export const POSTGRES_SKIPPED_FILE = 'test-results/postgres-skipped.json';

function warnPostgresMissing(reason: string): void {
  mkdirSync('test-results', { recursive: true });
  writeFileSync(POSTGRES_SKIPPED_FILE, JSON.stringify({ reason }));
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n!!! ${reason}\n!!! The server suite runs on PGlite ONLY; its PostgreSQL half is skipped.\n!!! Install PostgreSQL (Debian: apt-get install postgresql) or set JETWAY_TEST_DATABASE_URL to run both.\n${line}\n`);
}

/**
 * Starts a throwaway PostgreSQL on a loopback port for the server suite (PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` user). Uses
 * JETWAY_TEST_DATABASE_URL (or DATABASE_URL) instead when set: each suite creates and
 * drops its own database there. JETWAY_TEST_POSTGRES=0 runs the PGlite half only (reported
 * as such, like a machine without PostgreSQL).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  rmSync(POSTGRES_SKIPPED_FILE, { force: true });
  if (process.env.JETWAY_TEST_POSTGRES === '0') {
    warnPostgresMissing('JETWAY_TEST_POSTGRES=0: PostgreSQL was left out on purpose.');
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  const given = process.env.JETWAY_TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return () => undefined;
  }
  const bin = findPostgresBin();
  if (!bin) {
    warnPostgresMissing('No PostgreSQL binaries found (looked in /usr/lib/postgresql/*/bin and on PATH).');
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  try {
    return await startThrowawayPostgres(project, bin);
  } catch (error) {
    warnPostgresMissing(`PostgreSQL could not be started: ${error instanceof Error ? error.message : String(error)}`);
    project.provide('postgresUrl', null);
    return () => undefined;
  }
}

async function startThrowawayPostgres(project: TestProject, bin: string): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-pg-'));
  chmodSync(dir, 0o777);
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] as const : [command, args] as const;
    const outcome = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (outcome.status !== 0) throw new Error(`${command} failed: ${outcome.stderr || outcome.stdout}`);
  };
  const port = await freePort();
  const data = join(dir, 'data');
  try {
    run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'jetway', '--no-sync']);
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('postgresUrl', `postgres://jetway@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
