import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseListSchema, CaseSchema, HandoffListSchema, HandoffSchema, MeSchema, type Handoff } from '../../utils/contract';
import { importMembers } from '../domain/members/import';
import { bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const transcript = [
  { author: '@frequent_flyer', text: 'Still no bag after two days', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' },
  { author: '@airline', text: 'So sorry! Could you DM us the tag number?', postedAt: null, url: null },
];

describe.each(engines())('handoffs on %s', (engine) => {
  let server: TestServer;
  let social: ApiClient;
  let baggage: ApiClient;
  let refunds: ApiClient;
  let socialTeamId: string;
  let baggageTeamId: string;

  type HandoffBody = Parameters<ApiClient['v1']['handoffs']['$post']>[0]['json'];
  const handOff = async (body: Partial<HandoffBody>, as = social) =>
    read(as.v1.handoffs.$post({ json: { toTeamId: baggageTeamId, transcript, ...body } }));
  const patch = (as: ApiClient, id: string, json: Parameters<ApiClient['v1']['handoffs'][':id']['$patch']>[0]['json'], headers: Record<string, string> = {}) =>
    read(as.v1.handoffs[':id'].$patch({ param: { id }, json }, { headers }));

  beforeAll(async () => {
    server = await startTestServer(engine);
    social = server.api(await server.token('Ana Agent', 'Social Care'));
    baggage = server.api(await server.token('Bo Baggage', 'Baggage'));
    refunds = server.api(await server.token('Rita Refunds', 'Refunds'));
    await importMembers(server.db, 'loyaltyNumber,name,tier,xHandle,preferredChannel\nSK500000001,Frequent Flyer,platinum,frequent_flyer,phone\n');
    const me = MeSchema.parse(await bodyOf(social.v1.me.$get(), 200));
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
    const { cases } = CaseListSchema.parse(await bodyOf(social.v1.cases.$get({ query: { scope: 'team' } }), 200));
    const handedCase = cases.find((c) => c.id === handoff.caseId)!;
    expect(handedCase.identity.handle).toBe('frequent_flyer');
    expect(handedCase.subject).toBe('So sorry! Could you DM us the tag number?');
    expect(handoff.dueAt).toBe(handedCase.resolutionDueAt);

    // The channel the extension sends is deprecated and ignored: the server decides it from the member.
    const again = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'frequent_flyer' }, toTeamId: baggageTeamId, preferredChannel: 'email' })).json);
    expect(again.caseId).toBe(handoff.caseId);
    expect(again.preferredChannel).toBe('phone');
  });

  it('gives a handoff for a customer who is not a member no preferred channel, whatever the request says', async () => {
    const handoff = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'not_a_member' }, preferredChannel: 'sms' })).json);
    expect(handoff.preferredChannel).toBeNull();
  });

  it.each([
    ['its own team', (): string => socialTeamId, 422],
    ['a team that does not exist', (): string => '00000000-0000-4000-8000-000000000000', 422],
  ] as const)('refuses a handoff to %s', async (_name, team, status) => {
    const response = await handOff({ identity: { network: 'x', handle: 'someone' }, toTeamId: team() });
    expect(response.status).toBe(status);
    expect(response.status === 422 && response.json.errors?.[0]?.path).toBe('toTeamId');
  });

  it('security: refuses to hand off another team’s case (404)', async () => {
    const theirs = CaseSchema.parse(await bodyOf(refunds.v1.cases.$post({ json: { identity: { network: 'x', handle: 'refund_me' }, subject: 'Refund' } }), 201));
    const response = await handOff({ caseId: theirs.id });
    expect(response.status).toBe(404);
  });

  it('asks for a case or an identity', async () => {
    const response = await handOff({});
    expect(response.status).toBe(400);
    expect(response.status === 400 && response.json.errors?.[0]?.path).toBe('caseId');
  });

  it('lets the receiving team accept then resolve, and shows the outcome to the sender', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'resolved_soon' } })).json);
    const accepted = await bodyOf(baggage.v1.handoffs[':id'].$patch({ param: { id: sent.id }, json: { status: 'accepted', version: sent.version } }), 200);
    expect(accepted.status).toBe('accepted');
    const staleVersion = await patch(baggage, sent.id, { status: 'resolved', version: sent.version });
    expect(staleVersion.status).toBe(409);
    expect((await bodyOf(baggage.v1.handoffs[':id'].$patch({ param: { id: sent.id }, json: { status: 'resolved' } }), 200)).status).toBe('resolved');
    expect((await patch(baggage, sent.id, { status: 'accepted' })).status).toBe(409);
    const sentBox = HandoffListSchema.parse(await bodyOf(social.v1.handoffs.$get({ query: { box: 'sent' } }), 200));
    expect(sentBox.handoffs.find((h) => h.id === sent.id)?.status).toBe('resolved');
    const active = HandoffListSchema.parse(await bodyOf(social.v1.handoffs.$get({ query: { box: 'sent', status: 'active' } }), 200));
    expect(active.handoffs.map((h) => h.id)).not.toContain(sent.id);
  });

  it('lets the sender cancel (Undo) while sent, after which the receiver cannot accept', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'undo_me' } })).json);
    const cancelled = await patch(social, sent.id, { status: 'cancelled' }, { 'idempotency-key': `undo-${sent.id}` });
    expect(cancelled.status === 200 && cancelled.json.status).toBe('cancelled');
    const replayed = await patch(social, sent.id, { status: 'cancelled' }, { 'idempotency-key': `undo-${sent.id}` });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await patch(baggage, sent.id, { status: 'accepted' })).status).toBe(409);
  });

  it('security: a third team neither sees nor changes a handoff', async () => {
    const sent = HandoffSchema.parse((await handOff({ identity: { network: 'x', handle: 'private_matter' } })).json);
    for (const box of ['inbox', 'sent'] as const) {
      const listed = HandoffListSchema.parse(await bodyOf(refunds.v1.handoffs.$get({ query: { box, status: 'all' } }), 200));
      expect(listed.handoffs.map((h: Handoff) => h.id)).not.toContain(sent.id);
    }
    expect((await patch(refunds, sent.id, { status: 'cancelled' })).status).toBe(404);
  });

  it('lists each handoff in the inbox once, with its transcript', async () => {
    const inbox = HandoffListSchema.parse(await bodyOf(baggage.v1.handoffs.$get({ query: { status: 'all' } }), 200));
    const ids = inbox.handoffs.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    for (const handoff of inbox.handoffs) expect(handoff.transcript).toEqual(transcript);
  });
});
