import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseSchema, deadlinesFor, MeSchema, type Case } from '../../utils/contract';
import { bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

describe.each(engines())('cases on %s', (engine) => {
  let server: TestServer;
  let social: ApiClient;
  let colleague: ApiClient;
  let refunds: ApiClient;
  let handleCounter = 0;

  /** Opens a case for a new customer handle and returns it. */
  const openFresh = async (as = social): Promise<Case> => {
    const response = await read(as.v1.cases.$post({ json: { identity: { network: 'x', handle: `customer_${handleCounter++}` }, subject: 'Delayed flight' } }));
    expect(response.status).toBe(201);
    return CaseSchema.parse(response.json);
  };
  type CasePatch = Parameters<ApiClient['v1']['cases'][':id']['$patch']>[0]['json'];
  const patchCase = (as: ApiClient, id: string, json: CasePatch, headers: Record<string, string> = {}) =>
    read(as.v1.cases[':id'].$patch({ param: { id }, json }, { headers }));
  const addNote = (as: ApiClient, id: string, text: string) => read(as.v1.cases[':id'].notes.$post({ param: { id }, json: { text } }));
  type CaseCreate = Parameters<ApiClient['v1']['cases']['$post']>[0]['json'];
  const createCase = (as: ApiClient, json: CaseCreate, headers: Record<string, string> = {}) => read(as.v1.cases.$post({ json }, { headers }));

  beforeAll(async () => {
    server = await startTestServer(engine);
    social = server.api(await server.token('Ana Agent', 'Social Care'));
    colleague = server.api(await server.token('Dana Berg', 'Social Care'));
    refunds = server.api(await server.token('Rita Refunds', 'Refunds'));
  });
  afterAll(async () => server?.close());

  it("computes deadlines with deadlinesFor from the team's stored settings", async () => {
    await server.db.query(`UPDATE teams SET time_zone = 'Europe/Stockholm', first_response_minutes = 30, day_ends_at = '17:00' WHERE name = 'Social Care'`);
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    const settings = { timeZone: 'Europe/Stockholm', firstResponseMinutes: 30, dayEndsAt: '17:00' };
    expect(me.team.deadlines).toEqual(settings);
    const opened = await openFresh();
    const expected = deadlinesFor(settings, new Date(opened.openedAt));
    expect(opened.firstResponseDueAt).toBe(expected.firstResponseDueAt.toISOString());
    expect(opened.resolutionDueAt).toBe(expected.resolutionDueAt.toISOString());
  });

  it('returns the open case (200) instead of opening a second one for the same customer', async () => {
    const body = { identity: { network: 'x', handle: 'twice_asked' }, subject: 'Lost bag' } as const;
    const first = await createCase(social, body);
    const second = await createCase(colleague, { ...body, identity: { network: 'x', handle: 'Twice_Asked' } });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(CaseSchema.parse(second.json).id).toBe(CaseSchema.parse(first.json).id);
  });

  it('accepts the version as If-Match, answers 409 when stale and 428 when missing', async () => {
    const opened = await openFresh();
    const taken = await patchCase(colleague, opened.id, { assignee: 'me' }, { 'if-match': `"${opened.version}"` });
    expect(taken.status).toBe(200);
    expect(CaseSchema.parse(taken.json).version).toBe(opened.version + 1);
    const stale = await patchCase(social, opened.id, { status: 'resolved' }, { 'if-match': `"${opened.version}"` });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const missing = await patchCase(social, opened.id, { status: 'resolved' });
    expect(missing.status).toBe(428);
    const disagreeing = await patchCase(social, opened.id, { status: 'resolved', version: 1 }, { 'if-match': '"2"' });
    expect(disagreeing.status).toBe(400);
    const unreadable = await patchCase(social, opened.id, { status: 'resolved' }, { 'if-match': '"abc"' });
    expect(unreadable.status).toBe(400);
  });

  it('records the first response and releases the case', async () => {
    const opened = await openFresh();
    const responded = await patchCase(social, opened.id, { firstResponded: true, assignee: null, version: opened.version });
    expect(responded.status).toBe(200);
    expect(CaseSchema.parse(responded.json).firstRespondedAt).not.toBeNull();
    expect(CaseSchema.parse(responded.json).assignee).toBeNull();
    const mine = await bodyOf(social.v1.cases.$get({ query: { scope: 'mine' } }), 200);
    expect(mine.cases.map((c: Case) => c.id)).not.toContain(opened.id);
    const team = await bodyOf(social.v1.cases.$get({ query: { scope: 'team' } }), 200);
    expect(team.cases.map((c: Case) => c.id)).toContain(opened.id);
  });

  it('lists open, resolved and all cases', async () => {
    const opened = await openFresh();
    await patchCase(social, opened.id, { status: 'resolved', version: opened.version });
    const ids = async (status: 'open' | 'resolved' | 'all') =>
      (await bodyOf(social.v1.cases.$get({ query: { scope: 'team', status } }), 200)).cases.map((c: Case) => c.id);
    expect(await ids('open')).not.toContain(opened.id);
    expect(await ids('resolved')).toContain(opened.id);
    expect(await ids('all')).toContain(opened.id);
  });

  it('resolving a resolved case again keeps its resolved time and sends the team’s tools no second case.resolved', async () => {
    const opened = await openFresh();
    const first = await patchCase(social, opened.id, { status: 'resolved', version: opened.version });
    expect(first.status).toBe(200);
    const resolved = CaseSchema.parse(first.json);
    expect(resolved.resolvedAt).not.toBeNull();
    const again = await patchCase(social, opened.id, { status: 'resolved', version: resolved.version });
    expect(again.status).toBe(200);
    expect(CaseSchema.parse(again.json).resolvedAt).toBe(resolved.resolvedAt);
    const events = await server.db.query<{ count: number | string }>(
      "SELECT count(*) AS count FROM webhook_events WHERE type = 'case.resolved' AND payload::jsonb->'data'->>'id' = $1",
      [opened.id],
    );
    expect(Number(events[0]!.count)).toBe(1);
    // Opened again and resolved anew: a new resolved time, and one more event.
    const reopened = CaseSchema.parse((await patchCase(social, opened.id, { status: 'open', version: resolved.version + 1 })).json);
    expect(reopened.resolvedAt).toBeNull();
    const later = CaseSchema.parse((await patchCase(social, opened.id, { status: 'resolved', version: reopened.version })).json);
    expect(later.resolvedAt).not.toBeNull();
    const after = await server.db.query<{ count: number | string }>(
      "SELECT count(*) AS count FROM webhook_events WHERE type = 'case.resolved' AND payload::jsonb->'data'->>'id' = $1",
      [opened.id],
    );
    expect(Number(after[0]!.count)).toBe(2);
  });

  it('keeps notes newest first', async () => {
    const opened = await openFresh();
    for (const text of ['first', 'second']) {
      expect((await addNote(social, opened.id, text)).status).toBe(201);
    }
    const notes = await bodyOf(colleague.v1.cases[':id'].notes.$get({ param: { id: opened.id } }), 200);
    expect(notes.notes.map((n: { text: string }) => n.text)).toEqual(['second', 'first']);
  });

  it('security: SQL metacharacters in free text are stored as text', async () => {
    const opened = await openFresh();
    const text = "'); DROP TABLE members; -- \\x00 $1 %s";
    const note = await addNote(social, opened.id, text);
    expect(note.status).toBe(201);
    expect(note.status === 201 && note.json.text).toBe(text);
    const tables = await server.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM information_schema.tables WHERE table_name = 'members'`);
    expect(tables[0]!.count).toBe(1);
  });

  it('security: another team cannot read the notes of a case (404)', async () => {
    const opened = await openFresh();
    const notes = await read(refunds.v1.cases[':id'].notes.$get({ param: { id: opened.id } }));
    expect(notes.status).toBe(404);
    expect(notes.text).not.toContain(opened.subject);
  });

  it('runs a write once when the same Idempotency-Key arrives several times at once', async () => {
    const key = 'a7d0c2de-0d6f-4d55-9a43-3f5d0f7d9c10';
    const body = { identity: { network: 'x', handle: 'impatient_flyer' }, subject: 'Where is my refund' } as const;
    const responses = await Promise.all(Array.from({ length: 6 }, () => createCase(social, body, { 'idempotency-key': key })));
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      expect([201, 409]).toContain(response.status);
      if (response.status === 201) expect(response.json).toEqual(created[0]!.json);
      else expect(response.headers.get('retry-after')).toBe('1');
    }
    const rows = await server.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM cases WHERE handle = 'impatient_flyer'`);
    expect(rows[0]!.count).toBe(1);
    const replay = await createCase(social, body, { 'idempotency-key': key });
    expect(replay.text).toBe(created[0]!.text);
  });

  it('keeps Idempotency-Keys per agent: the same key from a colleague is a new write', async () => {
    const key = '5b0f6f0a-3c1f-4d7b-8e8c-6f4f2b1d9e22';
    const one = await createCase(social, { identity: { network: 'x', handle: 'shared_key_a' }, subject: 'A' }, { 'idempotency-key': key });
    const two = await createCase(colleague, { identity: { network: 'x', handle: 'shared_key_b' }, subject: 'B' }, { 'idempotency-key': key });
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(CaseSchema.parse(two.json).id).not.toBe(CaseSchema.parse(one.json).id);
  });

  it('rejects an unusable Idempotency-Key with 400', async () => {
    const response = await createCase(social, { identity: { network: 'x', handle: 'bad_key' }, subject: 'x' }, { 'idempotency-key': "'; drop" });
    expect(response.status).toBe(400);
  });
});
