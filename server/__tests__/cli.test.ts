import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JETWAY_CHROMIUM_REDIRECT_URI, OAUTH_CLIENT_ID } from '../../utils/contract';
import { hashToken } from '../domain/agents';
import { createApp } from '../http/app';
import { openDatabase, type Database } from '../db/database';
import { migrate, MIGRATIONS } from '../db/migrations';
import { seedDemo } from '../domain/seed';
import { engines, freshDatabase, type Engine } from './harness';

const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';

/** Runs `npm run jetway -- …` the way an operator would (node + tsx, no npm in between). */
function jetway(args: string[], env: Record<string, string>, stdin?: string) {
  const outcome = spawnSync(process.execPath, ['--import', 'tsx', 'server/bin/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', JETWAY_DATA_DIR: '', ...env },
    timeout: 60_000,
    input: stdin ?? '',
  });
  return { status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr };
}

/**
 * A database the CLI subprocess owns while it runs. PGlite allows one process per data
 * directory, so the test opens it only between CLI runs.
 */
async function cliDatabase(engine: Engine) {
  if (engine === 'postgres') {
    const fresh = await freshDatabase('postgres');
    return { env: fresh.env, withDb: async <T>(work: (db: Database) => Promise<T>) => work(fresh.db), dispose: () => fresh.dispose() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'jetway-cli-'));
  return {
    env: { JETWAY_DATA_DIR: dir },
    async withDb<T>(work: (db: Database) => Promise<T>) {
      const db = await openDatabase({ dataDir: dir });
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.each(engines())('the jetway CLI on %s', (engine) => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  const files = mkdtempSync(join(tmpdir(), 'jetway-cli-files-'));

  beforeAll(async () => {
    target = await cliDatabase(engine);
  });
  afterAll(async () => {
    await target?.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  it('creates an agent and prints the token as the last line; only its hash is stored', async () => {
    const run = jetway(['agents', 'create', '--name', 'Nora Night', '--team', 'Night Shift'], target.env);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    const token = run.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^jw_[A-Za-z0-9_-]{43}$/);
    await target.withDb(async (db) => {
      const stored = await db.query<{ token_hash: string }>(`SELECT token_hash FROM agents WHERE name = 'Nora Night'`);
      expect(stored).toEqual([{ token_hash: hashToken(token) }]);
      const me = await createApp({ db }).request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect((await me.json()).team.name).toBe('Night Shift');
    });
  });

  it('creates a Console account with --email, --role and the password from stdin; still prints the token last', async () => {
    const args = ['agents', 'create', '--name', 'Lea Lead', '--team', 'Night Shift', '--email', 'Lea@Night.example', '--role', 'lead', '--password-stdin'];
    const run = jetway(args, target.env, 'a long night-shift passphrase\n');
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^jw_[A-Za-z0-9_-]{43}$/);
    expect(run.stdout).toContain('lea@night.example');
    expect(run.stdout).not.toContain('passphrase');
    await target.withDb(async (db) => {
      const [stored] = await db.query<{ email: string; role: string; password_hash: string }>(`SELECT email, role, password_hash FROM agents WHERE name = 'Lea Lead'`);
      expect(stored).toMatchObject({ email: 'lea@night.example', role: 'lead' });
      expect(stored!.password_hash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
      const app = createApp({ db });
      const signIn = (password: string) =>
        app.request('/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'LEA@night.example', password }) });
      expect((await signIn('a long night-shift passphrase')).status).toBe(200);
      expect((await signIn('a long night-shift passphras')).status).toBe(401);
    });
  });

  it.each([
    ['a password under 12 characters', ['--email', 'short@night.example', '--password-stdin'], 'too short\n', 'at least 12 characters'],
    ['an email already taken (in another case)', ['--email', 'LEA@NIGHT.EXAMPLE', '--password-stdin'], 'another long passphrase\n', 'already exists'],
    ['an unknown role', ['--email', 'role@night.example', '--role', 'boss'], '', '--role'],
    ['a password without an email', ['--password-stdin'], 'another long passphrase\n', '--email'],
  ])('refuses %s', (_name, extra, stdin, message) => {
    const run = jetway(['agents', 'create', '--name', 'Refused', '--team', 'Night Shift', ...extra], target.env, stdin);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).not.toMatch(/jw_/);
  });

  it('explains its usage when arguments are missing', () => {
    const run = jetway(['agents', 'create', '--name', 'Nobody'], target.env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--team');
    expect(run.stderr).toContain('Usage');
  });

  it('imports a large CSV with progress, reports bad rows by line and exits 1, then updates on re-import', async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => `SK${600_000_000 + i},"Member, No. ${i}",silver,cli_${i},,ARN,email,en`);
    rows.splice(2, 0, 'SK1,Too Short,silver,,,,,'); // file line 4
    const csv = join(files, 'members.csv');
    writeFileSync(csv, `${HEADER}\n${rows.join('\n')}\n`);
    const first = jetway(['members', 'import', csv], target.env);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('line 4: loyaltyNumber must be 4–32 letters, digits or dashes');
    expect(first.stderr).toContain('5,000 / 6,000 rows');
    expect(first.stdout).toContain('Imported 6000 new and updated 0 members; rejected 1 rows.');

    const jsonl = join(files, 'update.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ loyaltyNumber: 'SK600000000', name: 'Renamed Member', tier: 'gold' })}\n`);
    const second = jetway(['members', 'import', jsonl], target.env);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Imported 0 new and updated 1 members; rejected 0 rows.');
    await target.withDb(async (db) => {
      const [member] = await db.query<{ name: string; tier_id: string }>(`SELECT name, tier_id FROM members WHERE loyalty_number = 'SK600000000'`);
      expect(member).toEqual({ name: 'Renamed Member', tier_id: 'gold' });
      const [{ count } = { count: 0 }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM members');
      expect(count).toBe(6_000);
    });
  });

  it('serves, logging one line at start', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/cli.ts', 'serve'], {
      env: { ...process.env, DATABASE_URL: '', JETWAY_DATA_DIR: '', ...target.env, JETWAY_PORT: String(port) },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('\n')) resolve(output);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      expect(line.trim()).toMatch(new RegExp(`^Jetway API listening on http://127\\.0\\.0\\.1:${port} \\(${engine === 'pglite' ? 'pglite' : 'postgres'}`));
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: engine });
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});

describe.each(engines())('demo seed and migrations on %s', (engine) => {
  it('seeds the demo deterministically and a second run adds nothing', async () => {
    const fresh = await freshDatabase(engine);
    try {
      await migrate(fresh.db);
      const counts = async () =>
        (
          await fresh.db.query<Record<string, number>>(
            `SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM member_identities) AS identities,
                    (SELECT count(*)::int FROM teams) AS teams, (SELECT count(*)::int FROM agents) AS agents,
                    (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM notes) AS notes,
                    (SELECT count(*)::int FROM handoffs) AS handoffs`,
          )
        )[0];
      await seedDemo(fresh.db, { members: 600 });
      const first = await counts();
      expect(first).toMatchObject({ members: 600, teams: 4, agents: 4, cases: 6, notes: 6, handoffs: 3 });
      const tiers = await fresh.db.query<{ tier_id: string; count: number }>('SELECT tier_id, count(*)::int AS count FROM members GROUP BY tier_id');
      const byTier = Object.fromEntries(tiers.map((row) => [row.tier_id, row.count]));
      expect(byTier.member).toBeGreaterThan(byTier.silver!);
      expect(byTier.silver).toBeGreaterThan(byTier.platinum!);
      expect(first!.identities).toBeGreaterThan(600);
      await seedDemo(fresh.db, { members: 600 });
      expect(await counts()).toEqual(first);
    } finally {
      await fresh.dispose();
    }
  });

  it('migrates once when several replicas start at the same moment', async () => {
    const fresh = await freshDatabase(engine);
    const others = engine === 'postgres' ? await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: fresh.env.DATABASE_URL! }))) : [];
    try {
      const applied = await Promise.all([fresh.db, ...others, fresh.db].map((db) => migrate(db)));
      const all = MIGRATIONS.map((migration) => migration.version);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(applied.flat().sort((a, b) => a - b)).toEqual(all);
      const versions = await fresh.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((row) => row.version)).toEqual(all);
    } finally {
      await Promise.all(others.map((db) => db.close()));
      await fresh.dispose();
    }
  });
});

