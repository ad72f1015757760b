import { createServer, request, type Server } from 'node:http';

/**
 * A loopback proxy between the extension and the e2e server. It records every request
 * that reaches the server (`METHOD /path`, without the query), and can hold some back
 * until released: a page's refresh that is still on its way while something else
 * happens, without racing a timer.
 */
export class ServerProxy {
  /** The requests that reached the server, in order. */
  readonly arrived: string[] = [];
  private holding: ((route: string) => boolean) | null = null;
  private readonly held: Array<() => void> = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly target: string) {}

  /** How many `route` requests ("PATCH /v1/cases/…") reached the server. */
  count(route: string): number {
    return this.arrived.filter((arrived) => arrived === route).length;
  }

  /** Holds back every request whose route `matches` until `release()`. */
  holdBack(matches: (route: string) => boolean): void {
    this.holding = matches;
  }

  /** Lets the held requests through, in the order they came, and holds nothing more. */
  release(): void {
    this.holding = null;
    for (const forward of this.held.splice(0)) forward();
  }

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      const route = `${incoming.method} ${(incoming.url ?? '').split('?')[0]}`;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const forward = () => {
          // The extension gave up on it meanwhile: it never reaches the server.
          if (incoming.socket.destroyed) return;
          this.arrived.push(route);
          const upstream = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
          });
          upstream.on('error', () => outgoing.destroy());
          upstream.end(Buffer.concat(chunks));
        };
        if (this.holding?.(route)) this.held.push(forward);
        else forward();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
