import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real Jetway server for one e2e file: its own embedded database on a loopback port. */
export class JetwayServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'jetway-e2e-'));
  private process: ChildProcess | null = null;
  port = 0;

  /** `env` adds server settings, e.g. `DATABASE_URL` or a rate limit. */
  constructor(private readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs a CLI command against this server's database (only while it is stopped). */
  cli(args: string[]): string {
    const outcome = spawnSync('npx', ['tsx', 'server/bin/cli.ts', ...args], {
      env: { ...process.env, ...this.env, JETWAY_DATA_DIR: this.dataDir },
      encoding: 'utf8',
    });
    if (outcome.status !== 0) {
      throw new Error(`jetway ${args.join(' ')} failed (${outcome.status}): ${outcome.stderr}`);
    }
    return outcome.stdout;
  }

  /** Creates an agent and returns its token (the CLI prints it as the last line). */
  createAgent(name: string, team: string): string {
    const lines = this.cli(['agents', 'create', '--name', name, '--team', team]).trim().split('\n');
    return lines[lines.length - 1]!.trim();
  }

  importMembers(csv: string): string {
    const file = join(this.dataDir, 'members.csv');
    writeFileSync(file, csv);
    return this.cli(['members', 'import', file]);
  }

  /**
   * Fixes the port before the server starts, for whoever must know its address first
   * (an identity provider registering its callback). Returns the server's URL.
   */
  async reservePort(): Promise<string> {
    if (this.port === 0) this.port = await freePort();
    return this.url;
  }

  async start(): Promise<void> {
    await this.reservePort();
    const child = spawn('npx', ['tsx', 'server/bin/cli.ts', 'serve'], {
      env: { ...process.env, ...this.env, JETWAY_DATA_DIR: this.dataDir, JETWAY_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.process = child;
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Sized for a busy 2-core runner, where starting tsx and the database can take long.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Jetway server exited early:\n${output}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`Jetway server did not become healthy within 60 s:\n${output}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    // Waited for as a process group, not as npx: npx may be gone before the server under
    // it, which holds the data dir until it is, and a start right after would find it in use.
    const group = child.pid;
    const groupGoneWithin = async (ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        try {
          process.kill(-group, 0);
        } catch {
          return true;
        }
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    process.kill(-group, 'SIGTERM');
    if (await groupGoneWithin(10_000)) return;
    process.kill(-group, 'SIGKILL');
    await groupGoneWithin(5_000);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Calls the API as an agent, the way the receiving team's tools would. */
  async api<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
