import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { hasData, openDatabase, restoreBackup, type Database } from '../db/database';
import { DataDirInUseError, lockHolder } from '../db/lock';
import { migrate } from '../db/migrations';
import { agentIdByEmail, createAgent, listAgents, revokeAgent } from '../domain/agents';
import { eraseMember } from '../domain/members/erase';
import { detectFormat, importMembers, type ImportReport } from '../domain/members/import';
import { seedDemo } from '../domain/seed';
import {
  AgentListSchema,
  BACKUP_PATH,
  CreatedAgentSchema,
  ErasureSchema,
  IMPORT_CSV_TYPE,
  IMPORT_JSONL_TYPE,
  ImportLineSchema,
  MEMBER_ERASE_PATH,
  MEMBER_IMPORT_PATH,
  RevokedAgentSchema,
  RoleSchema,
} from '../../utils/contract';
import { readAdminKey, serverAdminKey } from './admin-key';
import { readEnv, serverSettings, type ServerEnv } from './env';
import { startServer } from './serve';
import { stopOnSignals } from './shutdown';
import { adminCall, type AdminCall } from './commands/admin-call';
import { localTeams, serverTeams, teamsCommand, TEAMS_USAGE } from './commands/teams';
import { localWebhooks, serverWebhooks, webhooksCommand, WEBHOOKS_USAGE } from './commands/webhooks';
import { CommandUsageError } from './commands/usage';

const USAGE = `Usage: npm run jetway -- <command>

  serve                                   start the API on 127.0.0.1:$JETWAY_PORT (default 8787)
  agents create --name NAME --team TEAM   create an agent (and team); prints the token last
      [--email EMAIL --role agent|lead|admin --password-stdin]
                                          with a Console account: the password (12+ characters)
                                          is read from standard input, e.g. from a secrets file
  agents list                             every agent: name, team, role, email, active or revoked
  agents revoke --email EMAIL             end the agent's token and Console sessions at once; disable the account
  members import FILE                     import members from CSV (header row) or JSON Lines
  members erase --loyalty-number N        erase a member (GDPR article 17): their data and handles go;
                                          their cases and handoffs stay, anonymised, for the counts
  seed demo                               load the deterministic demo data
  backup FILE                             a consistent backup (also while the server runs)
  restore FILE [--force]                  into an empty data dir / database; --force replaces what is there
${TEAMS_USAGE}
${WEBHOOKS_USAGE}

Database: $DATABASE_URL (PostgreSQL) or the embedded database in $JETWAY_DATA_DIR (default .data/).
While a server runs on the embedded database, \`agents …\`, \`members …\`, \`teams …\`, \`webhooks …\` and \`backup\` go through it
(with the data dir's admin key); with $JETWAY_URL and $JETWAY_ADMIN_TOKEN they go to that server.`;

/** Where a data command runs: through a Jetway server's admin API, or on the database itself. */
type Target = { kind: 'server'; url: string; token: string } | { kind: 'database' };

/**
 * A server's admin API when JETWAY_URL is set or a live server holds the embedded data
 * dir; otherwise the database itself (PostgreSQL takes several processes; the embedded
 * one is then locked for this command).
 */
function targetOf(env: ServerEnv): Target {
  if (env.JETWAY_URL) {
    const token = env.JETWAY_ADMIN_TOKEN ?? readAdminKey(env.JETWAY_DATA_DIR);
    if (!token) throw new UsageError('JETWAY_URL needs JETWAY_ADMIN_TOKEN: the admin key of that server');
    return { kind: 'server', url: env.JETWAY_URL.replace(/\/+$/, ''), token };
  }
  if (env.DATABASE_URL) return { kind: 'database' };
  const holder = lockHolder(env.JETWAY_DATA_DIR);
  const token = env.JETWAY_ADMIN_TOKEN ?? readAdminKey(env.JETWAY_DATA_DIR);
  if (holder?.role === 'server' && holder.url && token) return { kind: 'server', url: holder.url, token };
  return { kind: 'database' };
}

