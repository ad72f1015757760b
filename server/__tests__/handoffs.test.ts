import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseListSchema, CaseSchema, HandoffListSchema, HandoffSchema, MeSchema, type Handoff } from '../../utils/contract';
import { importMembers } from '../members/import';
import { engines, startTestServer, type TestServer } from './harness';

const transcript = [
  { author: '@frequent_flyer', text: 'Still no bag after two days', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' },
  { author: '@airline', text: 'So sorry! Could you DM us the tag number?', postedAt: null, url: null },
];

describe.each(engines())('handoffs on %s', (engine) => {
  let server: TestServer;
  let social: string;
  let baggage: string;
  let refunds: string;
  let socialTeamId: string;
  let baggageTeamId: string;

  const handOff = async (body: Record<string, unknown>, token = social) => server.call(token, 'POST', '/v1/handoffs', { toTeamId: baggageTeamId, transcript, ...body });

  beforeAll(async () => {
    server = await startTestServer(engine);
    social = await server.token('Ana Agent', 'Social Care');
    baggage = await server.token('Bo Baggage', 'Baggage');
    refunds = await server.token('Rita Refunds', 'Refunds');
    await importMembers(server.db, 'loyaltyNumber,name,tier,xHandle,preferredChannel\nSK500000001,Frequent Flyer,platinum,frequent_flyer,phone\n');
    const me = MeSchema.parse((await server.call(social, 'GET', '/v1/me')).json);
    socialTeamId = me.team.id;
    baggageTeamId = me.handoffTargets.find((team) => team.name === 'Baggage')!.id;
  });
  afterAll(async () => server?.close());

  it("opens a case for an identity, due at the case's sundown, with the member's preferred channel", async () => {
    const response = await handOff({ identity: { network: 'x', handle: 'Frequent_Flyer' }, reason: 'Bag missing' });
    expect(response.status).toBe(201);
    const handoff = HandoffSchema.parse(response.json);
    expect(handoff.preferredChannel).toBe('phone');
    expect(handoff.fromTeam.id).toBe(socialTeamId);
    expect(handoff.toTeam.name).toBe('Baggage');
    const { cases } = CaseListSchema.parse((await server.call(social, 'GET', '/v1/cases?scope=team')).json);
    const handedCase = cases.find((c) => c.id === handoff.caseId)!;
    expect(handedCase.identity.handle).toBe('frequent_flyer');
    expect(handedCase.subject).toBe('So sorry! Could you DM us the tag number?');
    expect(handoff.dueAt).toBe(handedCase.resolutionDueAt);

    const again = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'frequent_flyer' }, toTeamId: baggageTeamId, preferredChannel: 'email' })).json);
    expect(again.caseId).toBe(handoff.caseId);
    expect(again.preferredChannel).toBe('email');
  });

  it.each([
    ['its own team', () => socialTeamId, 422],
    ['a team that does not exist', () => '00000000-0000-4000-8000-000000000000', 422],
  ])('refuses a handoff to %s', async (_name, team, status) => {
    const response = await handOff({ identity: { network: 'x', handle: 'someone' }, toTeamId: team() });
    expect(response.status).toBe(status);
    expect(response.json.errors[0].path).toBe('toTeamId');
  });

  it('security: refuses to hand off another team’s case (404)', async () => {
    const theirs = CaseSchema.parse((await server.call(refunds, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'refund_me' }, subject: 'Refund' })).json);
    const response = await handOff({ caseId: theirs.id });
    expect(response.status).toBe(404);
  });

  it('asks for a case or an identity', async () => {
    const response = await handOff({});
    expect(response.status).toBe(400);
    expect(response.json.errors[0].path).toBe('caseId');
  });

  it('lets the receiving team accept then resolve, and shows the outcome to the sender', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'resolved_soon' } })).json);
    const accepted = await server.call(baggage, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'accepted', version: sent.version });
    expect(accepted.json.status).toBe('accepted');
    const staleVersion = await server.call(baggage, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'resolved', version: sent.version });
    expect(staleVersion.status).toBe(409);
    expect((await server.call(baggage, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'resolved' })).json.status).toBe('resolved');
    expect((await server.call(baggage, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'accepted' })).status).toBe(409);
    const sentBox = HandoffListSchema.parse((await server.call(social, 'GET', '/v1/handoffs?box=sent')).json);
    expect(sentBox.handoffs.find((h) => h.id === sent.id)?.status).toBe('resolved');
    const active = HandoffListSchema.parse((await server.call(social, 'GET', '/v1/handoffs?box=sent&status=active')).json);
    expect(active.handoffs.map((h) => h.id)).not.toContain(sent.id);
  });

  it('lets the sender cancel (Undo) while sent, after which the receiver cannot accept', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'undo_me' } })).json);
    const cancelled = await server.call(social, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'cancelled' }, { 'idempotency-key': `undo-${sent.id}` });
    expect(cancelled.json.status).toBe('cancelled');
    const replayed = await server.call(social, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'cancelled' }, { 'idempotency-key': `undo-${sent.id}` });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await server.call(baggage, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'accepted' })).status).toBe(409);
  });

  it('security: a third team neither sees nor changes a handoff', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'private_matter' } })).json);
    for (const box of ['inbox', 'sent']) {
      const listed = HandoffListSchema.parse((await server.call(refunds, 'GET', `/v1/handoffs?box=${box}&status=all`)).json);
      expect(listed.handoffs.map((h: Handoff) => h.id)).not.toContain(sent.id);
    }
    expect((await server.call(refunds, 'PATCH', `/v1/handoffs/${sent.id}`, { status: 'cancelled' })).status).toBe(404);
  });

  it('lists each handoff in the inbox once, with its transcript', async () => {
    const inbox = HandoffListSchema.parse((await server.call(baggage, 'GET', '/v1/handoffs?status=all')).json);
    const ids = inbox.handoffs.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    for (const handoff of inbox.handoffs) expect(handoff.transcript).toEqual(transcript);
  });
});
