import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The CLI as its own process, the way `npm run jetway --` runs it. */
export const CLI = ['--import', 'tsx', 'server/bin/cli.ts'];

/** Settings of the test's own environment the CLI must not pick up. */
const CLEAN_ENV = { DATABASE_URL: '', JETWAY_URL: '', JETWAY_ADMIN_TOKEN: '' };

/** One CLI command, to its end: exit status and output. */
export function jetway(args: string[], env: Record<string, string>, stdin = '') {
  const outcome = spawnSync(process.execPath, [...CLI, ...args], {
    encoding: 'utf8',
    input: stdin,
    env: { ...process.env, ...CLEAN_ENV, ...env },
    timeout: 60_000,
  });
  return { status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr };
}

/** The server may close an idle keep-alive connection as the client reuses it; like any client, retry once. */
export const retryingFetch: typeof fetch = (input, init) => fetch(input, init).catch(() => fetch(input, init));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServingProcess {
  child: ChildProcess;
  /** Everything it wrote so far (standard output and error). */
  output(): string;
  /** Sends SIGTERM (unless it has ended) and resolves with its exit code once it has. */
  stop(): Promise<number | null>;
}

/** `jetway serve` on the dir, once it says it listens. */
export async function serve(dir: string, port: number, env: Record<string, string> = {}): Promise<ServingProcess> {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    env: { ...process.env, ...CLEAN_ENV, JETWAY_DATA_DIR: dir, JETWAY_PORT: String(port), ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, output: () => output, stop };
}

/** The member a lookup of the X handle answers, as the agent holding `token`. */
export async function lookup(port: number, token: string, handle: string) {
  const response = await retryingFetch(`http://127.0.0.1:${port}/v1/lookup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ identities: [{ network: 'x', handle }] }),
  });
  return ((await response.json()) as { results: Array<{ member: { displayName: string; tierId: string } | null }> }).results[0]!.member;
}
