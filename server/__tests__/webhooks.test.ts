import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HandoffSchema, MeSchema, WebhooksOverviewSchema, type Handoff } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { localWebhooks, webhooksCommand } from '../bin/commands/webhooks';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { importMembers } from '../domain/members/import';
import type { DeliveryPolicy } from '../domain/webhooks/delivery';
import { smtpMailer } from '../domain/webhooks/notices';
import { apiClient, bodyOf, engines, freshDatabase, read, type ApiClient, type Engine, type TestDatabase } from './harness';
import { receiver, verified } from './webhook-receiver';

const transcript = [
  { author: '@frequent_flyer', text: 'Still no bag after two days', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' },
  { author: '@airline', text: 'So sorry! Could you DM us the tag number?', postedAt: null, url: null },
];

/** Retry times small enough for a test; the schedule's shape is the production one. */
const FAST: Partial<DeliveryPolicy> = { firstRetryMs: 50, maxRetryMs: 200, pollMs: 50, leaseMs: 15_000, timeoutMs: 5_000 };
const WAIT = { timeout: 60_000, interval: 50 };

/** A database that can be closed and opened again like a restarted server's (PGlite: one data dir). */
async function restartableDatabase(engine: Engine) {
  let fresh: TestDatabase | null = null;
  let dir: string | null = null;
  let db: Database;
  if (engine === 'postgres') {
    fresh = await freshDatabase('postgres');
    db = fresh.db;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'jetway-hooks-'));
    db = await openDatabase({ dataDir: dir });
  }
  await migrate(db);
  return {
    get db() {
      return db;
    },
    async reopen() {
      if (engine === 'pglite') {
        await db.close();
        db = await openDatabase({ dataDir: dir! });
      } else {
        db = await openDatabase({ databaseUrl: fresh!.env.DATABASE_URL! });
      }
      await migrate(db);
    },
    async dispose() {
      if (fresh) {
        if (db !== fresh.db) await db.close();
        await fresh.dispose();
      } else {
        await db.close();
        rmSync(dir!, { recursive: true, force: true });
      }
    },
  };
}

const start = (db: Database, webhooks: Parameters<typeof startServer>[0]['webhooks']) => startServer({ db, port: 0, rateLimitPerMinute: 100_000, webhooks });

