import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema, CSRF_HEADER, DEFAULT_TIERS, MeSchema, TierListSchema } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';

describe.each(engines())('the admin Tiers API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let agentToken: string;
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const signIn = async (email: string) => {
    const response = await send('POST', '/auth/session', {}, { email, password: PASSWORD });
    expect(response.status).toBe(200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, [CSRF_HEADER]: ((await response.json()) as { csrfToken: string }).csrfToken };
  };
  /** The catalogue as PUT takes it: every tier, lowest first, without its rank. */
  const ladder = (order: string[], change: (id: string) => Partial<{ name: string; shortLabel: string; colour: string }> = () => ({})) => ({
    tiers: order.map((id) => {
      const { rank: _rank, ...tier } = DEFAULT_TIERS.find((known) => known.id === id)!;
      return { ...tier, ...change(id) };
    }),
  });
  const ids = DEFAULT_TIERS.map((tier) => tier.id);

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    await createAgent(fresh.db, { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: PASSWORD });
    await createAgent(fresh.db, { name: 'Lea Lead', team: 'Care', email: 'lea@care.example', role: 'lead', password: PASSWORD });
    agentToken = (await createAgent(fresh.db, { name: 'Sam Social', team: 'Care' })).token;
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('renames, recolours and reorders the ladder in one change; agents read the new catalogue from /v1/me at once, and it is audited', async () => {
    const admin = await signIn('ada@ops.example');
    const listed = TierListSchema.parse(await (await send('GET', '/admin/v1/tiers', admin)).json());
    expect(listed.tiers).toEqual(DEFAULT_TIERS);
    // Platinum above Diamond now; Gold becomes "Guld" in a darker colour.
    const order = ['member', 'silver', 'gold', 'diamond', 'platinum', 'concierge'];
    const changed = await send('PUT', '/admin/v1/tiers', admin, ladder(order, (id) => (id === 'gold' ? { name: 'Guld', shortLabel: 'GLD', colour: '#8A6508' } : {})));
    expect(changed.status).toBe(200);
    const tiers = TierListSchema.parse(await changed.json()).tiers;
    expect(tiers.map((tier) => [tier.id, tier.rank])).toEqual(order.map((id, rank) => [id, rank]));
    expect(tiers.find((tier) => tier.id === 'gold')).toEqual({ id: 'gold', name: 'Guld', rank: 2, colour: '#8a6508', shortLabel: 'GLD' });

    const me = MeSchema.parse(await (await send('GET', '/v1/me', { authorization: `Bearer ${agentToken}` })).json());
    expect(me.tiers).toEqual(tiers);

    const audit = AuditPageSchema.parse(await (await send('GET', '/v1/audit?action=tiers.change', { cookie: admin.cookie })).json());
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ agent: { name: 'Ada Admin' }, detail: { before: DEFAULT_TIERS, after: tiers } });
  });

  it('refuses a ladder missing a tier, naming one twice, inventing one, two tiers of one name, an empty name or a colour that is none', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    const before = TierListSchema.parse(await (await send('GET', '/admin/v1/tiers', admin)).json()).tiers;
    const refused = async (body: unknown) => (await send('PUT', '/admin/v1/tiers', admin, body)).status;
    expect(await refused(ladder(ids.slice(1)))).toBe(422);
    expect(await refused(ladder([...ids, 'gold']))).toBe(422);
    expect(await refused({ tiers: [...ladder(ids).tiers, { id: 'bronze', name: 'Bronze', shortLabel: 'BRZ', colour: '#8c5a2b' }] })).toBe(422);
    expect(await refused(ladder(ids, (id) => (id === 'gold' ? { name: 'silver' } : {})))).toBe(422);
    expect(await refused(ladder(ids, (id) => (id === 'gold' ? { name: '   ' } : {})))).toBe(422);
    expect(await refused(ladder(ids, (id) => (id === 'gold' ? { colour: 'gold' } : {})))).toBe(400);
    expect(await refused(ladder(ids, (id) => (id === 'gold' ? { shortLabel: 'GOLDEN' } : {})))).toBe(400);
    expect(TierListSchema.parse(await (await send('GET', '/admin/v1/tiers', admin)).json()).tiers).toEqual(before);
  });

  it('security: a lead’s session, an admin session without CSRF and an agent token cannot change the tiers', async () => {
    const lead = await signIn('lea@care.example');
    const admin = await signIn('ada@ops.example');
    expect((await send('PUT', '/admin/v1/tiers', lead, ladder(ids))).status).toBe(403);
    expect((await send('PUT', '/admin/v1/tiers', { cookie: admin.cookie }, ladder(ids))).status).toBe(403);
    expect((await send('PUT', '/admin/v1/tiers', { authorization: `Bearer ${agentToken}` }, ladder(ids))).status).toBe(401);
  });
});

describe.each(engines())('migration 16 on %s', (engine) => {
  it('moves Silver and Concierge off their old default colours, and keeps colours an admin chose', async () => {
    const colours = async (db: TestDatabase['db']) =>
      Object.fromEntries((await db.query<{ id: string; colour: string }>('SELECT id, colour FROM tiers ORDER BY rank')).map((row) => [row.id, row.colour]));
    const shipped = { member: '#6b7280', silver: '#808b97', gold: '#b8860b', platinum: '#5b6f8a', diamond: '#1d6fb8', concierge: '#7f4be6' };
    const fresh = await freshDatabase(engine);
    try {
      await migrate(fresh.db);
      expect(await colours(fresh.db)).toEqual(Object.fromEntries(DEFAULT_TIERS.map((tier) => [tier.id, tier.colour])));
      for (const [before, after] of [
        // As a database looked before version 16: the colours migration 1 shipped.
        [{ silver: '#8a96a3', concierge: '#6d28d9' }, shipped],
        // An admin already recoloured both: theirs stay.
        [{ silver: '#6f7b88', concierge: '#8b5cf6' }, { ...shipped, silver: '#6f7b88', concierge: '#8b5cf6' }],
        // Only one recoloured: the other still moves.
        [{ silver: '#6f7b88', concierge: '#6d28d9' }, { ...shipped, silver: '#6f7b88' }],
      ] as const) {
        await fresh.db.query('DELETE FROM schema_migrations WHERE version = 16');
        await fresh.db.query('UPDATE tiers SET colour = $1 WHERE id = $2', [before.silver, 'silver']);
        await fresh.db.query('UPDATE tiers SET colour = $1 WHERE id = $2', [before.concierge, 'concierge']);
        expect(await migrate(fresh.db)).toEqual([16]);
        expect(await colours(fresh.db)).toEqual(after);
      }
    } finally {
      await fresh.dispose();
    }
  });
});
