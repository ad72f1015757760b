import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffDetailSchema, HandoffSchema, MeSchema } from '../../utils/contract';
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
      const kept = HandoffDetailSchema.parse(await bodyOf(social.v1.handoffs[':id'].$get({ param: { id: old.id } }), 200));
      expect(kept.handoff).toMatchObject({ status: 'sent', reason: 'Bag' });
    } finally {
      await retaining.close();
    }
  });
});
