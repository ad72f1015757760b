import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearOfTimesOfDay } from '../../tests/clock';
import { CaseSchema, CSRF_HEADER, ErasureSchema, HandoffDetailSchema, HandoffSchema, MeSchema, MEMBER_ERASE_PATH, MemberSearchSchema } from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';
const MEMBERS = [
  'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language',
  'SK100000001,Erin Erasable,gold,erin_erasable,100001234567890,ARN,phone,sv',
  'SK100000002,Kept Keeper,silver,kept_keeper,,CPH,email,en',
  'SK100000003,Sam Second,member,sam_second,,OSL,email,en',
].join('\n');

/** Rows of these tables that still mention any of the words, as the database's own text of each row. */
const TABLES = ['members', 'member_identities', 'cases', 'notes', 'handoffs', 'handoff_events', 'audit_log', 'webhook_events', 'idempotency_keys'];

describe.each(engines())('erasing a member on %s', (engine) => {
  let server: TestServer;
  let social: ApiClient;
  let baggage: ApiClient;
  let socialLead: ApiClient;
  let baggageTeamId: string;

  const erase = (loyaltyNumber: string, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }) =>
    server.raw(null, 'POST', MEMBER_ERASE_PATH, { loyaltyNumber }, headers);
  const lookup = async (handle: string, network: 'x' | 'facebook' = 'x') =>
    (await bodyOf(social.v1.lookup.$post({ json: { identities: [{ network, handle }] } }), 200)).results[0]!.member;
  const count = async (table: string) => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  const mentions = async (words: string[]) => {
    const found: string[] = [];
    for (const table of TABLES) {
      const rows = await server.db.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t WHERE t::text ~* $1`, [words.join('|')]);
      found.push(...rows.map((row) => `${table}: ${row.row}`));
    }
    return found;
  };
  const signIn = async (email: string) => {
    const response = await server.raw(null, 'POST', '/auth/session', { email, password: PASSWORD });
    expect(response.status).toBe(200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: (response.json as { csrfToken: string }).csrfToken };
  };

  // The dashboard is read before and after an erasure: its cases turn "at risk" an hour before the teams' sundown
  // (midnight UTC) and "past sundown" at it, so neither may fall in this file.
  beforeAll(() => clearOfTimesOfDay('UTC', ['23:00', '24:00'], 5 * 60_000), 6 * 60_000);
  beforeAll(async () => {
    server = await startTestServer(engine, { adminKey: ADMIN_KEY });
    social = server.api(await server.token('Ana Agent', 'Social Care'));
    baggage = server.api(await server.token('Bo Baggage', 'Baggage'));
    socialLead = server.api((await server.account({ name: 'Lia Lead', team: 'Social Care', email: 'lia@social.example', role: 'lead', password: PASSWORD })).token);
    await server.account({ name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: PASSWORD });
    await server.account({ name: 'Lee Lead', team: 'Ops', email: 'lee@ops.example', role: 'lead', password: PASSWORD });
    await importMembers(server.db, MEMBERS);
    baggageTeamId = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200)).handoffTargets.find((team) => team.name === 'Baggage')!.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('removes the member’s data and handles: lookup no longer finds them; their cases and handoffs still count, blanked; one audit entry records it', async () => {
    expect((await lookup('erin_erasable'))?.displayName).toBe('Erin Erasable');
    // A handle linked after a private check (audited with the handle), a case with a note and a handoff.
    expect((await read(social.v1.links.$post({ json: { identity: { network: 'x', handle: 'erin_travels' }, loyaltyNumber: 'SK100000001' } }))).status).toBe(201);
    const opened = CaseSchema.parse(
      await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'erin_erasable' }, subject: 'Erin lost her bag at ARN', postUrl: 'https://x.com/erin_erasable/status/7' } }), 201),
    );
    await bodyOf(social.v1.cases[':id'].notes.$post({ param: { id: opened.id }, json: { text: 'Erin gave her phone +46 70 555 01 01 by DM' } }), 201);
    const sent = HandoffSchema.parse(
      await bodyOf(
        social.v1.handoffs.$post({
          json: {
            caseId: opened.id,
            toTeamId: baggageTeamId,
            reason: 'Erin needs her bag today',
            transcript: [{ author: '@erin_erasable', text: 'My bag never arrived in Arlanda', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/erin_erasable/status/7' }],
          },
        }),
        201,
      ),
    );
    await bodyOf(baggage.v1.handoffs[':id'].$patch({ param: { id: sent.id }, json: { action: 'accept', version: sent.version } }), 200);
    // A case about someone else stays as it is.
    await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'kept_keeper' }, subject: 'Kept’s seat' } }), 201);
    const before = { members: await count('members'), cases: await count('cases'), handoffs: await count('handoffs'), notes: await count('notes') };
    const dashboard = async () => {
      const { period: _period, ...numbers } = await bodyOf(socialLead.v1.dashboard.$get({ query: { period: '30d' } }), 200);
      return numbers;
    };
    const dashboardBefore = await dashboard();
    expect(dashboardBefore.cases.opened).toBeGreaterThan(0);

    // Lookups are audited in batches, within a second: the one above is in the log before the erasure.
    await expect.poll(async () => (await mentions(['erin_erasable'])).some((row) => row.includes('member.lookup')), { timeout: 30_000 }).toBe(true);

    const response = await erase('sk100000001');
    expect(response.status, response.text).toBe(200);
    const erasure = ErasureSchema.parse(response.json);
    expect(erasure).toMatchObject({ handles: 3, cases: 1, handoffs: 1, notes: 1 });
    expect(erasure.tombstone).toMatch(/^ERASED-[0-9A-F]{8}$/);

    expect((await lookup('kept_keeper'))?.displayName).toBe('Kept Keeper');
    expect(await count('members')).toBe(before.members);
    expect(await count('cases')).toBe(before.cases);
    expect(await count('handoffs')).toBe(before.handoffs);
    expect(await count('notes')).toBe(before.notes);
    expect(await dashboard()).toEqual(dashboardBefore);

    // Nothing anywhere still names her, her handles, her number or what she wrote.
    expect(await mentions(['erin', 'SK100000001', '100001234567890', 'arlanda', '\\+46', 'lost her bag'])).toEqual([]);
    expect(await lookup('erin_erasable')).toBeNull();
    expect(await lookup('erin_travels')).toBeNull();
    expect(await lookup('100001234567890', 'facebook')).toBeNull();
    // The handoff is still the receiving team's to finish: its messages keep their times, not their words.
    const kept = HandoffDetailSchema.parse(await bodyOf(baggage.v1.handoffs[':id'].$get({ param: { id: sent.id } }), 200));
    expect(kept.member).toBeNull();
    expect(kept.handoff.status).toBe('accepted');
    expect(kept.handoff.transcript).toEqual([{ author: '[removed]', text: '', postedAt: '2026-11-24T08:00:00.000Z', url: null }]);
    expect((await read(social.v1.members[':id'].$get({ param: { id: erasure.memberId } }))).status).toBe(404);

    const [entry] = await server.db.query<{ agent_id: string | null; detail: { by: string; tombstone: string; cases: number } | string }>(
      `SELECT agent_id, detail FROM audit_log WHERE action = 'member.erase' AND member_id = $1`,
      [erasure.memberId],
    );
    const detail = typeof entry!.detail === 'string' ? (JSON.parse(entry!.detail) as { by: string; tombstone: string; cases: number }) : entry!.detail;
    expect(entry!.agent_id).toBeNull();
    expect(detail).toMatchObject({ by: 'admin key', tombstone: erasure.tombstone, cases: 1 });
  });

  it('answers 404 for a loyalty number no member has (and for one already erased), 400 without one', async () => {
    expect((await erase('SK999999999')).status).toBe(404);
    expect((await erase('SK100000001')).status).toBe(404);
    expect((await erase('')).status).toBe(400);
  });

  it('security: only the admin key or an admin’s session with its CSRF header erases; the admin is named in the audit entry', async () => {
    const agentToken = await server.token('Eve Agent', 'Social Care');
    expect((await erase('SK100000003', {})).status).toBe(401);
    expect((await erase('SK100000003', { authorization: `Bearer ${agentToken}` })).status).toBe(401);
    const lead = await signIn('lee@ops.example');
    expect((await erase('SK100000003', { cookie: lead.cookie, [CSRF_HEADER]: lead.csrf })).status).toBe(403);
    const admin = await signIn('ada@ops.example');
    expect((await erase('SK100000003', { cookie: admin.cookie })).status).toBe(403);
    expect((await lookup('sam_second'))?.displayName).toBe('Sam Second');

    const response = await erase('SK100000003', { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf });
    expect(response.status, response.text).toBe(200);
    const [entry] = await server.db.query<{ name: string }>(
      `SELECT a.name FROM audit_log l JOIN agents a ON a.id = l.agent_id WHERE l.action = 'member.erase' AND l.member_id = $1`,
      [ErasureSchema.parse(response.json).memberId],
    );
    expect(entry?.name).toBe('Ada Admin');
  });

  it('finds a member by loyalty number or handle for the admin (the number also masked, for screens), and audits the read', async () => {
    const search = async (q: string) =>
      MemberSearchSchema.parse((await server.raw(ADMIN_KEY, 'GET', `/admin/v1/members?q=${encodeURIComponent(q)}`)).json).members;
    const byNumber = await search('sk100000002');
    expect(byNumber).toEqual([
      { id: expect.any(String), loyaltyNumber: 'SK100000002', loyaltyNumberMasked: '•••• 0002', name: 'Kept Keeper', tierId: 'silver', homeAirport: 'CPH', handles: [{ network: 'x', handle: 'kept_keeper' }] },
    ]);
    expect((await search('@Kept_Keeper')).map((member) => member.loyaltyNumber)).toEqual(['SK100000002']);
    expect(await search('erin_erasable')).toEqual([]);
    const [{ n } = { n: 0 }] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.admin.read' AND member_id = $1`,
      [byNumber[0]!.id],
    );
    expect(n).toBe(2);
  });

  it('security: the audit log stays append-only; an entry may only lose its handle', async () => {
    await expect(server.db.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(server.db.query(`UPDATE audit_log SET handle = NULL, network = NULL, detail = '{}'::jsonb`)).rejects.toThrow(/append-only/);
    await expect(server.db.query(`UPDATE audit_log SET handle = 'someone_else' WHERE handle IS NOT NULL`)).rejects.toThrow(/append-only/);
    await expect(server.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await server.db.query(`UPDATE audit_log SET handle = NULL, network = NULL WHERE action = 'member.lookup'`);
  });
});
