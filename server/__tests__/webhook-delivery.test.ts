import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CaseSchema, HandoffSchema, WEBHOOK_EVENT_TYPES, WebhooksOverviewSchema, type HandoffAction, type WebhookEventType,
} from '../../utils/contract';
import { startServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { importMembers } from '../domain/members/import';
import type { DeliveryPolicy } from '../domain/webhooks/delivery';
import type { Mailer } from '../domain/webhooks/notices';
import { createLogger } from '../logger';
import { apiClient, bodyOf, engines, freshDatabase, type ApiClient, type TestDatabase } from './harness';
import { loopbackReceiver, receiver, verified, type Answer, type DeliveredEvent, type LoopbackReceiver, type Received } from './webhook-receiver';

const WAIT = { timeout: 60_000, interval: 50 };
const SECOND = 1_000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;

const transcript = [{ author: '@frequent_flyer', text: 'Still no bag after two days', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' }];

type Team = 'social' | 'baggage' | 'refunds';
/** A handoff action as the test names it; the current version is added when it is sent. */
type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

/**
 * A clock the test moves by hand, for the server and its delivery worker: a delivery is
 * tried once the clock reaches its next attempt time, never before, and each wait the
 * worker schedules can be read exactly. It starts on a whole second a minute ahead, so
 * events made meanwhile (on the real clock) are already due.
 */
function handClock() {
  let at = Math.ceil((Date.now() + 60 * SECOND) / SECOND) * SECOND;
  return {
    start: at,
    now: () => new Date(at),
    get at() {
      return at;
    },
    set(to: number) {
      at = to;
    },
  };
}

/** Keeps the emails the server sends, in order. */
function keptMail(): Mailer & { sent: Array<{ to: string; subject: string; text: string }> } {
  const sent: Array<{ to: string; subject: string; text: string }> = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}

interface DeliveryRow {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  created_at: Date;
  last_status: number | null;
}

const time = (value: Date | string) => new Date(value).getTime();

describe.each(engines())('webhook delivery on %s', (engine) => {
  let store: TestDatabase;
  const tokens = {} as Record<'social' | 'socialLead' | 'lead' | 'refundsLead', string>;
  const teamIds = {} as Record<Team, string>;

  beforeAll(async () => {
    store = await freshDatabase(engine);
    await migrate(store.db);
    tokens.social = (await createAgent(store.db, { name: 'Ana Agent', team: 'Social Care' })).token;
    ({ token: tokens.socialLead, teamId: teamIds.social } = await createAgent(store.db, { name: 'Sol Lead', team: 'Social Care', role: 'lead', email: 'sol@example.com' }));
    ({ token: tokens.lead, teamId: teamIds.baggage } = await createAgent(store.db, { name: 'Lena Lead', team: 'Baggage', role: 'lead', email: 'lena@example.com' }));
    ({ token: tokens.refundsLead, teamId: teamIds.refunds } = await createAgent(store.db, { name: 'Rita Refunds', team: 'Refunds', role: 'lead' }));
    await createAgent(store.db, { name: 'Ada Admin', team: 'Baggage', role: 'admin', email: 'ada@example.com' });
    await createAgent(store.db, { name: 'Otto Operations', team: 'Operations', role: 'admin', email: 'otto@example.com' });
    await createAgent(store.db, { name: 'Bea Baggage', team: 'Baggage', email: 'bea@example.com' });
    await importMembers(store.db, 'loyaltyNumber,name,tier,xHandle,preferredChannel\nSK500000001,Frequent Flyer,platinum,frequent_flyer,phone\n');
  });
  afterAll(async () => {
    await store?.dispose();
  });

  /** What a test registered goes with it (and what was still to be sent there), passed or failed. */
  const removeEndpoints = () => store.db.query('DELETE FROM webhook_endpoints');

  /** A server of its own over the suite's database (only one runs at a time, so one worker sends). */
  async function serve(options: { policy?: Partial<DeliveryPolicy>; now?: () => Date; mailer?: Mailer } = {}) {
    const server = await startServer({
      db: store.db,
      port: 0,
      rateLimitPerMinute: 100_000,
      now: options.now,
      logger: createLogger({ level: 'silent' }),
      webhooks: { policy: { pollMs: 50, ...options.policy }, mailer: options.mailer },
    });
    return { as: (who: keyof typeof tokens) => apiClient(server.url, tokens[who]), close: () => server.close() };
  }

  const handOff = async (social: ApiClient) =>
    HandoffSchema.parse(
      await bodyOf(social.v1.handoffs.$post({ json: { toTeamId: teamIds.baggage, identity: { network: 'x', handle: 'frequent_flyer' }, reason: 'Bag missing', transcript } }), 201),
    );

  describe('every event type', () => {
    let server: Awaited<ReturnType<typeof serve>>;
    const hooks = {} as Record<Team, LoopbackReceiver>;
    const endpoints = {} as Record<Team, { id: string; secret: string }>;
    let customer = 0;

    beforeAll(async () => {
      server = await serve();
      for (const [team, who] of [['social', 'socialLead'], ['baggage', 'lead'], ['refunds', 'refundsLead']] as const) {
        hooks[team] = await receiver(() => 204);
        // No events named: the endpoint gets every type.
        const { endpoint, secret } = await bodyOf(server.as(who).v1.webhooks.$post({ json: { url: hooks[team].url } }), 201);
        endpoints[team] = { id: endpoint.id, secret };
      }
    });
    afterAll(async () => {
      await removeEndpoints();
      await server?.close();
      for (const hook of Object.values(hooks)) await hook.close();
    });

    const openCase = () =>
      bodyOf(server.as('lead').v1.cases.$post({ json: { identity: { network: 'x', handle: `passenger_${++customer}` }, subject: 'Seat refund' } }), 201);
    /** A new handoff to Baggage, changed by Baggage's lead; the API's answer to the change. */
    const change = async (action: WithoutVersion<HandoffAction>) => {
      const handoff = await handOff(server.as('social'));
      return bodyOf(server.as('lead').v1.handoffs[':id'].$patch({ param: { id: handoff.id }, json: { ...action, version: handoff.version } as HandoffAction }), 200);
    };
    const other = (team: Team): Team => (team === 'baggage' ? 'social' : 'baggage');

    /** How each event is made through the API, the answer it gave, and the teams whose endpoints are sent it. */
    const EVENTS: Array<{ type: WebhookEventType; to: Team[]; make: () => Promise<{ id: string }> }> = [
      { type: 'case.opened', to: ['baggage'], make: openCase },
      {
        type: 'case.resolved',
        to: ['baggage'],
        make: async () => {
          const opened = CaseSchema.parse(await openCase());
          return bodyOf(server.as('lead').v1.cases[':id'].$patch({ param: { id: opened.id }, json: { status: 'resolved', version: opened.version } }), 200);
        },
      },
      {
        type: 'handoff.created',
        to: ['social', 'baggage'],
        make: () =>
          bodyOf(
            server.as('social').v1.handoffs.$post({ json: { toTeamId: teamIds.baggage, identity: { network: 'x', handle: 'frequent_flyer' }, reason: 'Bag missing', transcript } }),
            201,
          ),
      },
      { type: 'handoff.accepted', to: ['social', 'baggage'], make: () => change({ action: 'accept' }) },
      { type: 'handoff.resolved', to: ['social', 'baggage'], make: () => change({ action: 'resolve', outcome: 'Bag delivered to the hotel' }) },
      { type: 'handoff.sent_back', to: ['social', 'baggage'], make: () => change({ action: 'send_back', reason: 'Not a baggage matter' }) },
      // The team that passed it on is told too, not only the sending and the new receiving team.
      {
        type: 'handoff.reassigned',
        to: ['social', 'baggage', 'refunds'],
        make: () => change({ action: 'reassign', toTeamId: teamIds.refunds, reason: 'A refund, not a bag' }),
      },
    ];

    it('has a test below for each event type an endpoint can subscribe to', () => {
      expect(EVENTS.map((event) => event.type).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    });

    /** The receiver's request telling of this type about this handoff or case, verified, once it came. */
    const deliveryOf = (team: Team, type: WebhookEventType, id: string) =>
      vi.waitFor(() => {
        const found = hooks[team].received
          .map((request): [Received, DeliveredEvent] => [request, verified(endpoints[team].secret, request)])
          .find(([, event]) => event.type === type && event.data.id === id);
        expect(found, `${type} ${id} at ${team}`).toBeDefined();
        return found!;
      }, WAIT);

    it.each(EVENTS)('delivers $type to the endpoints of $to, signed per Standard Webhooks, with the data the API answered', async ({ type, to, make }) => {
      const answer = await make();
      const schema = type.startsWith('case.') ? CaseSchema : HandoffSchema;
      let eventId: string | undefined;
      for (const team of to) {
        const [request, event] = await deliveryOf(team, type, answer.id);
        // The same event, under the same id, to every team; the signature is each endpoint's own.
        eventId ??= String(request.headers['webhook-id']);
        expect(request.headers['webhook-id']).toBe(eventId);
        expect(request.headers['content-type']).toBe('application/json');
        expect(Math.abs(Number(request.headers['webhook-timestamp']) * SECOND - Date.now())).toBeLessThan(5 * 60 * SECOND);
        expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
        expect(() => verified(endpoints[other(team)].secret, request)).toThrow();
        expect(Object.keys(event).sort()).toEqual(['data', 'timestamp', 'type']);
        expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
        schema.parse(event.data);
        expect(event.data).toEqual(answer);
      }
      // Sent to exactly these teams' endpoints, once each.
      const queued = await store.db.query<{ endpoint_id: string }>('SELECT endpoint_id FROM webhook_deliveries WHERE event_id = $1 ORDER BY endpoint_id', [eventId]);
      expect(queued.map((row) => row.endpoint_id)).toEqual(to.map((team) => endpoints[team].id).sort());
    });
  });

  describe('retries', () => {
    /** Runs `work` against a server of its own, closing it (and the receivers) after. */
    async function withServer(options: Parameters<typeof serve>[0], hooks: LoopbackReceiver[], work: (as: Awaited<ReturnType<typeof serve>>['as']) => Promise<void>) {
      const server = await serve(options);
      try {
        await work(server.as);
      } finally {
        await removeEndpoints();
        await server.close();
        for (const hook of hooks) await hook.close();
      }
    }

    const register = async (lead: ApiClient, url: string) => (await bodyOf(lead.v1.webhooks.$post({ json: { url, events: ['handoff.created'] } }), 201)).endpoint;
    const overview = async (lead: ApiClient) => WebhooksOverviewSchema.parse(await bodyOf(lead.v1.webhooks.$get(), 200));
    const deliveries = (endpointId: string) =>
      store.db.query<DeliveryRow>(
        'SELECT status, attempts, next_attempt_at, lease_until, created_at, last_status FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id',
        [endpointId],
      );
    /** The endpoint's one delivery once its `attempts`-th try is recorded. */
    const afterTry = (endpointId: string, attempts: number) =>
      vi.waitFor(async () => {
        const rows = await deliveries(endpointId);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ attempts, lease_until: null });
        return rows[0]!;
      }, WAIT);
    /** Waits a while (many worker polls) in which nothing may reach the receiver. */
    const nothingFor = async (hook: LoopbackReceiver, count: number) => {
      await new Promise((done) => setTimeout(done, 1_500));
      expect(hook.received).toHaveLength(count);
    };

    it('a 5xx is tried again in steps of 30 s, 1 min, 2 min… up to 2 hours, each wait between half and all of its step, for 24 hours; then it is listed as failed', async () => {
      const hook = await receiver(() => 500);
      const clock = handClock();
      // The production schedule, on the hand clock.
      await withServer({ now: clock.now }, [hook], async (as) => {
        const endpoint = await register(as('lead'), hook.url);
        await handOff(as('social'));
        const waits: number[] = [];
        const steps: number[] = [];
        for (let attempts = 1; ; attempts++) {
          const row = await afterTry(endpoint.id, attempts);
          expect(hook.received).toHaveLength(attempts);
          expect(row.last_status).toBe(500);
          // Every try is within 24 hours of the event.
          expect(clock.at).toBeLessThanOrEqual(time(row.created_at) + DAY);
          const step = Math.min(2 * HOUR, 30 * SECOND * 2 ** (attempts - 1));
          const wait = time(row.next_attempt_at) - clock.at;
          expect(wait, `wait after try ${attempts}`).toBeGreaterThanOrEqual(step / 2);
          expect(wait, `wait after try ${attempts}`).toBeLessThanOrEqual(step);
          if (waits.length > 0 && step < 2 * HOUR) expect(wait).toBeGreaterThanOrEqual(waits.at(-1)!);
          waits.push(wait);
          steps.push(step);
          if (row.status === 'failed') {
            // The try it would have been next is past the 24 hours: this was the last.
            expect(time(row.next_attempt_at)).toBeGreaterThan(time(row.created_at) + DAY);
            break;
          }
          expect(row.status).toBe('pending');
          expect(attempts).toBeLessThan(60);
          clock.set(time(row.next_attempt_at));
        }
        // Jittered: not every wait is its whole step.
        expect(waits.some((wait, index) => wait < steps[index]!)).toBe(true);
        expect(waits.filter((_, index) => steps[index] === 2 * HOUR).length).toBeGreaterThan(5);
        await nothingFor(hook, waits.length);

        const seen = await overview(as('lead'));
        expect(seen.failed).toEqual([expect.objectContaining({ endpointId: endpoint.id, type: 'handoff.created', attempts: waits.length, lastStatus: 500, lastError: 'HTTP 500' })]);
        expect(seen.endpoints[0]).toMatchObject({ failingSince: new Date(clock.start).toISOString(), disabledAt: null });
      });
    });

    it('an endpoint whose every try failed for 3 days is disabled: its deliveries fail, nothing more is queued, the team’s audit tells, and its leads and every admin are emailed', async () => {
      const hook = await receiver(() => 503);
      const clock = handClock();
      const mail = keptMail();
      await withServer({ now: clock.now, mailer: mail }, [hook], async (as) => {
        const endpoint = await register(as('lead'), hook.url);
        await handOff(as('social'));
        await afterTry(endpoint.id, 1);

        // An hour short of 3 days, the next try fails past the event's 24 hours: given up, the endpoint still enabled.
        clock.set(clock.start + 3 * DAY - HOUR);
        expect((await afterTry(endpoint.id, 2)).status).toBe('failed');
        expect((await overview(as('lead'))).endpoints[0]).toMatchObject({ failingSince: new Date(clock.start).toISOString(), disabledAt: null });
        expect(mail.sent).toEqual([]);

        // Three days after its first failure, the next failed try disables it.
        clock.set(clock.start + 3 * DAY);
        await handOff(as('social'));
        const disabled = await vi.waitFor(async () => {
          const seen = await overview(as('lead'));
          expect(seen.endpoints[0]!.disabledAt).toBe(new Date(clock.at).toISOString());
          return seen;
        }, WAIT);
        expect(disabled.failed.map((delivery) => delivery.endpointId)).toEqual([endpoint.id, endpoint.id]);
        const audit = await store.db.query<{ team_id: string; detail: unknown }>(`SELECT team_id, detail FROM audit_log WHERE action = 'webhook.endpoint.disabled'`);
        expect(audit.filter((entry) => JSON.stringify(entry.detail).includes(endpoint.id)).map((entry) => entry.team_id)).toEqual([teamIds.baggage]);
        // The Baggage lead and admin, and the admin of another team; not Baggage's agents, not other teams' leads.
        await vi.waitFor(() => expect(mail.sent).toHaveLength(3), WAIT);
        expect(mail.sent.map((message) => message.to)).toEqual(['ada@example.com', 'lena@example.com', 'otto@example.com']);
        for (const message of mail.sent) {
          expect(message.subject).toBe('Jetway: a webhook endpoint was disabled');
          expect(message.text).toContain(hook.url);
        }

        // Nothing more is queued for it.
        await handOff(as('social'));
        expect((await deliveries(endpoint.id)).map((row) => row.status)).toEqual(['failed', 'failed']);
        await nothingFor(hook, 3);
      });
    });

    it('a Retry-After in seconds or as a date puts the next try later than the backoff, even past the 2-hour step, never sooner; no try comes before it', async () => {
      const clock = handClock();
      const hook = await receiver((_request, index) => {
        const answers: Answer[] = [
          { status: 503, headers: { 'retry-after': '0' } },
          { status: 503, headers: { 'retry-after': '120' } },
          { status: 429, headers: { 'retry-after': new Date(clock.at + 3 * HOUR).toUTCString() } },
        ];
        return answers[index] ?? 204;
      });
      /** Moves the clock to just before the next try (nothing comes), then to it. */
      const reach = async (row: DeliveryRow) => {
        clock.set(time(row.next_attempt_at) - 1);
        await nothingFor(hook, row.attempts);
        clock.set(time(row.next_attempt_at));
      };
      await withServer({ now: clock.now }, [hook], async (as) => {
        const endpoint = await register(as('lead'), hook.url);
        await handOff(as('social'));

        // "Retry after 0 s" does not bring the first retry forward: it still waits its 15 to 30 s.
        let row = await afterTry(endpoint.id, 1);
        expect(time(row.next_attempt_at) - clock.at).toBeGreaterThanOrEqual(15 * SECOND);
        expect(time(row.next_attempt_at) - clock.at).toBeLessThanOrEqual(30 * SECOND);
        await reach(row);

        // 120 seconds, over the 30 to 60 s of the second retry.
        row = await afterTry(endpoint.id, 2);
        expect(row).toMatchObject({ status: 'pending', last_status: 503 });
        expect(time(row.next_attempt_at)).toBe(clock.at + 120 * SECOND);
        await reach(row);

        // An HTTP date three hours on (to the second), over the 2-hour cap.
        row = await afterTry(endpoint.id, 3);
        expect(row).toMatchObject({ status: 'pending', last_status: 429 });
        expect(time(row.next_attempt_at)).toBe(Math.floor((clock.at + 3 * HOUR) / SECOND) * SECOND);
        await reach(row);

        expect(await afterTry(endpoint.id, 4)).toMatchObject({ status: 'delivered', last_status: 204 });
        expect(new Set(hook.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
      });
    });

    it('a redirect is not followed: the URL it names receives nothing, and the try has failed', async () => {
      const elsewhere = await receiver(() => 204);
      const codes = [301, 302, 303, 307, 308];
      const hook = await receiver((request) => ({ status: Number(new URL(request.url, 'http://127.0.0.1').searchParams.get('answer')), headers: { location: elsewhere.url } }));
      await withServer({ policy: { giveUpAfterMs: 0 } }, [hook, elsewhere], async (as) => {
        const ids: string[] = [];
        for (const code of codes) ids.push((await register(as('lead'), `${hook.url}?answer=${code}`)).id);
        await handOff(as('social'));
        const seen = await vi.waitFor(async () => {
          const listed = await overview(as('lead'));
          expect(listed.failed).toHaveLength(codes.length);
          return listed;
        }, WAIT);
        for (const [index, code] of codes.entries()) {
          expect(seen.failed.find((delivery) => delivery.endpointId === ids[index])).toMatchObject({
            attempts: 1,
            lastStatus: code,
            lastError: `Redirected (${code}); redirects are not followed`,
          });
        }
        expect(hook.received).toHaveLength(codes.length);
        expect(elsewhere.received).toEqual([]);
      });
    });

    it('a receiver that never answers is cut off when the try’s time is up, and the try has failed', async () => {
      const hungUp: number[] = [];
      const hook = await loopbackReceiver((request, response) => response.on('close', () => hungUp.push(Date.now() - request.arrivedAt.getTime())));
      // One second instead of ten, through the same policy the server is started with.
      await withServer({ policy: { giveUpAfterMs: 0, timeoutMs: SECOND } }, [hook], async (as) => {
        const endpoint = await register(as('lead'), hook.url);
        await handOff(as('social'));
        const seen = await vi.waitFor(async () => {
          const listed = await overview(as('lead'));
          expect(listed.failed).toHaveLength(1);
          return listed;
        }, WAIT);
        expect(seen.failed[0]).toMatchObject({ endpointId: endpoint.id, attempts: 1, lastStatus: null, lastError: 'No answer within 1 s' });
        await vi.waitFor(() => expect(hungUp).toHaveLength(1), WAIT);
        // Cut at about one second: well before the production ten (a loose bound for a busy machine).
        expect(hungUp[0]).toBeLessThan(8 * SECOND);
        expect(hook.received).toHaveLength(1);
      });
    });

    it('a 20 MB answer is not read: its 200 counts as delivered, the connection is let go early, and the server keeps answering', async () => {
      const size = 20 * 1024 * 1024;
      let written = 0;
      let finished: boolean | null = null;
      const hook = await loopbackReceiver((request, response) => {
        request.answer = 200;
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
        response.on('close', () => (finished = response.writableFinished));
        const chunk = Buffer.alloc(64 * 1024, 0x6a);
        // As fast as the reader takes it, and no faster.
        const pump = () => {
          while (written < size) {
            written += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
      });
      await withServer({}, [hook], async (as) => {
        const endpoint = await register(as('lead'), hook.url);
        await handOff(as('social'));
        await vi.waitFor(async () => expect(await deliveries(endpoint.id)).toMatchObject([{ status: 'delivered', attempts: 1, last_status: 200 }]), WAIT);
        await vi.waitFor(() => expect(finished).toBe(false), WAIT);
        expect(written).toBeLessThan(size);
        const seen = await overview(as('lead'));
        expect(seen.failed).toEqual([]);
        expect(seen.endpoints[0]).toMatchObject({ failingSince: null, disabledAt: null });
      });
    });
  });
});
