import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffDetailSchema, HandoffSchema, MeSchema } from '../../utils/contract';
import { readEnv, serverSettings } from '../bin/env';
import { startServer } from '../bin/serve';
import { createLogger } from '../logger';
import { bodyOf, engines, startTestServer, type ApiClient, type TestServer } from './harness';

describe.each(engines())('transcript retention on %s', (engine) => {
  let server: TestServer;
  let social: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(engine);
    social = server.api(await server.token('Ana Agent', 'Social Care'));
    await server.token('Bo Baggage', 'Baggage');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('removes the words of transcripts older than JETWAY_TRANSCRIPT_RETENTION_DAYS when a server starts, keeping the handoffs', async () => {
    const baggageId = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200)).handoffTargets.find((team) => team.name === 'Baggage')!.id;
    const handOff = async (handle: string, text: string) =>
      HandoffSchema.parse(
        await bodyOf(
          social.v1.handoffs.$post({
            json: { identity: { network: 'x', handle }, toTeamId: baggageId, reason: 'Bag', transcript: [{ author: `@${handle}`, text, postedAt: '2026-10-01T08:00:00.000Z', url: null }] },
          }),
          201,
        ),
      );
    const old = await handOff('old_flyer', 'My bag went to Oslo in October');
    const recent = await handOff('new_flyer', 'My bag is in Oslo today');
    await server.db.query(`UPDATE handoffs SET created_at = now() - interval '31 days' WHERE id = $1`, [old.id]);
    const before = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM handoffs');
    // Webhook events carry the transcript too: old ones go, unless a delivery is still being tried.
    const [endpoint] = await server.db.query<{ id: string }>(
      `INSERT INTO webhook_endpoints (team_id, kind, target, events, secret) VALUES ($1, 'webhook', 'https://hooks.airline.example/jetway', ARRAY['handoff.created'], 'whsec_test') RETURNING id`,
      [baggageId],
    );
    const event = async (text: string, age: string, status: 'delivered' | 'pending') => {
      const [row] = await server.db.query<{ id: string }>(
        `INSERT INTO webhook_events (type, payload, created_at) VALUES ('handoff.created', $1, now() - $2::interval) RETURNING id`,
        [JSON.stringify({ type: 'handoff.created', data: { transcript: [{ text }] } }), age],
      );
      // Never due while the test runs: no worker tries it.
      await server.db.query(
        `INSERT INTO webhook_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at) VALUES ($1, $2, $3, '2100-01-01', now() - $4::interval)`,
        [row!.id, endpoint!.id, status, age],
      );
      return row!.id;
    };
    const oldDelivered = await event('My bag went to Oslo in October', '31 days', 'delivered');
    const oldStillTried = await event('My bag went to Bergen', '31 days', 'pending');
    const recentEvent = await event('My bag is in Oslo today', '1 day', 'delivered');

    // A server started with the retention clears what is older at once (and hourly after).
    const retaining = await startServer({ db: server.db, port: 0, transcriptRetentionDays: 30, webhooks: false, logger: createLogger({ level: 'silent' }) });
    try {
      const transcriptOf = async (id: string) => {
        const [row] = await server.db.query<{ transcript: unknown }>('SELECT transcript FROM handoffs WHERE id = $1', [id]);
        return typeof row!.transcript === 'string' ? (JSON.parse(row!.transcript) as unknown) : row!.transcript;
      };
      await expect.poll(() => transcriptOf(old.id), { timeout: 30_000 }).toEqual([{ author: '[removed]', text: '', postedAt: '2026-10-01T08:00:00.000Z', url: null }]);
      expect(await transcriptOf(recent.id)).toEqual([{ author: '@new_flyer', text: 'My bag is in Oslo today', postedAt: '2026-10-01T08:00:00.000Z', url: null }]);
      expect(await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM handoffs')).toEqual(before);
      const events = async () => (await server.db.query<{ id: string }>('SELECT id FROM webhook_events ORDER BY id')).map((row) => row.id);
      await expect.poll(events, { timeout: 30_000 }).not.toContain(oldDelivered);
      expect(await events()).toEqual(expect.arrayContaining([oldStillTried, recentEvent]));
      expect(await server.db.query('SELECT 1 FROM webhook_deliveries WHERE event_id = $1', [oldDelivered])).toEqual([]);
      const kept = HandoffDetailSchema.parse(await bodyOf(social.v1.handoffs[':id'].$get({ param: { id: old.id } }), 200));
      expect(kept.handoff).toMatchObject({ status: 'sent', reason: 'Bag' });
    } finally {
      await retaining.close();
    }
  });
});

describe('JETWAY_TRANSCRIPT_RETENTION_DAYS', () => {
  it('is read from the environment as whole days; unset keeps transcripts; zero or words are refused', () => {
    expect(serverSettings(readEnv({ JETWAY_TRANSCRIPT_RETENTION_DAYS: '30' })).transcriptRetentionDays).toBe(30);
    expect(serverSettings(readEnv({})).transcriptRetentionDays).toBeNull();
    expect(() => readEnv({ JETWAY_TRANSCRIPT_RETENTION_DAYS: '0' })).toThrow(/JETWAY_TRANSCRIPT_RETENTION_DAYS/);
    expect(() => readEnv({ JETWAY_TRANSCRIPT_RETENTION_DAYS: 'a month' })).toThrow(/JETWAY_TRANSCRIPT_RETENTION_DAYS/);
  });
});
