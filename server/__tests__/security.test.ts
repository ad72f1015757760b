import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseSchema, MeSchema } from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { createLogger, errorForLog } from '../logger';
import { bodyOf, engines, startTestServer, type ApiClient, type TestServer } from './harness';

const NUL = '\u0000';

describe.each(engines())('security findings on %s', (engine) => {
  let server: TestServer;
  const logLines: string[] = [];
  let socialToken: string;
  let social: ApiClient;
  let baggageTeamId: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestServer(engine, { logger: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }) });
    socialToken = await server.token('Ana Agent', 'Social Care');
    social = server.api(socialToken);
    await server.token('Bo Baggage', 'Baggage');
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
    baggageTeamId = me.handoffTargets.find((team) => team.name === 'Baggage')!.id;
    caseId = CaseSchema.parse(await bodyOf(social.v1.cases.$post({ json: { identity: { network: 'x', handle: 'nul_tester' }, subject: 'Lost bag' } }), 201)).id;
  }, 60_000);
  afterAll(async () => server?.close());

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
      expect(lines.rejected).toEqual([{ line: 1, reason: expect.stringContaining('control characters') }]);
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
});
