import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

/** A port free on loopback at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote, for a failing test's message. */
  output(): string;
  /** SIGTERM, then waits for it to exit (it finishes its requests and deliveries first). */
  stop(): Promise<void>;
}

/**
 * `npm run jetway -- serve` as its own process on a loopback port, once it says it listens.
 * `env` names its database (`DATABASE_URL` or `JETWAY_DATA_DIR`) and any other setting.
 */
export async function serveProcess(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/cli.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: '', JETWAY_URL: '', JETWAY_ADMIN_TOKEN: '', JETWAY_LOG_LEVEL: 'warn', ...env, JETWAY_PORT: String(port) },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const listening = () => {
      if (!output.includes('listening on')) return;
      child.stdout!.off('data', listening);
      resolve();
    };
    child.stdout!.on('data', listening);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Forwarded {
  method: string;
  path: string;
  /** The index of the upstream that answered. */
  upstream: number;
}

export interface LoadBalancer {
  url: string;
  /** Every request it passed on, in order. */
  forwarded: Forwarded[];
  close(): Promise<void>;
}

/** The header the balancer adds to each answer: which upstream (0, 1, …) gave it. */
export const UPSTREAM_HEADER = 'x-test-upstream';

/**
 * A round-robin HTTP load balancer on a loopback port, like the one in front of replicas in
 * production: request n goes to upstream n mod the number of upstreams, headers and body as
 * they came (with `X-Forwarded-For`), the answer streamed back with `UPSTREAM_HEADER` added.
 */
export async function roundRobin(upstreams: readonly string[]): Promise<LoadBalancer> {
  const forwarded: Forwarded[] = [];
  let next = 0;
  const server = createHttpServer((incoming, outgoing) => {
    const upstream = next++ % upstreams.length;
    const target = new URL(incoming.url ?? '/', upstreams[upstream]);
    forwarded.push({ method: incoming.method ?? 'GET', path: target.pathname, upstream });
    const headers: IncomingHttpHeaders = { ...incoming.headers, host: target.host, 'x-forwarded-for': incoming.socket.remoteAddress ?? '127.0.0.1' };
    const proxied = httpRequest(target, { method: incoming.method, headers, agent: false }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, [UPSTREAM_HEADER]: String(upstream) });
      answer.pipe(outgoing);
    });
    proxied.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`upstream ${upstream} failed: ${error.message}`);
    });
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
