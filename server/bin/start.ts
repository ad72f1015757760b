/**
 * `npm start`: the whole of Jetway on one machine. Builds the extension pointed at the
 * local server (and the Console when its sources changed), starts the server on the
 * embedded database (demo data on first run), and prints the demo agent's token and sign-in,
 * the demo lead's Console sign-in and how to load the extension. The token and the password are
 * made once and kept in the data directory, so they stay the same from start to start.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { openDatabase } from '../db/database';
import { DataDirInUseError } from '../db/lock';
import { migrate } from '../db/migrations';
import { DEMO_AGENT, DEMO_LEAD, ensureDemoAccounts, seedDemo, type DemoSecrets } from '../domain/seed';
import { serverAdminKey } from './admin-key';
import { buildIfChanged, type StampedBuild } from './build-stamp';
import { readEnv, serverSettings } from './env';
import { startServer } from './serve';
import { stopOnSignals } from './shutdown';

const SECRETS_FILE = 'jetway-demo.json';
const DemoSecretsSchema = z.object({ token: z.string().optional(), password: z.string().optional(), agentPassword: z.string().optional() });

function readSecrets(dataDir: string): DemoSecrets {
  const file = join(dataDir, SECRETS_FILE);
  if (!existsSync(file)) return {};
  const parsed = DemoSecretsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : {};
}

/** Only the owner may read the demo's secrets (mode 0600). */
function keepSecrets(dataDir: string, secrets: Required<DemoSecrets>): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRETS_FILE);
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Both browser builds, pointed at this server; rebuilt only when a source or the URL changed. */
function extensionBuild(serverUrl: string): StampedBuild {
  return {
    name: `Extension (Chrome and Firefox, for ${serverUrl})`,
    root: process.cwd(),
    sources: ['entrypoints', 'components', 'utils', 'public', 'wxt.config.ts', 'tsconfig.json', 'package-lock.json'],
    settings: { serverUrl },
    stampFile: '.output/.build-stamp',
    outputs: ['.output/chrome-mv3/manifest.json', '.output/firefox-mv2/manifest.json'],
    build() {
      // (Each wxt build voids the stamp first; it is written again once both have succeeded.)
      for (const target of [[], ['-b', 'firefox']]) {
        const build = spawnSync('npx', ['wxt', 'build', ...target], { stdio: 'inherit', env: { ...process.env, JETWAY_SERVER_URL: serverUrl } });
        if (build.status !== 0) throw new Error('The extension build failed (see above).');
      }
    },
  };
}

/** The Console (`npm run build:console`), served at /console; rebuilt only when its sources changed. */
const CONSOLE_BUILD: StampedBuild = {
  name: 'Console',
  root: process.cwd(),
  sources: ['console', 'components/icons', 'utils/contract', 'utils/sites/registry.ts', 'package-lock.json'],
  settings: {},
  stampFile: 'console/dist/.build-stamp',
  outputs: ['console/dist/index.html'],
  build() {
    const build = spawnSync('npm', ['run', 'build:console'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('The Console build failed (see above).');
  },
};

async function main(): Promise<void> {
  const env = readEnv();
  const serverUrl = `http://127.0.0.1:${env.JETWAY_PORT}`;

  if (process.env.JETWAY_SKIP_BUILD === '1') console.log('Extension and Console: not built (JETWAY_SKIP_BUILD=1).');
  else for (const build of [extensionBuild(serverUrl), CONSOLE_BUILD]) buildIfChanged(build);

  const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.JETWAY_DATA_DIR, role: 'server' });
  await migrate(db);
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM members');
  if (count === 0) {
    console.log('First run: loading demo data (10,000 members) …');
    await seedDemo(db, {
      onProgress: (done, total) => {
        if (done % 5_000 === 0 || done === total) console.log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} members`);
      },
    });
  }
  const secrets = await ensureDemoAccounts(db, readSecrets(env.JETWAY_DATA_DIR));
  keepSecrets(env.JETWAY_DATA_DIR, secrets);
  // One member per tier, highest first, so a person can see every badge colour.
  const examples = await db.query<{ handle: string; tier: string }>(
    `SELECT DISTINCT ON (t.rank) i.handle, t.name AS tier FROM member_identities i
       JOIN members m ON m.id = i.member_id JOIN tiers t ON t.id = m.tier_id
      WHERE i.network = 'x' ORDER BY t.rank DESC, i.handle LIMIT 6`,
  );
  const server = await startServer({ db, ...serverSettings(env), adminKey: serverAdminKey(env) });
  // The CLI finds the server here and sends its data commands to it.
  db.lock?.update({ url: server.url });

  console.log(`
Jetway is running.

  Server      ${server.url}   (API docs: ${server.url}/docs)
  Database    ${db.engine === 'pglite' ? `embedded, in ${resolve(env.JETWAY_DATA_DIR)}` : 'PostgreSQL'}
  Agent       ${DEMO_AGENT.name} (${DEMO_AGENT.team})
  Token       ${secrets.token}

  Console     ${server.url}/console
  Email       ${DEMO_LEAD.email}   (${DEMO_LEAD.name}, ${DEMO_LEAD.team}, ${DEMO_LEAD.role})
  Password    ${secrets.password}

  Extension   press Sign in with Jetway in Jetway's options, then sign in as the agent:
  Email       ${DEMO_AGENT.email}   (${DEMO_AGENT.name}, ${DEMO_AGENT.team})
  Password    ${secrets.agentPassword}
              (the token and the passwords stay the same on every start; they are kept in
              ${resolve(env.JETWAY_DATA_DIR, SECRETS_FILE)})

Load the extension:
  Chrome / Edge   chrome://extensions → Developer mode → Load unpacked → ${resolve('.output/chrome-mv3')}
  Firefox         about:debugging → This Firefox → Load Temporary Add-on → ${resolve('.output/firefox-mv2/manifest.json')}
Then open Jetway's options, press Sign in with Jetway and sign in with the agent's email and password
(or, for automation, open "Use an access token" and enter the server URL and the token above).

Demo members on X (visit https://x.com/<handle>): ${examples.map((e) => `@${e.handle} (${e.tier})`).join(', ')}

Press Ctrl+C to stop.`);

  stopOnSignals(server, db);
}

main().catch((error: unknown) => {
  const inUse = error instanceof DataDirInUseError ? ' Stop it first: one server per embedded database.' : '';
  console.error(`Jetway could not start: ${error instanceof Error ? error.message : String(error)}${inUse}`);
  process.exit(1);
});