describe('npm start on a fresh embedded database', () => {
  /** Runs `npm start` on the data dir until it says it is running; answers its output and how to stop it. */
  async function start(dir: string, port: number) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/start.ts'], {
      env: { ...process.env, DATABASE_URL: '', JETWAY_DATA_DIR: dir, JETWAY_PORT: String(port), JETWAY_SKIP_BUILD: '1' },
    });
    const stop = async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    };
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Press Ctrl+C')) resolve(text);
        });
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${text}`)));
      });
      return { output, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  }

  it('seeds the demo, prints a working demo token, the demo agent’s sign-in for Sign in with Jetway, the demo lead’s Console sign-in and how to load the extension; the same on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-start-'));
    const port = await freePort();
    try {
      const first = await start(dir, port);
      let output: string;
      try {
        output = first.output;
        expect(output).toContain(`http://127.0.0.1:${port}`);
        expect(output).toContain(`http://127.0.0.1:${port}/console`);
        expect(output).toContain('chrome://extensions');
        expect(output).toContain('about:debugging');
        expect(output).toContain('.output/firefox-mv2/manifest.json');
        const token = /Token\s+(jw_\S+)/.exec(output)?.[1];
        const handle = /Demo members on X[^@]*@(\w+)/.exec(output)?.[1];
        expect(token).toBeDefined();
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const me = await (await fetch(`http://127.0.0.1:${port}/v1/me`, { headers })).json();
        expect(me.agent.name).toBe('Demo Agent');
        expect(me.team.deadlines.timeZone).toBe('Europe/Stockholm');
        const lookup = await fetch(`http://127.0.0.1:${port}/v1/lookup`, { method: 'POST', headers, body: JSON.stringify({ identities: [{ network: 'x', handle }] }) });
        expect((await lookup.json()).results[0].member.tierId).toBe('concierge');

        const email = /Email\s+(\S+@\S+)/.exec(output)?.[1];
        const password = /Password\s+(\S+)/.exec(output)?.[1];
        expect(email).toBe('baggage@jetway.example');
        const signIn = await fetch(`http://127.0.0.1:${port}/auth/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(signIn.status).toBe(200);
        expect((await signIn.json()).account).toMatchObject({ name: 'Bo Lind', role: 'lead' });

        // The demo agent signs in to the extension through the server's page (Sign in with Jetway).
        const [, agent] = [...output.matchAll(/Email\s+(\S+@\S+)[\s\S]*?Password\s+(\S+)/g)];
        expect(agent?.[1]).toBe('agent@jetway.example');
        const authorize = await fetch(`http://127.0.0.1:${port}/oauth/authorize`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            response_type: 'code',
            client_id: OAUTH_CLIENT_ID,
            redirect_uri: JETWAY_CHROMIUM_REDIRECT_URI,
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
            email: agent![1]!,
            password: agent![2]!,
          }),
        });
        expect(authorize.status).toBe(302);
        expect(new URL(authorize.headers.get('location')!).searchParams.get('code')).toBeTruthy();
        expect(statSync(join(dir, 'jetway-demo.json')).mode & 0o777).toBe(0o600);
      } finally {
        await first.stop();
      }
      const second = await start(dir, port);
      await second.stop();
      for (const line of [/Token\s+(jw_\S+)/, /Password\s+(\S+)/]) expect(line.exec(second.output)?.[1]).toBe(line.exec(output)?.[1]);
      const passwords = (text: string) => [...text.matchAll(/Password\s+(\S+)/g)].map((match) => match[1]);
      expect(passwords(second.output)).toEqual(passwords(output));
      expect(passwords(output)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
