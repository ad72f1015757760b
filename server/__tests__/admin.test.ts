import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_PATH, CSRF_HEADER, IMPORT_CSV_TYPE, IMPORT_JSONL_TYPE, ImportLineSchema, MEMBER_IMPORT_PATH, type ImportLine } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { hasData, openDatabase, restoreBackup } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';

describe.each(engines())('the admin API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let agentToken: string;
  const signIn = async (email: string) => {
    const response = await fetch(`${server.url}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long enough passphrase' }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  };
  const importCsv = (headers: Record<string, string>, body: string) =>
    fetch(`${server.url}${MEMBER_IMPORT_PATH}`, { method: 'POST', headers: { 'content-type': IMPORT_CSV_TYPE, ...headers }, body });
  const lines = async (response: Response) =>
    (await response.text())
      .trim()
      .split('\n')
      .map((line) => ImportLineSchema.parse(JSON.parse(line)));

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    agentToken = (await createAgent(fresh.db, { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: 'a long enough passphrase' })).token;
    await createAgent(fresh.db, { name: 'Lee Lead', team: 'Ops', email: 'lee@ops.example', role: 'lead', password: 'a long enough passphrase' });
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('security: /admin/v1 refuses no credential, a wrong key, an agent token (even an admin’s), a non-admin session and a session without its CSRF header', async () => {
    const body = `${HEADER}\nSK7000001,Not Stored,silver,,,,,\n`;
    expect((await importCsv({}, body)).status).toBe(401);
    expect((await importCsv({ authorization: 'Bearer jwa_not-the-admin-key-at-all-000000000000' }, body)).status).toBe(401);
    expect((await importCsv({ authorization: `Bearer ${agentToken}` }, body)).status).toBe(401);
    const lead = await signIn('lee@ops.example');
    expect((await importCsv({ cookie: lead.cookie, [CSRF_HEADER]: lead.csrf }, body)).status).toBe(403);
    const admin = await signIn('ada@ops.example');
    const noCsrf = await importCsv({ cookie: admin.cookie }, body);
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { detail: string }).detail).toContain(CSRF_HEADER);
    const [{ count } = { count: -1 }] = await fresh.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM members WHERE loyalty_number = 'SK7000001'`);
    expect(count).toBe(0);
  });

  it('imports a streamed CSV with the admin key: NDJSON progress, then created / updated / rejected by line; the members answer lookup at once', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => `SK${710_000_000 + i},Admin Import ${i},gold,adm_${i},,ARN,email,en`);
    rows.splice(1, 0, 'SK1,Too Short,silver,,,,,'); // file line 3
    const response = await importCsv({ authorization: `Bearer ${ADMIN_KEY}` }, `${HEADER}\n${rows.join('\n')}\n`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const answer = await lines(response);
    expect(answer.slice(0, -1)).toEqual([
      { done: 1_000, total: 2_500 },
      { done: 2_000, total: 2_500 },
      { done: 2_500, total: 2_500 },
    ]);
    expect(answer.at(-1)).toEqual({ created: 2_500, updated: 0, rejected: [{ line: 3, message: 'loyaltyNumber must be 4–32 letters, digits or dashes', code: 'field', params: { fields: 'loyaltyNumber' } }] });
    const lookup = await fetch(`${server.url}/v1/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identities: [{ network: 'x', handle: 'adm_42' }] }),
    });
    expect(((await lookup.json()) as { results: Array<{ member: { displayName: string; tierId: string } }> }).results[0]!.member).toMatchObject({ displayName: 'Admin Import 42', tierId: 'gold' });
  });

  it('imports JSON Lines with an admin Console session and its CSRF header; refuses another body type', async () => {
    const admin = await signIn('ada@ops.example');
    const response = await fetch(`${server.url}${MEMBER_IMPORT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': IMPORT_JSONL_TYPE, cookie: admin.cookie, [CSRF_HEADER]: admin.csrf },
      body: `${JSON.stringify({ loyaltyNumber: 'SK710000000', name: 'Renamed By Admin', tier: 'silver' })}\nnot json\n`,
    });
    expect(response.status).toBe(200);
    expect((await lines(response)).at(-1)).toEqual({ created: 0, updated: 1, rejected: [{ line: 2, message: 'not valid JSON', code: 'invalid_json', params: {} }] });
    const [member] = await fresh.db.query<{ name: string }>(`SELECT name FROM members WHERE loyalty_number = 'SK710000000'`);
    expect(member).toEqual({ name: 'Renamed By Admin' });
    const wrongType = await importCsv({ authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, '[]');
    expect(wrongType.status).toBe(415);
  });

  it('keeps answering while a 100,000-row import runs: /healthz and /v1/lookup answer before it ends, and progress arrives batch by batch', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `SK${730_000_000 + i},Bulk Member ${i},silver,bulk_${i},,,,`);
    const response = await importCsv({ authorization: `Bearer ${ADMIN_KEY}` }, `${HEADER}\n${rows.join('\n')}\n`);
    expect(response.status).toBe(200);

    // The answer read as it arrives: the latest progress line, and the result once there.
    let progress = { done: 0, total: 0 };
    let progressLines = 0;
    let result: ImportLine | null = null;
    let firstProgress!: () => void;
    const progressing = new Promise<void>((resolve) => (firstProgress = resolve));
    const reading = (async () => {
      const decoder = new TextDecoder();
      let pending = '';
      for await (const chunk of response.body!) {
        pending += decoder.decode(chunk, { stream: true });
        const complete = pending.split('\n');
        pending = complete.pop()!;
        for (const text of complete.filter(Boolean)) {
          const line = ImportLineSchema.parse(JSON.parse(text));
          if ('done' in line) {
            progress = line;
            progressLines += 1;
            firstProgress();
          } else result = line;
        }
      }
    })();
    /** A request's answer, with how far the import was when it came and whether it had ended. */
    const whileImporting = async (request: Promise<Response>) => {
      const answer = await request;
      await answer.arrayBuffer();
      return { status: answer.status, done: progress.done, linesSoFar: progressLines, ended: result !== null };
    };

    // While the file is parsed, then while its rows are stored.
    const health = await whileImporting(fetch(`${server.url}/healthz`));
    await progressing;
    const lookup = await whileImporting(
      fetch(`${server.url}/v1/lookup`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identities: [{ network: 'x', handle: 'adm_42' }] }),
      }),
    );
    await reading;

    expect(health).toMatchObject({ status: 200, ended: false });
    expect(lookup).toMatchObject({ status: 200, ended: false });
    expect(lookup.done).toBeLessThan(100_000);
    // More batches were stored after the lookup was answered: the import went on around it.
    expect(progressLines).toBeGreaterThan(lookup.linesSoFar);
    expect(progressLines).toBe(100);
    expect(result).toEqual({ created: 100_000, updated: 0, rejected: [] });
  });

  it('a failure part-way says how many rows were stored; sending the file again finishes it without doubling them', async () => {
    // A database fault on one member of the second batch.
    await fresh.db.query(`CREATE FUNCTION refuse_one_member() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.loyalty_number = 'SK740001500' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`);
    await fresh.db.query('CREATE TRIGGER refuse_one_member BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION refuse_one_member()');
    const body = `${HEADER}\n${Array.from({ length: 2_500 }, (_, i) => `SK${740_000_000 + i},Partial ${i},gold,,,,,`).join('\n')}\n`;
    const stored = async () => (await fresh.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM members WHERE loyalty_number LIKE 'SK7400%'`))[0]!.n;
    try {
      const failed = await lines(await importCsv({ authorization: `Bearer ${ADMIN_KEY}` }, body));
      expect(failed).toEqual([{ done: 1_000, total: 2_500 }, { error: expect.stringContaining('after 1000 rows were stored'), stored: 1_000 }]);
      expect(await stored()).toBe(1_000);
    } finally {
      await fresh.db.query('DROP TRIGGER refuse_one_member ON members');
      await fresh.db.query('DROP FUNCTION refuse_one_member()');
    }
    expect((await lines(await importCsv({ authorization: `Bearer ${ADMIN_KEY}` }, body))).at(-1)).toEqual({ created: 1_500, updated: 1_000, rejected: [] });
    expect(await stored()).toBe(2_500);
  });

  it('takes files over the API’s 64 kB body limit', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => `SK${720_000_000 + i},"A Rather Long Member Name, Number ${i}",silver,,,ARN,email,en`);
    const body = `${HEADER}\n${rows.join('\n')}\n`;
    expect(body.length).toBeGreaterThan(64 * 1024);
    const response = await importCsv({ authorization: `Bearer ${ADMIN_KEY}` }, body);
    expect(response.status).toBe(200);
    expect((await lines(response)).at(-1)).toEqual({ created: 3_000, updated: 0, rejected: [] });
  });
});

describe.each(engines())('agents through the admin API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('creates an agent with a Console account, lists it, and revokes its token and sessions at once', async () => {
    const created = await admin('POST', '/admin/v1/agents', { name: 'Rita Revoked', team: 'Night', email: 'Rita@night.example', role: 'lead', password: 'a long enough passphrase' });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const signIn = await fetch(`${server.url}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rita@night.example', password: 'a long enough passphrase' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await admin('POST', '/admin/v1/agents', { name: 'Twin', team: 'Night', email: 'RITA@night.example' })).status).toBe(409);
    expect((await admin('POST', '/admin/v1/agents', { name: 'Short', team: 'Night', email: 'short@night.example', password: 'too short' })).status).toBe(422);

    const list = (await (await admin('GET', '/admin/v1/agents')).json()) as { agents: Array<Record<string, unknown>> };
    expect(list.agents).toEqual([expect.objectContaining({ name: 'Rita Revoked', team: 'Night', email: 'rita@night.example', role: 'lead', disabled: false })]);

    const revoked = await admin('POST', '/admin/v1/agents/revoke', { email: 'RITA@NIGHT.example' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ name: 'Rita Revoked', sessionsEnded: 1 });
    expect((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${server.url}/auth/session`, { headers: { cookie } })).status).toBe(401);
    const again = await fetch(`${server.url}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rita@night.example', password: 'a long enough passphrase' }),
    });
    expect(again.status).toBe(403);
    expect((await admin('POST', '/admin/v1/agents/revoke', { email: 'nobody@night.example' })).status).toBe(404);
  });
});

