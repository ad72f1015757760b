import http from 'node:http';
import autocannon from 'autocannon';
import { percentile, type Figure } from './report';
import { benchHandle } from './timeline';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** 100 identities per request: half members, half unknown, as a busy timeline looks. */
export function lookupBody(seed: number): string {
  const identities = Array.from({ length: 100 }, (_, i) =>
    i % 2 === 0 ? { network: 'x', handle: benchHandle((seed * 100 + i) % 100_000) } : { network: 'x', handle: `nobody_${seed % 1000}_${i}` },
  );
  return JSON.stringify({ identities });
}

interface Clients {
  connections: number;
  /** Requests per second for each connection; none: as fast as the server answers. */
  connectionRate?: number;
}

/**
 * One autocannon run against `POST /v1/lookup`. Latencies are taken from every response
 * as it comes, not from autocannon's histogram: with a rate set, autocannon "corrects" for
 * coordinated omission with an expected interval of one millisecond whatever the rate,
 * which adds a made-up sample per millisecond of every answer.
 */
function run(url: string, token: string, seconds: number, clients: Clients, next: () => number, latencies: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/v1/lookup`,
        method: 'POST',
        connections: clients.connections,
        duration: seconds,
        ...(clients.connectionRate ? { connectionRate: clients.connectionRate } : {}),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: lookupBody(next()) }) }],
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

async function measure(url: string, token: string, seconds: number, clients: Clients): Promise<LoadResult> {
  let seed = 0;
  const latencies: number[] = [];
  const result = await run(url, token, seconds, clients, () => seed++, latencies);
  return {
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * `rate` lookups a second, evenly spaced and open loop: request k is due at k × 1000 / `rate`
 * ms whatever happened to the ones before, as when many agents' browsers each ask now and
 * then, and its latency counts from that due time, so a late send (a busy client or server)
 * counts against the server too. autocannon has no such mode: its rate option sends each
 * client's share back to back at the start of every second (`loadLookupBursts`).
 * Keep-alive connections on loopback only, bounded by `seconds`.
 */
export async function loadLookupPaced(url: string, token: string, seconds: number, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(`${url}/v1/lookup`);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const send = (body: string, due: number) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        target,
        { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) latencies.push(performance.now() - due);
            else non2xx += 1;
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => {
        errors += 1;
        resolve();
      });
      request.end(body);
    });
  const interval = 1000 / rate;
  const total = Math.round(seconds * rate);
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const due = started + k * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(lookupBody(k), due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { requestsPerSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, non2xx };
}

/**
 * `rate` lookups a second the way autocannon's own rate option sends them: each of
 * `connections` clients sends its share back to back at the start of every second, so
 * the server sees `connections` requests at once until the second's share is done.
 */
export function loadLookupBursts(url: string, token: string, seconds: number, connections: number, rate: number): Promise<LoadResult> {
  return measure(url, token, seconds, { connections, connectionRate: rate / connections });
}

/** `connections` clients sending as fast as the server answers (saturation: latency is queueing). */
export function loadLookupSaturated(url: string, token: string, seconds: number, connections: number): Promise<LoadResult> {
  return measure(url, token, seconds, { connections });
}

function healthy(load: LoadResult): boolean {
  return load.errors === 0 && load.non2xx === 0;
}

/** The raised budgets: p99 at the offered rate, per database (docs/testing.md, "Budgets"). */
export const LOOKUP_P99_BUDGET_MS: Record<string, number> = { 'embedded PGlite': 15, PostgreSQL: 10 };

/**
 * The budget row: p99 at the rate offered, and only if the server kept up with it (a
 * server that falls behind sends fewer answers, and their latency would hide the wait).
 */
export function pacedFigure(database: string, members: number, rate: number, load: LoadResult): Figure {
  const budget = LOOKUP_P99_BUDGET_MS[database] ?? 10;
  return {
    section: 'Server',
    what: `POST /v1/lookup ×100 identities, ${database}, ${members.toLocaleString('en')} members, ${rate} req/s offered evenly: p50 / p99 at ${load.requestsPerSecond.toFixed(0)} req/s`,
    value: `${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms`,
    budget: `p99 ≤ ${budget} ms`,
    met: load.p99 <= budget && healthy(load) && load.requestsPerSecond >= rate * 0.98,
  };
}

/** For information: the same rate sent in bursts, `connections` requests at once. */
export function burstFigure(database: string, connections: number, rate: number, load: LoadResult): Figure {
  return {
    section: 'Server',
    what: `POST /v1/lookup ×100 identities, ${database}, ${rate} req/s sent by ${connections} clients back to back at the start of each second: p50 / p99`,
    value: `${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms`,
    budget: '—',
    met: healthy(load) ? null : false,
  };
}

/** For information: how much the server answers when clients send as fast as it can (latency is then queueing). */
export function saturationFigure(database: string, connections: number, load: LoadResult): Figure {
  return {
    section: 'Server',
    what: `POST /v1/lookup ×100 identities, ${database}, saturated by ${connections} clients: throughput (p50 / p99)`,
    value: `${load.requestsPerSecond.toFixed(0)} req/s (${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms)`,
    budget: '—',
    met: healthy(load) ? null : false,
  };
}
