import autocannon from 'autocannon';
import type { Figure } from './report';
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

/**
 * A bounded load on loopback: `connections` clients for `seconds`, then the percentiles.
 * With `rate` the clients send that many requests per second in all (autocannon lets each
 * client send its share back to back at the start of every second, so the load comes in
 * bursts); without it they send as fast as the server answers (saturation).
 */
export async function loadLookup(url: string, token: string, seconds = 10, connections = 8, rate?: number): Promise<LoadResult> {
  let seed = 0;
  const result = await autocannon({
    url: `${url}/v1/lookup`,
    method: 'POST',
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: lookupBody(seed++) }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The budget row: p99 at the offered rate. */
export function loadFigures(database: string, members: number, load: LoadResult): Figure[] {
  return [
    {
      section: 'Server',
      what: `POST /v1/lookup ×100 identities, ${database}, ${members.toLocaleString('en')} members: p50 / p99 at ${load.requestsPerSecond.toFixed(0)} req/s`,
      value: `${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms`,
      budget: 'p99 ≤ 25 ms',
      met: load.p99 <= 25 && load.errors === 0 && load.non2xx === 0,
    },
  ];
}

/** For information: how much the server answers when clients send as fast as it can (latency is then queueing). */
export function saturationFigure(database: string, connections: number, load: LoadResult): Figure {
  return {
    section: 'Server',
    what: `POST /v1/lookup ×100 identities, ${database}, saturated by ${connections} clients: throughput (p50 / p99)`,
    value: `${load.requestsPerSecond.toFixed(0)} req/s (${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms)`,
    budget: '—',
    met: load.errors === 0 && load.non2xx === 0 ? null : false,
  };
}