/** Opens the database for `command` (and migrates it); the embedded one only while no other process holds it. */
async function open(command: string, args: readonly string[] = []): Promise<Database> {
  const env = readEnv();
  let db: Database;
  try {
    db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.JETWAY_DATA_DIR, ...(command === 'serve' ? { role: 'server' } : { role: 'command', command }) });
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new InUseError(inUseMessage(error, command, args));
    throw error;
  }
  await migrate(db);
  return db;
}

/** The commands that can run through a server's admin API. */
const THROUGH_SERVER = new Set([
  'members import', 'members erase', 'agents create', 'agents list', 'agents revoke', 'backup',
  'teams list', 'teams set', 'webhooks add', 'webhooks list', 'webhooks remove', 'webhooks rotate-secret',
]);

/** What to do when another process holds the data dir, for `command`. */
function inUseMessage(error: DataDirInUseError, command: string, args: readonly string[]): string {
  if (error.holder.role !== 'server') return error.message;
  if (command === 'serve') return `${error.message} Stop it first: one server per embedded database (replicas need PostgreSQL, DATABASE_URL).`;
  const url = error.holder.url ?? `http://127.0.0.1:${readEnv().JETWAY_PORT}`;
  if (!THROUGH_SERVER.has(command)) return `${error.message} Stop it, then run this command again.`;
  return `${error.message} Stop it, or run this command against the server: JETWAY_URL=${url} JETWAY_ADMIN_TOKEN=$(cat ${resolve(error.dataDir, 'jetway-admin.key')}) npm run jetway -- ${[command, ...args].join(' ')}`;
}

/**
 * Runs a data command where the data is: through the server's admin API (JETWAY_URL, or
 * the server holding the embedded data dir) or on the database itself.
 */
async function onTarget<T>(
  command: string,
  args: readonly string[],
  viaServer: (call: AdminCall, server: Extract<Target, { kind: 'server' }>) => Promise<T>,
  local: (db: Database) => Promise<T>,
): Promise<T> {
  const target = targetOf(readEnv());
  if (target.kind === 'server') return viaServer(adminCall(target), target);
  const db = await open(command, args);
  try {
    return await local(db);
  } finally {
    await db.close();
  }
}

