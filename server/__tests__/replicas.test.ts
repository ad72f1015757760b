import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InboxPageSchema, MeSchema, WebhookEndpointCreatedSchema } from '../../utils/contract';
import { ADMIN_KEY_FILE } from '../bin/admin-key';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { importMembers } from '../domain/members/import';
import { freshDatabase, type TestDatabase } from './harness';
import { roundRobin, serveProcess, UPSTREAM_HEADER, type LoadBalancer, type ServeProcess } from './replica-set';

/** The per-agent request limit the replicas run with: low enough to reach, high enough for the other tests' agents. */
const PER_MINUTE = 60;
const WAIT = { timeout: 90_000, interval: 100 };

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  /** Which replica answered (through the balancer), else null. */
  upstream: string | null;
}

/** One request, read whole; the server may close an idle keep-alive connection as it is reused, so retry once like any client. */
async function call(url: string, init: { method?: string; token?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const request = () =>
    fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const response = await request().catch(request);
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json, upstream: response.headers.get(UPSTREAM_HEADER) };
}

/** A webhook receiver on loopback that keeps every delivery and answers 200 after a moment (so both workers' claims overlap). */
async function webhookReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      setTimeout(() => response.writeHead(200).end(), 100);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// Replicas share a database server: PostgreSQL only. Without one, the global setup says why
// (and `npm test` reports these tests as the skipped PostgreSQL half).
describe.skipIf(inject('postgresUrl') === null)('two replicas behind a round-robin load balancer on postgres', { timeout: 180_000 }, () => {
  let store: TestDatabase;
  let dataDir: string;
  let replicas: ServeProcess[] = [];
  let balancer: LoadBalancer;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let adminKey: string;
  const api = (path: string) => `${balancer.url}${path}`;

  beforeAll(async () => {
    store = await freshDatabase('postgres');
    await migrate(store.db);
    await importMembers(store.db, 'loyaltyNumber,name,tier,xHandle\nSK810000001,Rhea Replica,gold,rhea_replica\n', { format: 'csv' });
    receiver = await webhookReceiver();
    // Both replicas start at once from one working directory without JETWAY_ADMIN_TOKEN:
    // they must end up with one admin key between them.
    dataDir = mkdtempSync(join(tmpdir(), 'jetway-replicas-'));
    const env = { DATABASE_URL: store.env.DATABASE_URL!, JETWAY_DATA_DIR: dataDir, JETWAY_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) };
    const started = await Promise.allSettled([serveProcess(env), serveProcess(env)]);
    replicas = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    balancer = await roundRobin(replicas.map((replica) => replica.url));
    adminKey = readFileSync(join(dataDir, ADMIN_KEY_FILE), 'utf8').trim();
  });
  afterAll(async () => {
    await balancer?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await receiver?.close();
    await store?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('both replicas answer, on PostgreSQL, with the one admin key', async () => {
    for (const replica of replicas) {
      expect((await call(`${replica.url}/healthz`)).json).toEqual({ status: 'ok', database: 'postgres' });
      const agents = await call(`${replica.url}/admin/v1/agents`, { token: adminKey });
      expect(agents.status, agents.text).toBe(200);
    }
  });

  it('the same Idempotency-Key sent twice lands on both replicas and makes one write', async () => {
    const { token } = await createAgent(store.db, { name: 'Ida Idempotent', team: 'Social Care' });
    const key = randomUUID();
    const body = { identity: { network: 'x', handle: 'idem_customer' }, subject: 'Bag lost at ARN' };
    const first = await call(api('/v1/cases'), { token, body, headers: { 'idempotency-key': key } });
    const again = await call(api('/v1/cases'), { token, body, headers: { 'idempotency-key': key } });
    expect(first.status, first.text).toBe(201);
    expect(again.status, again.text).toBe(201);
    expect(new Set([first.upstream, again.upstream])).toEqual(new Set(['0', '1']));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    // The same key with another body is refused wherever it lands.
    const reused = await call(api('/v1/cases'), { token, body: { ...body, subject: 'Something else' }, headers: { 'idempotency-key': key } });
    expect(reused.status, reused.text).toBe(422);

    // Sent at the same moment, one to each replica: one runs, the other waits its turn (409) or replays.
    const racing = randomUUID();
    const raced = { identity: { network: 'x', handle: 'idem_racer' }, subject: 'Sent twice at once' };
    const both = await Promise.all([0, 1].map(() => call(api('/v1/cases'), { token, body: raced, headers: { 'idempotency-key': racing } })));
    expect(new Set(both.map((answer) => answer.upstream))).toEqual(new Set(['0', '1']));
    expect(both.map((answer) => answer.status).sort()).toSatisfy((statuses: number[]) => statuses.includes(201) && statuses.every((status) => status === 201 || status === 409));
    for (const answer of both.filter((answer) => answer.status === 409)) expect(answer.headers.get('retry-after')).toBe('1');
    const settled = await call(api('/v1/cases'), { token, body: raced, headers: { 'idempotency-key': racing } });
    expect(settled.status, settled.text).toBe(201);
    expect(settled.text).toBe(both.find((answer) => answer.status === 201)!.text);

    const [counts] = await store.db.query<{ first: number; raced: number }>(
      `SELECT count(*) FILTER (WHERE subject = $1)::int AS first, count(*) FILTER (WHERE subject = $2)::int AS raced FROM cases`,
      [body.subject, raced.subject],
    );
    expect(counts).toEqual({ first: 1, raced: 1 });
  });

  it('security: an agent revoked through one replica is refused by the other at once (token and Console session)', async () => {
    const email = 'rob@replicas.example';
    const password = 'replicas share one truth';
    const { token } = await createAgent(store.db, { name: 'Rob Revoked', team: 'Social Care', email, password });
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const signIn = await call(`${b.url}/auth/session`, { body: { email, password } });
    expect(signIn.status, signIn.text).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    // Both replicas have seen the agent, token and session: anything they kept would now be warm.
    for (const replica of replicas) {
      expect((await call(`${replica.url}/v1/me`, { token })).status).toBe(200);
      expect((await call(`${replica.url}/v1/me`, { cookie })).status).toBe(200);
    }
    const revoked = await call(`${a.url}/admin/v1/agents/revoke`, { token: adminKey, body: { email } });
    expect(revoked.status, revoked.text).toBe(200);
    expect((await call(`${b.url}/v1/me`, { token })).status).toBe(401);
    expect((await call(`${b.url}/v1/me`, { cookie })).status).toBe(401);
    const throughBalancer = await Promise.all([0, 1].map(() => call(api('/v1/me'), { token })));
    expect(throughBalancer.map((answer) => answer.status)).toEqual([401, 401]);
    expect(new Set(throughBalancer.map((answer) => answer.upstream))).toEqual(new Set(['0', '1']));
  });

  it('security: the failed-link limit counts attempts on both replicas together (10, then 429 with Retry-After)', async () => {
    const { token } = await createAgent(store.db, { name: 'Gus Guesser', team: 'Social Care' });
    const link = (handle: string, loyaltyNumber: string) => call(api('/v1/links'), { token, body: { identity: { network: 'x', handle }, loyaltyNumber } });
    const served: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = await link(`guess_${attempt}`, `SK8199${String(attempt).padStart(5, '0')}`);
      expect(answer.status, answer.text).toBe(422);
      served.push(answer.upstream!);
    }
    expect(served.filter((upstream) => upstream === '0')).toHaveLength(5);
    expect(served.filter((upstream) => upstream === '1')).toHaveLength(5);
    for (let attempt = 0; attempt < 2; attempt++) {
      // Refused on each replica, even with a right number: the limit is on attempts.
      const limited = await link('rhea_replica', 'SK810000001');
      expect(limited.status, limited.text).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('security: link attempts sent all at once to both replicas get no more than the limit (10 refused as unknown, the rest 429)', async () => {
    const { token } = await createAgent(store.db, { name: 'Bea Burst', team: 'Social Care' });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, attempt) =>
        call(api('/v1/links'), { token, body: { identity: { network: 'x', handle: `burst_${attempt}` }, loyaltyNumber: `SK8299${String(attempt).padStart(5, '0')}` } }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.upstream))).toEqual(new Set(['0', '1']));
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(20);
  });

  it('security: password guesses sent all at once to both replicas get no more than the account’s limit (10 wrong, the rest 429)', async () => {
    const email = 'guessed@replicas.example';
    await createAgent(store.db, { name: 'Gita Guessed', team: 'Social Care', email, password: 'the one right passphrase' });
    const answers = await Promise.all(Array.from({ length: 25 }, (_, n) => call(api('/auth/session'), { body: { email, password: `wrong guess number ${n}` } })));
    expect(new Set(answers.map((answer) => answer.upstream))).toEqual(new Set(['0', '1']));
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
  });

  it('security: the per-agent request limit is one count across both replicas', async () => {
    const { token } = await createAgent(store.db, { name: 'Quinn Quick', team: 'Social Care' });
    // Each replica counting alone would let all of these through (half each, under the limit).
    const statuses: number[] = [];
    let refused: Answer | null = null;
    for (let sent = 0; sent < PER_MINUTE * 1.5; sent++) {
      const answer = await call(api('/v1/me'), { token });
      statuses.push(answer.status);
      if (answer.status === 429) refused ??= answer;
    }
    const allowed = statuses.filter((status) => status === 200).length;
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(200));
    // The limit refills one request a second while these run; far fewer than 90 get through.
    expect(allowed).toBeLessThan(PER_MINUTE * 1.25);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused!.headers.get('content-type')).toContain('application/problem+json');
    const { token: colleague } = await createAgent(store.db, { name: 'Sam Steady', team: 'Social Care' });
    expect((await call(api('/v1/me'), { token: colleague })).status).toBe(200);
  });

  it('delivers each webhook event exactly once with both replicas’ workers running, and both replicas show the new handoffs at once', async () => {
    const { token: leadToken } = await createAgent(store.db, { name: 'Lena Lead', team: 'Baggage', role: 'lead', email: 'lena@replicas.example' });
    const { token: socialToken } = await createAgent(store.db, { name: 'Ana Agent', team: 'Social Care' });
    const registered = await call(api('/v1/webhooks'), { token: leadToken, body: { url: receiver.url } });
    expect(registered.status, registered.text).toBe(201);
    const { secret, endpoint } = WebhookEndpointCreatedSchema.parse(registered.json);
    const baggageTeamId = MeSchema.parse((await call(api('/v1/me'), { token: leadToken })).json).team.id;

    const events = 12;
    for (let n = 0; n < events; n++) {
      const sent = await call(api('/v1/handoffs'), {
        token: socialToken,
        body: { toTeamId: baggageTeamId, identity: { network: 'x', handle: `flyer_${n}` }, reason: 'Bag missing', transcript: [{ author: `@flyer_${n}`, text: 'Where is my bag?', postedAt: null, url: null }] },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    // Live: the receiving team's inbox on either replica has every handoff, from the first read.
    const inboxes = await Promise.all([0, 1].map(() => call(api('/v1/handoffs/inbox?status=all'), { token: leadToken })));
    expect(new Set(inboxes.map((inbox) => inbox.upstream))).toEqual(new Set(['0', '1']));
    for (const inbox of inboxes) {
      expect(inbox.status, inbox.text).toBe(200);
      expect(InboxPageSchema.parse(inbox.json).handoffs).toHaveLength(events);
    }

    const delivered = async () =>
      (await store.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered'`, [endpoint.id]))[0]!.count;
    await expect.poll(delivered, WAIT).toBe(events);
    // Recorded as delivered only after the receiver answered: nothing more is on its way.
    const ids = receiver.received.map((request) => String(request.headers['webhook-id']));
    expect(ids).toHaveLength(events);
    expect(new Set(ids).size).toBe(events);
    const webhook = new Webhook(secret);
    for (const request of receiver.received) {
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name])]));
      expect((webhook.verify(request.body, headers) as { type: string }).type).toBe('handoff.created');
    }
    // Both replicas' workers were polling the whole time.
    for (const replica of replicas) expect(replica.child.exitCode).toBeNull();
  });
});
