/**
 * `npm run bench`: measures every budget (docs/testing.md, "Benchmarks") and writes
 * bench/results.md. Loopback only, bounded in time: the server load runs 10 s per
 * database. `npm run bench -- --only=growth` (or bundle, server, page) runs one part and
 * prints it without writing results.md; `--profile` also saves a DevTools CPU profile of
 * the 3,000-post X growth run in bench/profiles/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/db/database';
import { launchWithExtension, serveSite, signIn } from '../tests/e2e/support/extension';
import { JetwayServer } from '../tests/e2e/support/server';
import { measureBundles } from './bundle';
import { measureDashboard, measureDashboardOnPglite } from './dashboard';
import { buildFacebookFeedPage, buildFacebookThreadPage } from './facebook-pages';
import { growthFigures, profileGrowth, runGrowth, type GrowthPage, type GrowthRun } from './growth';
import { benchFacebookId, benchMembersCsv } from './members';
import { launchPlain, measurePageBudgets } from './page';
import { launchWithPeer } from './peer';
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
/** Runs with the extension, with the peer labeller and without, in turn, for each growing page. */
const GROWTH_PAIRS = 2;
const notes: string[] = [];
const figures: Figure[] = [];
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? null;
const wanted = (part: string) => only === null || only === part;

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

/** Time for the warm-up's audit rows to be written (about 3 s of statements on embedded PGlite). */
const WARM_UP_AUDIT_MS = 8_000;

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
    // The warm-up shows some 30,000 members in 2 s: let their audit rows be written before
    // measuring, as after any burst (they would otherwise be in front of the paced run).
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_AUDIT_MS));
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

/** Handles of the growth runs: one per post, even ones members (X `bench_u<i>`, Facebook `10000000000+i`). */
function growthHandles(count: number, member: (i: number) => string, stranger: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? member(i) : stranger(i)));
}

async function growth() {
  const POSTS = 3_000;
  const server = new JetwayServer({ JETWAY_RATE_LIMIT_PER_MINUTE: '100000000' });
  const withExtension = await launchWithExtension();
  const plain = await launchPlain();
  const xHandles = growthHandles(POSTS, benchHandle, (i) => `stranger_${i}`);
  const facebookHandles = growthHandles(POSTS, benchFacebookId, (i) => String(20_000_000_000 + i));
  // The peer labels the same people Jetway badges: the members (even indexes).
  const peerLabels = new Map([...xHandles, ...facebookHandles].filter((_, i) => i % 2 === 0).map((name) => [name.toLowerCase(), 'Member']));
  const peer = await launchWithPeer(peerLabels);
  try {
    const token = server.createAgent('Bench Agent', 'Social Care');
    server.importMembers(benchMembersCsv(POSTS));
    await server.start();
    const pages: Array<GrowthPage & { origin: string; path: string; html: string }> = [
      {
        name: 'X timeline that keeps every post',
        origin: 'https://x.com',
        path: '/home',
        html: buildTimelinePage(readFileSync('tests/fixtures/x/x-folders/x-home.html', 'utf8')),
        url: 'https://x.com/home',
        handles: xHandles,
        total: POSTS,
        step: 100,
        windows: [[0, 500], [1_000, 1_500], [2_500, 3_000]],
      },
      {
        name: 'Facebook feed that keeps every post',
        origin: 'https://www.facebook.com',
        path: '/bench-feed',
        html: buildFacebookFeedPage(readFileSync('tests/fixtures/facebook/facebook-post-comments-2025-06.html', 'utf8')),
        url: 'https://www.facebook.com/bench-feed',
        handles: facebookHandles,
        total: POSTS,
        step: 100,
        windows: [[0, 500], [1_000, 1_500], [2_500, 3_000]],
      },
      {
        name: 'Facebook comment thread expanded to 1,000 comments',
        origin: 'https://www.facebook.com',
        path: '/bench-thread',
        html: buildFacebookThreadPage(readFileSync('tests/fixtures/facebook/facebook-post-comments-2025-06.html', 'utf8')),
        url: 'https://www.facebook.com/bench-thread',
        // Other handles than the feed's: the thread's authors are new to the tab.
        handles: facebookHandles.slice(1_000).concat(facebookHandles.slice(0, 1_000)),
        total: 1_000,
        step: 100,
        windows: [[0, 300], [700, 1_000]],
      },
    ];
    for (const { context } of [withExtension, plain, peer]) {
      for (const page of pages) await serveSite(context, page.origin, { [page.path]: page.html });
    }
    const optionsPage = await signIn(withExtension.context, server.url, token);
    await optionsPage.close();
    if (process.argv.includes('--profile')) {
      await profileGrowth(withExtension.context, pages[0]!, 'bench/profiles/x-timeline-3000-posts.cpuprofile');
      console.log('CPU profile written to bench/profiles/x-timeline-3000-posts.cpuprofile');
    }
    for (const page of pages) {
      const on: GrowthRun[] = [];
      const off: GrowthRun[] = [];
      const beside: GrowthRun[] = [];
      for (let pair = 0; pair < GROWTH_PAIRS; pair++) {
        on.push(await runGrowth(withExtension.context, page));
        beside.push(await runGrowth(peer.context, page));
        off.push(await runGrowth(plain.context, page));
      }
      figures.push(...growthFigures(page, on, off, beside));
      console.log(figures.slice(-5).map((figure) => `${figure.what}: ${figure.value}`).join('\n'));
    }
  } finally {
    await withExtension.close();
    await plain.close();
    await peer.close();
    await server.dispose();
  }
}

async function main() {
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');
  const loadAtStart = load();
  notes.push(`Machine speed: the reference workload (\`referenceWorkloadMs\` in bench/report.ts) took ${referenceWorkloadMs().toFixed(0)} ms; the figures scale with it when runs on other days or machines are compared.`);
  section('Build');
  spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (wanted('bundle')) figures.push(...measureBundles());

  if (wanted('growth')) {
    section('Growth: pages that keep every post, 100 at a time');
    await growth();
  }
  if (wanted('server')) await serverSection();
  if (wanted('page')) await pageSection();

  if (only !== null) {
    console.log(figures.map((figure) => `${figure.section} | ${figure.what} | ${figure.value} | ${figure.budget} | ${figure.met}`).join('\n'));
    // The notes (import times, the machine's speed and load) belong with the figures.
    notes.push(`Load average (1 / 5 / 15 min) on this machine: ${loadAtStart} at the start, ${load()} at the end of the run.`);
    console.log(notes.map((note) => `- ${note}`).join('\n'));
    return;
  }
  // The machine is shared: what else ran shows in the load, and moves the page figures.
  notes.push(`Load average (1 / 5 / 15 min) on this machine: ${loadAtStart} at the start, ${load()} at the end of the run.`);
  writeResults(figures, notes);
  const missed = figures.filter((figure) => figure.met === false);
  if (missed.length > 0) console.log(`\n${missed.length} budget(s) missed: see bench/results.md`);
}

async function serverSection() {
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
}

async function pageSection() {
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