/** Import progress on standard error: a bar on a terminal, a line per 5,000 rows otherwise. */
function progressReporter(): (done: number, total: number) => void {
  let lastReport = 0;
  const terminal = process.stderr.isTTY;
  return (done, total) => {
    if (terminal) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(`\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows${done === total ? '\n' : ''}`);
      return;
    }
    if (total >= 5_000 && (done - lastReport >= 5_000 || done === total)) {
      lastReport = done;
      process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows\n`);
    }
  };
}

/** The first bytes of a file, to tell CSV from JSON Lines. */
function fileStart(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(256);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Streams the file to the server's import and reads its NDJSON answer line by line. */
async function importThroughServer(target: Extract<Target, { kind: 'server' }>, file: string): Promise<ImportReport> {
  const format = detectFormat(basename(file), fileStart(file));
  let response: Response;
  try {
    response = await fetch(`${target.url}${MEMBER_IMPORT_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': format === 'csv' ? IMPORT_CSV_TYPE : IMPORT_JSONL_TYPE },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new Error(`cannot reach the Jetway server at ${target.url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(`the server at ${target.url} refused the import (${response.status}): ${problem?.detail ?? response.statusText}`);
  }
  const progress = progressReporter();
  const decoder = new TextDecoder();
  let pending = '';
  let report: ImportReport | null = null;
  const handle = (text: string) => {
    if (!text.trim()) return;
    const line = ImportLineSchema.parse(JSON.parse(text));
    if ('error' in line) throw new Error(line.error);
    if ('created' in line) report = { imported: line.created, updated: line.updated, rejected: line.rejected.map(({ line: at, message, code, params }) => ({ line: at, reason: message, code, params })) };
    else progress(line.done, line.total);
  };
  for await (const chunk of response.body) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    lines.forEach(handle);
  }
  handle(pending + decoder.decode());
  if (!report) throw new Error(`the server at ${target.url} ended the import without a result; check the members before importing again`);
  return report;
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') {
    const env = readEnv();
    const db = await open('serve');
    const server = await startServer({ db, ...serverSettings(env), adminKey: serverAdminKey(env) });
    // The CLI finds the server here and sends its data commands to it.
    db.lock?.update({ url: server.url });
    console.log(`Jetway API listening on ${server.url} (${db.engine}${db.engine === 'pglite' ? `, ${env.JETWAY_DATA_DIR}` : ''})`);
    stopOnSignals(server, db);
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
    const input = { name: values.name, team: values.team, email: values.email, role, password };
    const { token } = await onTarget(
      'agents create',
      rest,
      async (call) => CreatedAgentSchema.parse(await call('POST', '/admin/v1/agents', input)),
      (db) => db.transaction((tx) => createAgent(tx, input)),
    );
    const account = values.email ? ` (${role ?? 'agent'}, signs in to the Console as ${values.email.trim().toLowerCase()})` : '';
    console.log(`Created agent "${values.name}" in team "${values.team}"${account}. Their token (shown once, stored hashed):`);
    console.log(token);
    return 0;
  }
  if (command === 'agents' && sub === 'list') {
    const agents = await onTarget(
      'agents list',
      rest,
      async (call) => AgentListSchema.parse(await call('GET', '/admin/v1/agents')).agents,
      (db) => listAgents(db),
    );
    for (const agent of agents) {
      console.log([agent.name, agent.team, agent.role, agent.email ?? '-', agent.disabled ? 'revoked' : 'active'].join('\t'));
    }
    console.log(`${agents.length} agents.`);
    return 0;
  }
  if (command === 'agents' && sub === 'revoke') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
    if (!values.email) throw new UsageError('agents revoke needs --email');
    const email = values.email;
    const revoked = await onTarget(
      'agents revoke',
      rest,
      async (call) => RevokedAgentSchema.parse(await call('POST', '/admin/v1/agents/revoke', { email })),
      (db) =>
        db.transaction(async (tx) => {
          const agentId = await agentIdByEmail(tx, email);
          return { agentId, ...(await revokeAgent(tx, agentId)) };
        }),
    );
    console.log(`Revoked "${revoked.name}" (${email.trim().toLowerCase()}): their token and ${revoked.sessionsEnded} Console sessions no longer work; the account is disabled.`);
    return 0;
  }
  if (command === 'members' && sub === 'erase') {
    const { values } = parseArgs({ args: rest, options: { 'loyalty-number': { type: 'string' } } });
    const loyaltyNumber = values['loyalty-number']?.trim();
    if (!loyaltyNumber) throw new UsageError('members erase needs --loyalty-number');
    const erased = await onTarget(
      'members erase',
      rest,
      async (call) => ErasureSchema.parse(await call('POST', MEMBER_ERASE_PATH, { loyaltyNumber })),
      (db) => eraseMember(db, loyaltyNumber, { kind: 'command' }),
    );
    console.log(
      `Erased member ${loyaltyNumber}: their name, loyalty number and ${erased.handles} handles are gone; ` +
        `${erased.cases} cases, ${erased.handoffs} handoffs and ${erased.notes} notes about them stay, with their text removed. ` +
        `They are ${erased.tombstone} in the records from now on.`,
    );
    return 0;
  }
  if (command === 'members' && sub === 'import') {
    const file = rest[0];
    if (!file) throw new UsageError('members import needs a FILE');
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const target = targetOf(readEnv());
    let report: ImportReport;
    if (target.kind === 'server') report = await importThroughServer(target, file);
    else {
      const text = readFileSync(file, 'utf8');
      const db = await open('members import', rest);
      try {
        report = await importMembers(db, text, { format: detectFormat(basename(file), text), onProgress: progressReporter() });
      } finally {
        await db.close();
      }
    }
    for (const rejection of report.rejected) console.error(`line ${rejection.line}: ${rejection.reason}`);
    console.log(`Imported ${report.imported} new and updated ${report.updated} members; rejected ${report.rejected.length} rows.`);
    return report.rejected.length > 0 ? 1 : 0;
  }
  if (command === 'backup') {
    const file = sub;
    if (!file) throw new UsageError('backup needs a FILE to write');
    const written = `${file}.partial`;
    await onTarget(
      'backup',
      [file],
      async (_call, target) => {
        const response = await fetch(`${target.url}${BACKUP_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${target.token}` } }).catch((error: Error) => {
          throw new Error(`cannot reach the Jetway server at ${target.url}: ${error.message}`, { cause: error });
        });
        if (!response.ok || !response.body) {
          const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
          throw new Error(problem?.detail ?? `the server at ${target.url} answered ${response.status}`);
        }
        await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(written, { mode: 0o600 }));
      },
      async (db) => pipeline(Readable.fromWeb((await db.backup()) as WebReadableStream), createWriteStream(written, { mode: 0o600 })),
    ).catch((error: unknown) => {
      rmSync(written, { force: true });
      throw error;
    });
    renameSync(written, file);
    console.log(`Backup written to ${file} (${statSync(file).size.toLocaleString('en')} bytes).`);
    return 0;
  }
  if (command === 'restore') {
    const { values, positionals } = parseArgs({ args: [sub, ...rest].filter((arg): arg is string => arg !== undefined), options: { force: { type: 'boolean' } }, allowPositionals: true });
    const file = positionals[0];
    if (!file) throw new UsageError('restore needs the backup FILE');
    if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
    const env = readEnv();
    const into = env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.JETWAY_DATA_DIR };
    const where = env.DATABASE_URL ? 'The PostgreSQL database' : `The data dir ${resolve(env.JETWAY_DATA_DIR)}`;
    const holder = env.DATABASE_URL ? null : lockHolder(env.JETWAY_DATA_DIR);
    if (holder) throw new InUseError(`${new DataDirInUseError(env.JETWAY_DATA_DIR, holder).message} Stop it, then restore.`);
    if (!values.force && (await hasData(into))) throw new InUseError(`${where} is not empty; restore refuses to overwrite it. Restore into an empty one, or pass --force to replace what is there.`);
    try {
      await restoreBackup(into, file, values.force ?? false);
    } catch (error) {
      if (error instanceof DataDirInUseError) throw new InUseError(`${error.message} Stop it, then restore.`);
      throw error;
    }
    console.log(`Restored ${file} into ${where.charAt(0).toLowerCase()}${where.slice(1)}.`);
    return 0;
  }
  if (command === 'seed' && sub === 'demo') {
    const db = await open('seed demo');
    const result = await seedDemo(db);
    await db.close();
    console.log(`Demo data ready: ${result.members} members.`);
    return 0;
  }
  if (command === 'teams' || command === 'webhooks') {
    const name = [command, sub].filter(Boolean).join(' ');
    const print = (line: string) => console.log(line);
    if (command === 'teams') {
      return onTarget(name, rest, (call) => teamsCommand(serverTeams(call), sub, rest, print), (db) => teamsCommand(localTeams(db), sub, rest, print));
    }
    return onTarget(name, rest, (call) => webhooksCommand(serverWebhooks(call), sub, rest, print), (db) => webhooksCommand(localWebhooks(db), sub, rest, print));
  }
  throw new UsageError(command ? `unknown command "${[command, sub].filter(Boolean).join(' ')}"` : 'no command given');
}

class UsageError extends CommandUsageError {}
/** Another process holds the embedded data dir (exit 1, the database untouched). */
class InUseError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InUseError) {
      console.error(error.message);
      process.exit(1);
    }
    if (error instanceof CommandUsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(`jetway: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
