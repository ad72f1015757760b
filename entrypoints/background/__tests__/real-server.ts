import { createServer, request, type Server } from 'node:http';
import { createAgent, importMembers, migrate, openDatabase, startServer, type Database, type RunningServer } from '../../../server';

/** The real Jetway server on an in-memory database, for the background's tests. */
export async function startJetway(membersCsv?: string): Promise<{ server: RunningServer; db: Database; token: string; baggageId: string; close(): Promise<void> }> {
  const db = await openDatabase({ memory: true });
  await migrate(db);
  const { token } = await createAgent(db, { name: 'Test Agent', team: 'Social Care' });
  await createAgent(db, { name: 'Bag Agent', team: 'Baggage' });
  const [baggage] = await db.query<{ id: string }>(`SELECT id FROM teams WHERE name = 'Baggage'`);
  if (membersCsv) await importMembers(db, membersCsv, { format: 'csv' });
  const server = await startServer({ db, port: 0, rateLimitPerMinute: 1_000_000 });
  return {
    server,
    db,
    token,
    baggageId: baggage!.id,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

export interface Faults {
  /** Share of requests answered 500 without reaching the server. */
  failRate: number;
  /** Share of requests forwarded, but whose answer is held past the client's timeout. */
  hangRate: number;
  down: boolean;
}

/**
 * A loopback proxy in front of the real server that injects faults: 500s, answers that
 * arrive too late (the server did the work, the client gave up), and outages.
 */
export class FaultyProxy {
  readonly faults: Faults = { failRate: 0, hangRate: 0, down: false };
  readonly counts = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  constructor(
    private readonly target: string,
    private readonly random: () => number,
  ) {}

  count(route: string): number {
    return this.counts.get(route) ?? 0;
  }

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      const route = `${incoming.method} ${(incoming.url ?? '').split('?')[0]}`;
      this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
      if (this.faults.down) {
        incoming.socket.destroy();
        return;
      }
      if (this.random() < this.faults.failRate) {
        outgoing.writeHead(500, { 'content-type': 'application/problem+json' });
        outgoing.end(JSON.stringify({ type: 'about:blank', title: 'Server error', status: 500 }));
        return;
      }
      const hang = this.random() < this.faults.hangRate;
      const forward = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const send = () => {
            if (outgoing.destroyed) return;
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            outgoing.end(Buffer.concat(chunks));
          };
          if (hang) setTimeout(send, 1_500);
          else send();
        });
      });
      forward.on('error', () => outgoing.destroy());
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A deterministic PRNG so fault runs repeat. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