describe.each(engines())('backup over the admin API on %s', (engine) => {
  it('streams a backup of a serving database that restores, whole, into an empty one (which then counts as holding data)', async () => {
    const fresh = await freshDatabase(engine);
    const files = mkdtempSync(join(tmpdir(), 'jetway-backup-api-'));
    const empty = engine === 'postgres' ? await freshDatabase('postgres') : null;
    try {
      await migrate(fresh.db);
      await fresh.db.query(`INSERT INTO members (loyalty_number, name, tier_id) SELECT 'SK75' || i, 'Kept ' || i, 'silver' FROM generate_series(1, 300) AS i`);
      const server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
      const file = join(files, 'backup');
      try {
        expect((await fetch(`${server.url}${BACKUP_PATH}`, { method: 'POST' })).status).toBe(401);
        const response = await fetch(`${server.url}${BACKUP_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        expect(response.status).toBe(200);
        writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      } finally {
        await server.close();
      }
      const into = empty ? { databaseUrl: empty.env.DATABASE_URL! } : { dataDir: join(files, 'restored') };
      expect(await hasData(into)).toBe(false);
      if (empty) await empty.db.close();
      await restoreBackup(into, file, false);
      expect(await hasData(into)).toBe(true);
      const restored = await openDatabase(into);
      try {
        expect(await restored.query(`SELECT count(*)::int AS count FROM members WHERE loyalty_number LIKE 'SK75%'`)).toEqual([{ count: 300 }]);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(files, { recursive: true, force: true });
      await fresh.dispose();
      await empty?.dispose().catch(() => undefined);
    }
  });
});
