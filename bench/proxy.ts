import { createServer, request, type Server } from 'node:http';

/** A loopback proxy in front of the Jetway server that counts the API calls it forwards. */
export class CountingProxy {
  private server: Server | null = null;
  readonly counts = new Map<string, number>();
  port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  count(route: string): number {
    return this.counts.get(route) ?? 0;
  }

  reset(): void {
    this.counts.clear();
  }

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      const route = `${incoming.method} ${(incoming.url ?? '').split('?')[0]}`;
      if (incoming.method !== 'OPTIONS') this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
      const forward = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