describe.each(engines())('webhooks on %s', (engine) => {
  let store: Awaited<ReturnType<typeof restartableDatabase>>;
  let server: RunningServer;
  let social: ApiClient;
  let lead: ApiClient;
  let baggageTeamId: string;
  let agentToken: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await restartableDatabase(engine);
    tokens.social = (await createAgent(store.db, { name: 'Ana Agent', team: 'Social Care' })).token;
    tokens.lead = (await createAgent(store.db, { name: 'Lena Lead', team: 'Baggage', role: 'lead', email: 'lena@example.com' })).token;
    agentToken = (await createAgent(store.db, { name: 'Bo Baggage', team: 'Baggage' })).token;
    tokens.otherLead = (await createAgent(store.db, { name: 'Rita Refunds', team: 'Refunds', role: 'lead', email: 'rita@example.com' })).token;
    await importMembers(store.db, 'loyaltyNumber,name,tier,xHandle,preferredChannel\nSK500000001,Frequent Flyer,platinum,frequent_flyer,phone\n');
    server = await start(store.db, { policy: FAST });
    social = apiClient(server.url, tokens.social!);
    lead = apiClient(server.url, tokens.lead!);
    baggageTeamId = MeSchema.parse(await bodyOf(lead.v1.me.$get(), 200)).team.id;
  });
  afterAll(async () => {
    await server?.close();
    await store?.dispose();
  });

  const handOff = async () =>
    HandoffSchema.parse(
      await bodyOf(social.v1.handoffs.$post({ json: { toTeamId: baggageTeamId, identity: { network: 'x', handle: 'frequent_flyer' }, reason: 'Bag missing', transcript } }), 201),
    );

  it('delivers handoff.created once after two 503s, across a restart, signed per Standard Webhooks with the transcript; then handoff.accepted', { timeout: 180_000 }, async () => {
    let created = 0;
    const hook = await receiver(({ body }) =>
      JSON.parse(body).type === 'handoff.created' && ++created <= 2 ? { status: 503, headers: { 'retry-after': '0' } } : 204,
    );
    try {
      const { secret } = await bodyOf(lead.v1.webhooks.$post({ json: { url: hook.url, events: ['handoff.created', 'handoff.accepted'] } }), 201);
      expect(secret).toMatch(/^whsec_/);
      const handoff = await handOff();

      // The first try fails; the server stops and starts again over the same database.
      await vi.waitFor(() => expect(hook.received.length).toBeGreaterThanOrEqual(1), WAIT);
      await server.close();
      await store.reopen();
      server = await start(store.db, { policy: FAST });
      lead = apiClient(server.url, tokens.lead!);
      social = apiClient(server.url, tokens.social!);

      await vi.waitFor(() => expect(hook.received.some((request) => request.answer === 204)).toBe(true), WAIT);
      const tries = hook.received.filter((request) => verified(secret, request).type === 'handoff.created');
      expect(tries.map((request) => request.answer)).toEqual([503, 503, 204]);
      expect(new Set(tries.map((request) => request.headers['webhook-id'])).size).toBe(1);
      const event = verified(secret, tries[2]!);
      const data = HandoffSchema.parse(event.data);
      expect(data.id).toBe(handoff.id);
      expect(data.transcript).toEqual(transcript);
      expect(data.status).toBe('sent');
      expect(Date.parse(event.timestamp)).not.toBeNaN();

      await bodyOf(lead.v1.handoffs[':id'].$patch({ param: { id: handoff.id }, json: { action: 'accept', version: handoff.version } }), 200);
      await vi.waitFor(() => expect(hook.received.some((request) => verified(secret, request).type === 'handoff.accepted')).toBe(true), WAIT);
      const accepted = HandoffSchema.parse(verified(secret, hook.received.find((request) => verified(secret, request).type === 'handoff.accepted')!).data);
      expect(accepted.status).toBe('accepted');

      // No event succeeded twice: one 2xx per message id, and the outbox agrees.
      const successes = hook.received.filter((request) => request.answer === 204).map((request) => request.headers['webhook-id']);
      expect(new Set(successes).size).toBe(successes.length);
      const deliveries = await store.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status');
      expect(deliveries).toEqual([{ status: 'delivered', n: 2 }]);
      const { endpoints } = WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
      for (const endpoint of endpoints) await bodyOf(lead.v1.webhooks[':id'].$delete({ param: { id: endpoint.id } }), 204);
    } finally {
      await hook.close();
    }
  });

  it('tells the receiving team in Slack and by email: handle, tier, reason, due time and a link to the handoff', { timeout: 180_000 }, async () => {
    const slack = await receiver(() => 200);
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push(text);
          done();
        });
      },
    });
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const noticed = await start(store.db, { policy: FAST, mailer: smtpMailer(`smtp://127.0.0.1:${smtpPort}`, 'Jetway <jetway@example.com>'), publicUrl: 'https://jetway.example.com' });
    try {
      // This server's worker alone sends notices: the other one is stopped meanwhile.
      await server.close();
      lead = apiClient(noticed.url, tokens.lead!);
      social = apiClient(noticed.url, tokens.social!);
      const notices = await bodyOf(lead.v1.webhooks.notices.$put({ json: { slackUrl: slack.url, email: 'baggage-team@example.com' } }), 200);
      expect(notices).toEqual({ slackUrl: slack.url, email: 'baggage-team@example.com' });
      const handoff: Handoff = await handOff();
      await vi.waitFor(() => expect(slack.received.length).toBe(1), WAIT);
      await vi.waitFor(() => expect(mails.length).toBe(1), WAIT);
      const text = (JSON.parse(slack.received[0]!.body) as { text: string }).text;
      for (const part of ['@frequent_flyer', 'Platinum', 'Bag missing', handoff.dueAt, `https://jetway.example.com/console/handoffs/${handoff.id}`]) {
        expect(text).toContain(part);
        expect(mails[0]!.replace(/=\r?\n/g, '')).toContain(part);
      }
      expect(mails[0]).toContain('To: baggage-team@example.com');
      await bodyOf(lead.v1.webhooks.notices.$put({ json: { slackUrl: null, email: null } }), 200);
    } finally {
      await noticed.close();
      server = await start(store.db, { policy: FAST });
      lead = apiClient(server.url, tokens.lead!);
      social = apiClient(server.url, tokens.social!);
      await slack.close();
      await new Promise<void>((done) => smtp.close(() => done()));
    }
  });

  /** Runs `work` against a server of its own with this delivery policy (the suite's server stopped meanwhile). */
  async function withPolicy(policy: Partial<DeliveryPolicy>, work: () => Promise<void>) {
    const own = await start(store.db, { policy: { ...FAST, ...policy } });
    await server.close();
    try {
      lead = apiClient(own.url, tokens.lead!);
      social = apiClient(own.url, tokens.social!);
      await work();
    } finally {
      await own.close();
      server = await start(store.db, { policy: FAST });
      lead = apiClient(server.url, tokens.lead!);
      social = apiClient(server.url, tokens.social!);
    }
  }

  it('lists a delivery that failed its last try, with a Retry that delivers it once the receiver is back', { timeout: 180_000 }, async () => {
    let healthy = false;
    const hook = await receiver(() => (healthy ? 204 : 500));
    try {
      // No time to retry: the first failure is the last try.
      await withPolicy({ giveUpAfterMs: 0 }, async () => {
        const { endpoint } = await bodyOf(lead.v1.webhooks.$post({ json: { url: hook.url, events: ['handoff.created'] } }), 201);
        await handOff();
        const overview = await vi.waitFor(async () => {
          const seen = WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
          expect(seen.failed).toHaveLength(1);
          return seen;
        }, WAIT);
        expect(overview.failed[0]).toMatchObject({ endpointId: endpoint.id, type: 'handoff.created', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
        expect(overview.endpoints[0]!.failingSince).not.toBeNull();
        expect(overview.endpoints[0]!.disabledAt).toBeNull();

        healthy = true;
        expect((await read(lead.v1.webhooks.deliveries[':id'].retry.$post({ param: { id: overview.failed[0]!.id } }))).status).toBe(202);
        await vi.waitFor(() => expect(hook.received.at(-1)?.answer).toBe(204), WAIT);
        const after = await vi.waitFor(async () => {
          const seen = WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
          expect(seen.endpoints[0]!.failingSince).toBeNull();
          return seen;
        }, WAIT);
        expect(after.failed).toEqual([]);
        expect(hook.received.map((request) => request.answer)).toEqual([500, 204]);
        await bodyOf(lead.v1.webhooks[':id'].$delete({ param: { id: endpoint.id } }), 204);
      });
    } finally {
      await hook.close();
    }
  });

  it('disables an endpoint that keeps failing, tells the team’s admins, and enables it again on Retry', { timeout: 180_000 }, async () => {
    const hook = await receiver(() => 500);
    try {
      // "Failing too long" is at once here; in production it is 3 days.
      await withPolicy({ disableAfterMs: 0 }, async () => {
        const { endpoint } = await bodyOf(lead.v1.webhooks.$post({ json: { url: hook.url, events: ['handoff.created'] } }), 201);
        await handOff();
        const overview = await vi.waitFor(async () => {
          const seen = WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
          expect(seen.endpoints[0]!.disabledAt).not.toBeNull();
          expect(seen.failed).toHaveLength(1);
          return seen;
        }, WAIT);
        const audit = await store.db.query<{ team_id: string; detail: { endpointId: string } | string }>(
          `SELECT team_id, detail FROM audit_log WHERE action = 'webhook.endpoint.disabled'`,
        );
        expect(audit).toHaveLength(1);
        expect(audit[0]!.team_id).toBe(baggageTeamId);
        expect(JSON.stringify(audit[0]!.detail)).toContain(endpoint.id);
        // A disabled endpoint is sent nothing more.
        const tries = hook.received.length;
        await handOff();
        expect((await store.db.query(`SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending'`, [endpoint.id])).length).toBe(0);
        expect(hook.received.length).toBe(tries);
        await bodyOf(lead.v1.webhooks.deliveries[':id'].retry.$post({ param: { id: overview.failed[0]!.id } }), 202);
        const after = WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
        expect(after.endpoints[0]!.disabledAt).toBeNull();
        await bodyOf(lead.v1.webhooks[':id'].$delete({ param: { id: endpoint.id } }), 204);
      });
    } finally {
      await hook.close();
    }
  });

  it('security: only the team’s leads and admins see or change its webhooks, and only its own', async () => {
    const agent = apiClient(server.url, agentToken);
    expect((await read(agent.v1.webhooks.$get())).status).toBe(403);
    expect((await read(agent.v1.webhooks.$post({ json: { url: 'https://hooks.example.com/a' } }))).status).toBe(403);
    const { endpoint } = await bodyOf(lead.v1.webhooks.$post({ json: { url: 'https://hooks.example.com/a' } }), 201);
    expect(endpoint.events).toHaveLength(7);
    const other = apiClient(server.url, tokens.otherLead!);
    expect(WebhooksOverviewSchema.parse(await bodyOf(other.v1.webhooks.$get(), 200)).endpoints).toEqual([]);
    expect((await read(other.v1.webhooks[':id'].$delete({ param: { id: endpoint.id } }))).status).toBe(404);
    expect((await read(other.v1.webhooks[':id']['rotate-secret'].$post({ param: { id: endpoint.id } }))).status).toBe(404);
    const { secret } = await bodyOf(lead.v1.webhooks[':id']['rotate-secret'].$post({ param: { id: endpoint.id } }), 200);
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown when made, never in a listing.
    expect(JSON.stringify(await bodyOf(lead.v1.webhooks.$get(), 200))).not.toContain(secret);
    await bodyOf(lead.v1.webhooks[':id'].$delete({ param: { id: endpoint.id } }), 204);
  });

  it('security: a delivery URL is https, or http only on loopback', async () => {
    for (const url of ['http://hooks.example.com/a', 'ftp://127.0.0.1/a', 'http://10.0.0.1/a']) {
      expect((await read(lead.v1.webhooks.$post({ json: { url } }))).status, url).toBe(400);
    }
    expect((await read(lead.v1.webhooks.notices.$put({ json: { slackUrl: 'http://hooks.slack.example.com/x', email: null } }))).status).toBe(400);
  });

  it('the webhooks command adds, lists, rotates and removes, printing each secret last', async () => {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    expect(await webhooksCommand(localWebhooks(store.db), 'add', ['--team', 'Baggage', '--url', 'https://hooks.example.com/cli', '--events', 'handoff.created,case.opened'], print)).toBe(0);
    expect(lines.at(-1)).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const id = /endpoint ([0-9a-f-]{36})/.exec(lines[0]!)![1]!;
    lines.length = 0;
    await webhooksCommand(localWebhooks(store.db), 'list', ['--team', 'Baggage'], print);
    expect(lines).toEqual([`${id}  https://hooks.example.com/cli  handoff.created,case.opened  delivering`]);
    lines.length = 0;
    await webhooksCommand(localWebhooks(store.db), 'rotate-secret', ['--team', 'Baggage', '--id', id], print);
    expect(lines.at(-1)).toMatch(/^whsec_/);
    await webhooksCommand(localWebhooks(store.db), 'remove', ['--team', 'Baggage', '--id', id], print);
    await expect(webhooksCommand(localWebhooks(store.db), 'add', ['--team', 'Baggage', '--url', 'http://hooks.example.com/'], print)).rejects.toThrow(/https/);
    await expect(webhooksCommand(localWebhooks(store.db), 'add', ['--team', 'Baggage', '--url', 'https://a.example.com/', '--events', 'handoff.lost'], print)).rejects.toThrow(/unknown event/);
  });
});

describe('npm run jetway -- webhooks add', () => {
  it('prints the signing secret as its last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-hooks-cli-'));
    try {
      const db = await openDatabase({ dataDir: dir });
      await migrate(db);
      await createAgent(db, { name: 'Lena Lead', team: 'Baggage', role: 'lead' });
      await db.close();
      const outcome = spawnSync(process.execPath, ['--import', 'tsx', 'server/bin/cli.ts', 'webhooks', 'add', '--team', 'Baggage', '--url', 'https://hooks.example.com/z'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', JETWAY_DATA_DIR: dir },
        timeout: 60_000,
      });
      expect(outcome.status, outcome.stderr).toBe(0);
      expect(outcome.stdout.trim().split('\n').at(-1)).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('email notices', () => {
  it('give up on a mail server that accepts the connection and never answers, rather than wait for it', { timeout: 60_000 }, async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, 'Jetway <jetway@example.com>', 500);
      await expect(mailer.send({ to: 'lead@airline.example', subject: 'A handoff', text: 'x' })).rejects.toThrow(/greeting|timeout/i);
      expect(sockets.length).toBe(1);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
