import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** One request a loopback receiver got: what was sent, when it arrived, and the status it was answered with (null: none yet). */
export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  arrivedAt: Date;
  answer: number | null;
}

/** A status, or a status with headers (`retry-after`, `location`). */
export type Answer = number | { status: number; headers?: Record<string, string> };

export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>/hooks` */
  url: string;
  received: Received[];
  /** Stops listening and cuts any connection still open (a request left unanswered on purpose). */
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1 that keeps every request it gets, whole, and lets
 * `respond` answer it however the test needs: at once, late, never, or with a huge body.
 */
export async function loopbackReceiver(respond: (request: Received, response: ServerResponse, index: number) => void): Promise<LoopbackReceiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const entry: Received = { url: request.url ?? '/', headers: request.headers, body, arrivedAt: new Date(), answer: null };
      received.push(entry);
      respond(entry, response, received.length - 1);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** A loopback receiver that answers each request at once with the status (and headers) `answer` picks. */
export function receiver(answer: (request: Received, index: number) => Answer): Promise<LoopbackReceiver> {
  return loopbackReceiver((request, response, index) => {
    const picked = answer(request, index);
    const { status, headers } = typeof picked === 'number' ? { status: picked, headers: {} } : picked;
    request.answer = status;
    response.writeHead(status, headers);
    response.end();
  });
}

export interface DeliveredEvent {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Checks the Standard Webhooks headers with the reference library (signature and a timestamp within 5 minutes) and returns the event. */
export function verified(secret: string, request: Received): DeliveredEvent {
  const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name])]));
  return new Webhook(secret).verify(request.body, headers) as DeliveredEvent;
}
