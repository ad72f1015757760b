import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../bin/serve';
import { createLogger } from '../logger';
import { engines, startTestServer, type TestServer } from './harness';

const GRACE_MS = 1_500;

describe.each(engines())('stopping the server on %s', (engine) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    token = await server.token('Stella Stop', 'Social Care');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a request that never finishes is cut after the grace period, so a stop always ends; new connections are refused at once', { timeout: 120_000 }, async () => {
    const stopping: RunningServer = await startServer({ db: server.db, port: 0, webhooks: false, shutdownGraceMs: GRACE_MS, logger: createLogger({ level: 'silent' }) });
    const { hostname, port } = new URL(stopping.url);
    // A client that announces a body and sends only its first byte: the request stays in flight.
    const stuck: Socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => stuck.once('connect', resolve));
    const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
    stuck.on('error', () => undefined);
    stuck.write(
      `POST /v1/cases HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    // The server has the request (its headers are read) before the stop begins.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const began = Date.now();
    const stopped = stopping.close();
    // The port is closed at once: nothing new gets in while the stop waits.
    await expect(fetch(`${stopping.url}/healthz`)).rejects.toThrow();
    await stopped;
    await closed;
    // The request in flight was given the whole grace period before its connection was cut.
    expect(Date.now() - began).toBeGreaterThanOrEqual(GRACE_MS - 50);
    // The database is still the test's: the stop closed only its own server.
    expect((await server.db.query<{ n: number }>('SELECT 1 AS n'))[0]!.n).toBe(1);
  });
});
