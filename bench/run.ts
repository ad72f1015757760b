/**
 * `npm run bench`: measures every budget in DESIGN.md and writes bench/results.md.
 * Loopback only, bounded in time: the server load runs 10 s per database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/db/database';
import { JetwayServer } from '../tests/e2e/support/server';
import { measureBundles } from './bundle';
import { measureDashboard, measureDashboardOnPglite } from './dashboard';
import { benchMembersCsv } from './members';
import { measurePageBudgets } from './page';
import { CountingProxy } from './proxy';
import type { Figure } from './report';
import { referenceWorkloadMs, writeResults } from './report';
import { burstFigure, loadLookupBursts, loadLookupPaced, loadLookupSaturated, pacedFigure, saturationFigure } from './server-load';
import { benchHandle, buildTimelinePage } from './timeline';

const MEMBERS = 100_000;
/**
 * Offered lookups per second for the budget row, 100 handles each (10,000 handles a
 * second): several times what a 17-agent team sends while a storm fills every feed.
 */
const STEADY_RATE = 100;
const notes: string[] = [];
const figures: Figure[] = [];

function section(title: string) {
  console.log(`\n▶ ${title}`);
}

async function startPostgres(): Promise<{ url: string; stop(): void } | null> {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  const bin = version ? join(root, version, 'bin') : null;
  if (!bin || !existsSync(join(bin, 'pg_ctl'))) return null;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-bench-pg-'));
  spawnSync('chmod', ['777', dir]);
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    spawnSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { encoding: 'utf8' });
  const port = 55_000 + Math.floor(Math.random() * 5_000);
  if (run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'jetway', '--no-sync']).status !== 0) return null;
  const started = run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  if (started.status !== 0) return null;
  const url = `postgres://jetway@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop() {
      run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function serverLoad(database: 'embedded PGlite' | 'PostgreSQL', env: Record<string, string>) {
  const server = new JetwayServer({ ...env, JETWAY_RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const token = server.createAgent('Bench Agent', 'Social Care');
    const started = Date.now();
    server.importMembers(benchMembersCsv(MEMBERS));
    notes.push(`Importing ${MEMBERS.toLocaleString('en')} members into ${database} took ${((Date.now() - started) / 1000).toFixed(1)} s (CLI, one transaction).`);
    await server.start();
    // The CLI while the server runs: the file streams to POST /admin/v1/members/import (every row an update now).
    const through = Date.now();
    server.importMembers(benchMembersCsv(MEMBERS));
    notes.push(
      `Importing the ${MEMBERS.toLocaleString('en')} members again through the running server (CLI streaming to POST /admin/v1/members/import, every row an update) took ${((Date.now() - through) / 1000).toFixed(1)} s on ${database} (budget on PGlite: 30 s).`,
    );
    // Warm up the server and the database caches before measuring.
    await loadLookupSaturated(server.url, token, 2, 4);
    // The budget row: a load well above a team's needs, evenly spaced. For information:
    // the same load in bursts, and what the server answers when saturated.
    figures.push(pacedFigure(database, MEMBERS, STEADY_RATE, await loadLookupPaced(server.url, token, 10, STEADY_RATE)));
    figures.push(burstFigure(database, 4, STEADY_RATE, await loadLookupBursts(server.url, token, 10, 4, STEADY_RATE)));
    figures.push(saturationFigure(database, 8, await loadLookupSaturated(server.url, token, 10, 8)));
  } finally {
    await server.dispose();
  }
}

/** The dashboard's queries on a database of their own on the bench's PostgreSQL. */
async function dashboardOnPostgres(url: string): Promise<Figure[]> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('CREATE DATABASE jetway_bench_dashboard');
  await admin.end();
  const db = await openDatabase({ databaseUrl: url.replace(/\/postgres$/, '/jetway_bench_dashboard') });
  try {
    return await measureDashboard('PostgreSQL', db);
  } finally {
    await db.close();
  }
}

async function main() {
  notes.push(`Machine speed: the reference workload (\`referenceWorkloadMs\` in bench/report.ts) took ${referenceWorkloadMs().toFixed(0)} ms; the figures scale with it when runs on other days or machines are compared.`);
  section('Build');
  spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  figures.push(...measureBundles());

  section('Server: POST /v1/lookup under load; the dashboard\'s queries');
  await serverLoad('embedded PGlite', {});
  figures.push(...(await measureDashboardOnPglite()));
  const postgres = await startPostgres();
  if (postgres) {
    try {
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query('CREATE DATABASE jetway_bench');
      await admin.end();
      await serverLoad('PostgreSQL', { DATABASE_URL: postgres.url.replace(/\/postgres$/, '/jetway_bench') });
      figures.push(...(await dashboardOnPostgres(postgres.url)));
    } finally {
      postgres.stop();
    }
  } else {
    notes.push('PostgreSQL was not available on this machine: its server figures are missing.');
  }

  section('Page: extension on vs off, time to badge, requests, memory, cold start');
  const server = new JetwayServer({ JETWAY_RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const token = server.createAgent('Bench Agent', 'Social Care');
    server.importMembers(benchMembersCsv(2_000));
    await server.start();
    const proxy = new CountingProxy(server.url);
    await proxy.start();
    // 400 distinct authors over 1,000 posts; even ones are members (bench_u0…), odd ones are not.
    const handles = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? benchHandle(i) : `stranger_${i}`));
    const timelineHtml = buildTimelinePage(readFileSync('tests/fixtures/x/x-folders/x-home.html', 'utf8'));
    figures.push(...(await measurePageBudgets({ serverUrl: proxy.url, token, proxy, timelineHtml, handles, uniqueHandles: handles.length })));
    await proxy.stop();
  } finally {
    await server.dispose();
  }

  writeResults(figures, notes);
  const missed = figures.filter((figure) => figure.met === false);
  if (missed.length > 0) console.log(`\n${missed.length} budget(s) missed: see bench/results.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
