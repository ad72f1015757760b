import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseSchema, PROBLEM_CODES, ProblemSchema, type Problem } from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { engines, startTestServer, type RawAnswer, type TestServer } from './harness';

const MEMBERS_CSV = `loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language
SK300400501,Klara Ek,gold,klara_ek,,GOT,x_dm,sv
`;

/** The problem of an answer, checked against the contract: a `code` the clients' catalogues know. */
function problemOf(answer: RawAnswer, status: number): Problem {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  const problem = ProblemSchema.parse(answer.json);
  expect(PROBLEM_CODES).toContain(problem.code);
  return problem;
}

describe.each(engines())('problem codes over HTTP on %s', (engine) => {
  let server: TestServer;
  let ana: string;
  let dana: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ana = await server.token('Ana Agent', 'Social Care');
    dana = await server.token('Dana Berg', 'Social Care');
    expect((await importMembers(server.db, MEMBERS_CSV, { format: 'csv' })).rejected).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names who is missing a sign-in and whose token is not valid', async () => {
    expect(problemOf(await server.raw(null, 'GET', '/v1/me'), 401).code).toBe('not_signed_in');
    expect(problemOf(await server.raw('jw_not-a-real-token-at-all', 'GET', '/v1/me'), 401).code).toBe('token_invalid');
  });

  it('gives an unknown route, a body off the contract and an unknown case their own codes', async () => {
    expect(problemOf(await server.raw(ana, 'GET', '/v1/nothing-here'), 404).code).toBe('route_not_found');
    const offContract = problemOf(await server.raw(ana, 'POST', '/v1/links', { identity: { network: 'x' } }), 400);
    expect(offContract.code).toBe('invalid_field');
    expect(offContract.errors?.length).toBeGreaterThan(0);
    const missing = problemOf(await server.raw(ana, 'GET', '/v1/cases/00000000-0000-4000-8000-000000000000/notes'), 404);
    expect(missing.code).toBe('case_not_found');
  });

  it('refuses a loyalty number that matches no member as member_not_found', async () => {
    const answer = await server.raw(ana, 'POST', '/v1/links', { identity: { network: 'x', handle: 'someone_else' }, loyaltyNumber: 'SK999999999' });
    expect(problemOf(answer, 422).code).toBe('member_not_found');
  });

  it('answers a stale change to a case a colleague took with case_taken and the colleague’s name', async () => {
    const opened = CaseSchema.parse((await server.raw(ana, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'klara_ek' }, subject: 'Lost bag' })).json);
    expect((await server.raw(dana, 'PATCH', `/v1/cases/${opened.id}`, { assignee: 'me', version: opened.version })).status).toBe(200);
    const stale = problemOf(await server.raw(ana, 'PATCH', `/v1/cases/${opened.id}`, { assignee: 'me', version: opened.version }), 409);
    expect(stale.code).toBe('case_taken');
    expect(stale.params).toEqual({ assignee: 'Dana Berg' });
    const noVersion = problemOf(await server.raw(ana, 'PATCH', `/v1/cases/${opened.id}`, { status: 'resolved' }), 428);
    expect(noVersion.code).toBe('version_required');
  });
});
