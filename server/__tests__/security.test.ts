import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseListSchema, CaseSchema, HandoffDetailSchema, HandoffSchema, LinkSchema, MeSchema, MemberCardSchema, LookupResponseSchema, ProblemSchema } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent, rotateAgentToken } from '../domain/agents';
import { importMembers } from '../domain/members/import';
import { createLogger, errorForLog } from '../logger';
import { apiClient, bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const NUL = '\u0000';

describe.each(engines())('security findings on %s', (engine) => {
  let server: TestServer;
  /** A second replica over the same database: what one replica counts or revokes, the other sees. */
  let replica: RunningServer;
  let clock = new Date('2026-12-01T10:00:00Z');
  const now = () => clock;
  const logLines: string[] = [];
  let socialToken: string;
  let social: ApiClient;
  let baggageTeamId: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestServer(engine, { now, logger: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }) });
    replica = await startServer({ db: server.db, port: 0, now, rateLimitPerMinute: 100_000, logger: createLogger({ level: 'silent' }) });
    await importMembers(
      server.db,
      ['loyaltyNumber,name,tier,xHandle', 'SK930000001,Imported Ingrid,gold,imported_ingrid', 'SK930000002,Linkable Lars,silver,', 'SK930000003,Third Tove,member,'].join('\n'),
      { format: 'csv' },
    );
    socialToken = await server.token('Ana Agent', 'Social Care');
    social = server.api(socialToken);
    await server.token('Bo Baggage', 'Baggage');
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    baggageTeamId = me.handoffTargets.find((team) => team.name === 'Baggage')!.id;
    caseId = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'nul_tester' }, subject: 'Lost bag' } }), 201)).id;
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await server?.close();
  });

  const auditRows = (action: string, agentName: string) =>
    server.db.query<{ member_id: string | null; network: string | null; handle: string | null }>(
      'SELECT l.member_id, l.network, l.handle FROM audit_log l JOIN agents a ON a.id = l.agent_id WHERE l.action = $1 AND a.name = $2 ORDER BY l.id',
      [action, agentName],
    );

  describe('control characters', () => {
    const transcript = (text: string, author = '@customer') => [{ author, text, postedAt: null, url: null }];
    it.each([
      ['a note', (): string => `/v1/cases/${caseId}/notes`, (text: string): unknown => ({ text }), 'text'],
      ['a case subject', (): string => '/v1/cases', (text: string): unknown => ({ identity: { network: 'x', handle: 'ctl_case' }, subject: text }), 'subject'],
      ['a handoff reason', (): string => '/v1/handoffs', (text: string): unknown => ({ caseId, toTeamId: baggageTeamId, reason: text, transcript: transcript('hi') }), 'reason'],
      ['a transcript message', (): string => '/v1/handoffs', (text: string): unknown => ({ caseId, toTeamId: baggageTeamId, transcript: transcript(text) }), 'transcript.0.text'],
      ['a transcript author', (): string => '/v1/handoffs', (text: string): unknown => ({ caseId, toTeamId: baggageTeamId, transcript: transcript('hi', text) }), 'transcript.0.author'],
      ['a handle', (): string => '/v1/lookup', (text: string): unknown => ({ identities: [{ network: 'x', handle: text }] }), 'identities.0.handle'],
    ] as const)('security: a NUL or other control character in %s is refused with 422 and a field error, never a 500', async (_name, path, body, field) => {
      for (const bad of [`before${NUL}after`, 'bell\u0007', 'escape\u001b[31m', 'delete\u007f']) {
        const answer = await server.raw(socialToken, 'POST', path(), body(bad));
        expect(answer.status, answer.text).toBe(422);
        expect((answer.json as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toContain(field);
      }
    });

    it('security: an agent or team name holding a control character is refused', async () => {
      await expect(createAgent(server.db, { name: `Nul${NUL}Agent`, team: 'Social Care' })).rejects.toThrow('control characters');
      await expect(createAgent(server.db, { name: 'Fine Agent', team: `Nul${NUL}Team` })).rejects.toThrow('control characters');
    });

    it('security: tabs and line breaks stay allowed in free text', async () => {
      const answer = await server.raw(socialToken, 'POST', `/v1/cases/${caseId}/notes`, { text: 'line one\r\n\tline two' });
      expect(answer.status, answer.text).toBe(201);
    });

    it('security: a NUL in an inbox search is refused with 422, never a 500', async () => {
      const answer = await server.raw(socialToken, 'GET', `/v1/handoffs/inbox?q=${encodeURIComponent(`x${NUL}y`)}`);
      expect(answer.status, answer.text).toBe(422);
    });

    it('security: member import skips rows holding control characters and names their lines (CSV and JSON Lines)', async () => {
      const csv = [
        'loyaltyNumber,name,tier,xHandle',
        'SK910000001,Good One,gold,good_one',
        `SK910000002,Bad${NUL}Name,gold,bad_name`,
        `SK91000${NUL}003,Bad Number,gold,`,
        'SK910000004,Good Two,silver,',
      ].join('\n');
      const report = await importMembers(server.db, csv, { format: 'csv' });
      expect(report.imported).toBe(2);
      expect(report.rejected.map((row) => row.line)).toEqual([3, 4]);
      expect(report.rejected[0]!.reason).toContain('control characters');

      const jsonl = [
        JSON.stringify({ loyaltyNumber: 'SK920000001', name: `Nul${NUL}Row`, tier: 'gold' }),
        JSON.stringify({ loyaltyNumber: 'SK920000002', name: 'Fine Row', tier: 'gold' }),
      ].join('\n');
      const lines = await importMembers(server.db, jsonl, { format: 'jsonl' });
      expect(lines.imported).toBe(1);
      expect(lines.rejected).toEqual([{ line: 1, reason: expect.stringContaining('control characters'), code: 'field', params: { fields: 'name' } }]);
    });
  });

  describe('logs', () => {
    it('security: one structured line per request with method, route pattern, status, duration and request id; no body, query, token or member data', async () => {
      logLines.length = 0;
      const secretHandle = 'pii_handle_77';
      const secretSearch = 'searchterm_pii';
      const memberId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
      const lookup = await server.raw(socialToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: secretHandle }] }, { 'x-request-id': 'proxy-given-0001' });
      expect(lookup.headers.get('x-request-id')).toBe('proxy-given-0001');
      const search = await server.raw(socialToken, 'GET', `/v1/handoffs/inbox?q=${secretSearch}`);
      const card = await server.raw(socialToken, 'GET', `/v1/members/${memberId}`);
      await server.raw(socialToken, 'POST', `/v1/cases/${caseId}/notes`, { text: `nul${NUL}note` });
      expect(logLines).toHaveLength(4);
      const entries = logLines.map((line) => JSON.parse(line) as { req: { id: string; method: string; route: string }; status: number; ms: number });
      expect(entries.map(({ req, status }) => [req.method, req.route, status])).toEqual([
        ['POST', '/v1/lookup', 200],
        ['GET', '/v1/handoffs/inbox', 200],
        ['GET', '/v1/members/:id', 404],
        ['POST', '/v1/cases/:id/notes', 422],
      ]);
      expect(entries[0]!.req.id).toBe('proxy-given-0001');
      expect(entries[1]!.req.id).toBe(search.headers.get('x-request-id'));
      expect(entries[2]!.req.id).toBe(card.headers.get('x-request-id'));
      for (const entry of entries) expect(entry.ms).toBeGreaterThanOrEqual(0);
      const all = logLines.join('');
      for (const secret of [secretHandle, secretSearch, memberId, caseId, socialToken, 'nul', 'authorization', 'Bearer']) expect(all).not.toContain(secret);
    });

    it('security: a database error is logged by type, SQLSTATE and stack frames, never with the values of its query', async () => {
      const error = await server.db.query('SELECT $1::uuid', ['Customer Name lives at Secret Street 1']).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(Error);
      const logged = errorForLog(error);
      expect(logged.code).toBe('22P02');
      expect(logged.frames!.length).toBeGreaterThan(0);
      expect(JSON.stringify(logged)).not.toContain('Secret Street');
    });
  });

  describe('links', () => {
    const linkAs = (as: ApiClient, handle: string, loyaltyNumber: string) => read(as.v1.links.$post({ json: { identity: { network: 'x', handle }, loyaltyNumber } }));
    const unlinkAs = (as: ApiClient, id: string) => read(as.v1.links[':id'].$delete({ param: { id } }));
    let otherTeamAgent: ApiClient;
    let sameTeamAgent: ApiClient;
    let otherTeamLead: ApiClient;
    let admin: ApiClient;
    beforeAll(async () => {
      otherTeamAgent = server.api(await server.token('Otto Other', 'Refunds'));
      sameTeamAgent = server.api(await server.token('Sam Same', 'Social Care'));
      otherTeamLead = server.api((await server.account({ name: 'Lea Lead', team: 'Refunds', role: 'lead' })).token);
      admin = server.api((await server.account({ name: 'Ada Admin', team: 'Jetway Admins', role: 'admin' })).token);
    });

    it('security: only the linking team, a lead or an admin removes a link', async () => {
      const link = async () => LinkSchema.parse((await linkAs(social, 'lars_linked', 'SK930000002')).json);
      const first = await link();
      const refused = await unlinkAs(otherTeamAgent, first.id);
      expect(refused.status, refused.text).toBe(403);
      // Nor can the other team move the handle to another member.
      expect((await linkAs(otherTeamAgent, 'lars_linked', 'SK930000003')).status).toBe(409);
      expect((await unlinkAs(sameTeamAgent, first.id)).status).toBe(204);
      expect((await unlinkAs(otherTeamLead, (await link()).id)).status).toBe(204);
      expect((await unlinkAs(admin, (await link()).id)).status).toBe(204);
    });

    it('security: an imported link is removed only by an admin', async () => {
      const looked = LookupResponseSchema.parse((await read(social.v1.lookup.$post({ json: { identities: [{ network: 'x', handle: 'imported_ingrid' }] } }))).json);
      const card = MemberCardSchema.parse(await bodyOf(social.v1.members[':id'].$get({ param: { id: looked.results[0]!.member!.id } }), 200));
      const imported = card.links.find((link) => link.identity.handle === 'imported_ingrid')!;
      for (const as of [social, otherTeamLead]) {
        const refused = await unlinkAs(as, imported.id);
        expect(refused.status, refused.text).toBe(403);
        expect(refused.text).toContain('administrator');
      }
      expect((await unlinkAs(admin, imported.id)).status).toBe(204);
    });

    it('security: link attempts with unknown loyalty numbers are audited and limited per agent (10 in 10 minutes, then 429 with Retry-After) on every replica', async () => {
      const guesser = await server.token('Gus Guesser', 'Social Care');
      const onReplica = apiClient(replica.url, guesser);
      for (let attempt = 0; attempt < 10; attempt++) {
        const as = attempt % 2 === 0 ? server.api(guesser) : onReplica;
        const answer = await linkAs(as, `guess_${attempt}`, `SK99999${String(attempt).padStart(4, '0')}`);
        expect(answer.status, answer.text).toBe(422);
      }
      for (const as of [server.api(guesser), onReplica]) {
        // Refused even with a right number: the limit is on attempts, not on wrong answers.
        const limited = await linkAs(as, 'guess_right', 'SK930000003');
        expect(limited.status, limited.text).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(600);
      }
      const failures = await auditRows('link.failed', 'Gus Guesser');
      expect(failures).toHaveLength(10);
      expect(failures[0]).toEqual({ member_id: null, network: 'x', handle: 'guess_0' });
      // Other agents are not limited.
      expect((await linkAs(sameTeamAgent, 'tove_linked', 'SK930000003')).status).toBe(201);
      clock = new Date(clock.getTime() + 10 * 60_000 + 1_000);
      expect((await linkAs(server.api(guesser), 'guess_right', 'SK930000003')).status).toBe(201);
    });
  });

  describe('audit of reads', () => {
    it('security: every member a lookup shows is audited, once per member, agent and hour, on every replica', async () => {
      const reader = await server.token('Rut Reader', 'Social Care');
      const identities = [
        { network: 'x' as const, handle: 'imported_ingrid' },
        { network: 'x' as const, handle: 'tove_linked' },
        { network: 'x' as const, handle: 'nobody_at_all' },
      ];
      // Two replicas of their own, so that closing them (which writes their queued audit) ends every write.
      const replicas = await Promise.all([0, 1].map(() => startServer({ db: server.db, port: 0, logger: createLogger({ level: 'silent' }) })));
      try {
        for (const { url } of [...replicas, ...replicas]) {
          expect((await read(apiClient(url, reader).v1.lookup.$post({ json: { identities } }))).status).toBe(200);
        }
      } finally {
        await Promise.all(replicas.map((running) => running.close()));
      }
      const rows = await auditRows('member.lookup', 'Rut Reader');
      expect(rows).toEqual([{ member_id: expect.any(String), network: 'x', handle: 'tove_linked' }]);
    });

    it('security: reading handoffs with their transcripts is audited, once per customer, agent and hour', async () => {
      const baggage = server.api(await server.token('Bea Baggage', 'Baggage'));
      const transcript = [{ author: '@tove', text: 'Where is my bag?', postedAt: null, url: null }];
      expect((await read(social.v1.handoffs.$post({ json: { identity: { network: 'x', handle: 'tove_linked' }, toTeamId: baggageTeamId, transcript } }))).status).toBe(201);
      for (let read_ = 0; read_ < 3; read_++) expect((await baggage.v1.handoffs.$get({ query: {} })).status).toBe(200);
      const rows = await auditRows('handoff.transcript.read', 'Bea Baggage');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.handle).toBe('tove_linked');
      expect(rows[0]!.member_id).not.toBeNull();
    });
  });

  describe('page addresses', () => {
    const GOOD = 'https://x.com/url_tester/status/1796621388997543347';
    const HOSTILE: Array<[string, string]> = [
      ['a data: page', 'data:text/html,<h1>Sign in again</h1>'],
      ['javascript:', 'javascript:alert(1)'],
      ['file:', 'file:///etc/passwd'],
      ['plain http', 'http://x.com/url_tester/status/1'],
      ['another host', 'https://evil.example/url_tester/status/1'],
      ['user info before another host', 'https://x.com@evil.example/'],
      ['a port', 'https://x.com:8443/url_tester/status/1'],
    ];
    const count = async (sql: string, params: unknown[] = []) => Number((await server.db.query<{ n: string }>(sql, params))[0]!.n);

    it.each(HOSTILE)('security: %s as a case’s post address is refused with 422 url_not_site_page naming postUrl, and nothing is stored', async (_name, url) => {
      const answer = await server.raw(socialToken, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'url_tester' }, subject: 'Lost bag', postUrl: url });
      expect(answer.status, answer.text).toBe(422);
      const problem = ProblemSchema.parse(answer.json);
      expect(problem.code).toBe('url_not_site_page');
      expect(problem.errors?.map((error) => error.path)).toEqual(['postUrl']);
      expect(await count("SELECT count(*) AS n FROM cases WHERE handle = 'url_tester'")).toBe(0);
    });

    it.each(HOSTILE)('security: %s as a transcript message’s address is refused with 422 url_not_site_page naming it, and nothing is stored', async (_name, url) => {
      const handoffsBefore = await count('SELECT count(*) AS n FROM handoffs');
      const transcript = [
        { author: '@url_tester', text: 'My bag is lost', postedAt: null, url: GOOD },
        { author: '@url_tester', text: 'Still lost', postedAt: null, url },
      ];
      for (const body of [
        { caseId, toTeamId: baggageTeamId, transcript },
        { identity: { network: 'x', handle: 'url_tester' }, toTeamId: baggageTeamId, transcript },
      ]) {
        const answer = await server.raw(socialToken, 'POST', '/v1/handoffs', body, { 'idempotency-key': crypto.randomUUID() });
        expect(answer.status, answer.text).toBe(422);
        const problem = ProblemSchema.parse(answer.json);
        expect(problem.code).toBe('url_not_site_page');
        expect(problem.errors?.map((error) => error.path)).toEqual(['transcript.1.url']);
      }
      expect(await count('SELECT count(*) AS n FROM handoffs')).toBe(handoffsBefore);
      expect(await count("SELECT count(*) AS n FROM cases WHERE handle = 'url_tester'")).toBe(0);
    });

    it('keeps the address of a page on a supported site', async () => {
      const opened = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'url_keeper' }, subject: 'Lost bag', postUrl: GOOD } }), 201));
      expect(opened.postUrl).toBe(GOOD);
    });

    it('security: migration 14 clears every stored address that is not an https page of a supported site, and keeps the rest', async () => {
      const kept = 'https://www.facebook.com/SomePage/posts/pfbid02abc?comment_id=123';
      const stored = async (handle: string, postUrl: string) => {
        const opened = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle }, subject: 'Stored before', postUrl: GOOD } }), 201));
        await server.db.query('UPDATE cases SET post_url = $2 WHERE id = $1', [opened.id, postUrl]);
        return opened.id;
      };
      const badCases = await Promise.all(HOSTILE.map(([, url], index) => stored(`old_bad_${index}`, url)));
      const goodCase = await stored('old_good', kept);
      const handoff = HandoffSchema.parse(
        (
          await server.raw(socialToken, 'POST', '/v1/handoffs', {
            caseId: goodCase,
            toTeamId: baggageTeamId,
            transcript: [
              { author: '@old_good', text: 'one', postedAt: null, url: GOOD },
              { author: '@old_good', text: 'two', postedAt: null, url: GOOD },
              { author: '@old_good', text: 'three', postedAt: null, url: null },
            ],
          })
        ).json,
      );
      // As an older server stored it: a data: page in the middle message.
      await server.db.query(`UPDATE handoffs SET transcript = jsonb_set(transcript, '{1,url}', to_jsonb($2::text)) WHERE id = $1`, [handoff.id, HOSTILE[0]![1]]);

      await server.db.query('DELETE FROM schema_migrations WHERE version = 14');
      expect(await migrate(server.db)).toEqual([14]);

      const postUrls = await server.db.query<{ id: string; post_url: string | null }>('SELECT id, post_url FROM cases WHERE id = ANY($1::uuid[])', [[...badCases, goodCase]]);
      for (const row of postUrls) expect(row.post_url).toBe(row.id === goodCase ? kept : null);
      const [row] = await server.db.query<{ transcript: Array<{ text: string; url: string | null }> }>('SELECT transcript FROM handoffs WHERE id = $1', [handoff.id]);
      expect(row!.transcript.map((entry) => [entry.text, entry.url])).toEqual([
        ['one', GOOD],
        ['two', null],
        ['three', null],
      ]);
      // What the server answers now passes the strict read schemas.
      CaseListSchema.parse(await bodyOf(social.v1.cases.$get({ query: { scope: 'team', status: 'all' } }), 200));
      const bo = await server.token('Bea Baggage', 'Baggage');
      HandoffDetailSchema.parse((await server.raw(bo, 'GET', `/v1/handoffs/${handoff.id}`)).json);
    });
  });

  describe('revocation and pages', () => {
    it('security: a disabled agent or a replaced token is refused on the very next request, on every replica', async () => {
      const { agentId, token } = await server.account({ name: 'Vic Revoked', team: 'Social Care' });
      for (const url of [server.url, replica.url]) expect((await apiClient(url, token).v1.me.$get()).status).toBe(200);
      await server.db.query('UPDATE agents SET disabled_at = now() WHERE id = $1', [agentId]);
      for (const url of [server.url, replica.url]) expect((await apiClient(url, token).v1.me.$get()).status).toBe(401);
      await server.db.query('UPDATE agents SET disabled_at = NULL WHERE id = $1', [agentId]);
      const replaced = await rotateAgentToken(server.db, { name: 'Vic Revoked', team: 'Social Care' });
      for (const url of [server.url, replica.url]) {
        expect((await apiClient(url, token).v1.me.$get()).status).toBe(401);
        expect((await apiClient(url, replaced).v1.me.$get()).status).toBe(200);
      }
    });

    it('security: every HTML answer carries a strict Content-Security-Policy, nosniff and no referrer', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jetway-console-'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Console</title>');
      writeFileSync(join(dir, 'extra.html'), '<!doctype html><title>Extra</title>');
      const withConsole = await startServer({ db: server.db, port: 0, consoleDir: dir, logger: createLogger({ level: 'silent' }) });
      try {
        for (const path of ['/docs', '/console', '/console/', '/console/handoffs/some-id', '/console/extra.html']) {
          const response = await fetch(`${withConsole.url}${path}`);
          expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
          const csp = response.headers.get('content-security-policy') ?? '';
          expect(csp, path).toMatch(/default-src '(none|self)'/);
          expect(csp, path).toContain("frame-ancestors 'none'");
          expect(csp, path).toContain("base-uri 'none'");
          expect(csp, path).not.toContain('unsafe-inline');
          expect(csp, path).not.toContain('unsafe-eval');
          expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
          expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
          await response.arrayBuffer();
        }
      } finally {
        await withConsole.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
