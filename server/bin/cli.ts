import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { detectFormat, importMembers } from '../domain/members/import';
import { seedDemo } from '../domain/seed';
import { RoleSchema } from '../../utils/contract';
import { readEnv, serverSettings } from './env';
import { startServer } from './serve';
import { webhooksCommand, WebhooksUsageError, WEBHOOKS_USAGE } from './commands/webhooks';

const USAGE = `Usage: npm run jetway -- <command>

  serve                                   start the API on 127.0.0.1:$JETWAY_PORT (default 8787)
  agents create --name NAME --team TEAM   create an agent (and team); prints the token last
      [--email EMAIL --role agent|lead|admin --password-stdin]
                                          with a Console account: the password (12+ characters)
                                          is read from standard input, e.g. from a secrets file
  members import FILE                     import members from CSV (header row) or JSON Lines
  seed demo                               load the deterministic demo data
${WEBHOOKS_USAGE}

Database: $DATABASE_URL (PostgreSQL) or the embedded database in $JETWAY_DATA_DIR (default .data/).`;

async function open(): Promise<Database> {
  const env = readEnv();
  const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.JETWAY_DATA_DIR });
  await migrate(db);
  return db;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') {
    const env = readEnv();
    const db = await open();
    const server = await startServer({ db, ...serverSettings(env) });
    console.log(`Jetway API listening on ${server.url} (${db.engine}${db.engine === 'pglite' ? `, ${env.JETWAY_DATA_DIR}` : ''})`);
    const stop = async () => {
      await server.close();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    return new Promise<number>(() => undefined);
  }
  if (command === 'agents' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        team: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
    if (!values.name || !values.team) throw new UsageError('agents create needs --name and --team');
    const role = values.role === undefined ? undefined : RoleSchema.safeParse(values.role).data;
    if (values.role !== undefined && role === undefined) throw new UsageError(`--role must be agent, lead or admin, not "${values.role}"`);
    if (values['password-stdin'] && !values.email) throw new UsageError('--password-stdin needs --email: the account signs in with it');
    // From standard input, never an argument: arguments show in `ps` and the shell's history.
    const password = values['password-stdin'] ? readFileSync(0, 'utf8').split(/\r?\n/)[0] : undefined;
    const db = await open();
    try {
      const { token } = await createAgent(db, { name: values.name, team: values.team, email: values.email, role, password });
      const account = values.email ? ` (${role ?? 'agent'}, signs in to the Console as ${values.email.trim().toLowerCase()})` : '';
      console.log(`Created agent "${values.name}" in team "${values.team}"${account}. Their token (shown once, stored hashed):`);
      console.log(token);
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'members' && sub === 'import') {
    const file = rest[0];
    if (!file) throw new UsageError('members import needs a FILE');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const db = await open();
    let lastReport = 0;
    const report = await importMembers(db, text, {
      format: detectFormat(basename(file), text),
      onProgress: (done, total) => {
        if (total >= 5_000 && (done - lastReport >= 5_000 || done === total)) {
          lastReport = done;
          process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows\n`);
        }
      },
    });
    await db.close();
    for (const rejection of report.rejected) console.error(`line ${rejection.line}: ${rejection.reason}`);
    console.log(`Imported ${report.imported} new and updated ${report.updated} members; rejected ${report.rejected.length} rows.`);
    return report.rejected.length > 0 ? 1 : 0;
  }
  if (command === 'seed' && sub === 'demo') {
    const db = await open();
    const result = await seedDemo(db);
    await db.close();
    console.log(`Demo data ready: ${result.members} members.`);
    return 0;
  }
  if (command === 'webhooks') {
    const db = await open();
    try {
      return await webhooksCommand(db, sub, rest, (line) => console.log(line));
    } finally {
      await db.close();
    }
  }
  throw new UsageError(command ? `unknown command "${[command, sub].filter(Boolean).join(' ')}"` : 'no command given');
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof WebhooksUsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(`jetway: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
