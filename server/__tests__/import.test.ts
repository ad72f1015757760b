import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMembers } from '../domain/members/import';
import { engines, startTestServer, type TestServer } from './harness';

const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';

describe.each(engines())('members import on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('reports bad rows by line, keeps the good ones, and updates on re-import', async () => {
    const csv = [
      HEADER,
      'SK1,Anna,gold,anna_x,,ARN,x_dm,sv', // line 2: loyalty number too short
      'SK200000001,"Berg, Erik",diamond,Erik_Berg,erik.berg.5,cph,email,en',
      'SK200000002,Maja,unobtainium,maja,,OSL,phone,no', // line 4: unknown tier
      'SK200000003,Ola,silver,this_handle_is_way_too_long,,OSL,phone,no', // line 5: bad handle
      'SK200000004,Kim,member,,,,,', // defaults
      'SK200000005,Too,few', // line 7: wrong field count
    ].join('\r\n');
    const report = await importMembers(server.db, csv, { format: 'csv' });
    expect(report.imported).toBe(2);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 4, 5, 7]);
    expect(report.rejected.map((r) => [r.code, r.params.fields])).toEqual([['field', 'loyaltyNumber'], ['unknown_tier', undefined], ['field', 'xHandle'], ['field_count', undefined]]);
    // The known tiers are named lowest first, whatever order the rows were last changed in.
    expect(report.rejected[1]!.reason).toBe('unknown tier "unobtainium" (known: member, silver, gold, platinum, diamond, concierge)');
    // The same, as a code and its values for the Console to word in the admin's language.
    expect(report.rejected[1]).toMatchObject({ code: 'unknown_tier', params: { tier: 'unobtainium', known: 'member, silver, gold, platinum, diamond, concierge' } });
    const [erik] = await server.db.query<{ name: string; home_airport: string }>(`SELECT name, home_airport FROM members WHERE loyalty_number = 'SK200000001'`);
    expect(erik).toEqual({ name: 'Berg, Erik', home_airport: 'CPH' });

    const again = await importMembers(server.db, `${HEADER}\nSK200000001,Erik Berg,concierge,erik_berg2,,CPH,sms,sv\n`, { format: 'csv' });
    expect(again).toEqual({ imported: 0, updated: 1, rejected: [] });
    const handles = await server.db.query<{ handle: string }>(
      `SELECT i.handle FROM member_identities i JOIN members m ON m.id = i.member_id WHERE m.loyalty_number = 'SK200000001' ORDER BY handle`,
    );
    expect(handles.map((h) => h.handle)).toEqual(['erik_berg2']);
  });

  it('imports JSON Lines and rejects lines that are not JSON', async () => {
    const jsonl = [
      JSON.stringify({ loyaltyNumber: 'SK300000001', name: 'Lina', tier: 'platinum', xHandle: '@LinaTravels' }),
      '{not json',
      '',
      JSON.stringify({ loyaltyNumber: 'SK300000002', name: '', tier: 'gold' }),
    ].join('\n');
    const report = await importMembers(server.db, jsonl, { format: 'jsonl' });
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, reason: 'not valid JSON', code: 'invalid_json', params: {} },
      { line: 4, reason: 'name is required', code: 'field', params: { fields: 'name' } },
    ]);
  });

  it('accepts header names in any case, and member rows given as objects', async () => {
    const csv = 'LOYALTYNUMBER,Name,Tier,XHandle\nSK700000001,Case Insensitive,gold,any_case\n';
    expect(await importMembers(server.db, csv, { format: 'csv' })).toEqual({ imported: 1, updated: 0, rejected: [] });
    const rows = [{ loyaltyNumber: 'SK700000002', name: 'From Rows', tier: 'silver' }, { loyaltyNumber: 'SK700000003', tier: 'silver' }];
    const report = await importMembers(server.db, rows);
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([{ line: 2, reason: expect.stringContaining('name'), code: 'field', params: { fields: 'name' } }]);
  });

  it('never moves a handle that belongs to another member', async () => {
    const report = await importMembers(server.db, `${HEADER}\nSK400000001,Thief,gold,linatravels,,,,\n`, { format: 'csv' });
    expect(report.imported).toBe(1);
    expect(report.rejected[0]!.reason).toContain('already belongs to another member');
    expect(report.rejected[0]).toMatchObject({ code: 'handle_taken', params: { network: 'x', handle: 'linatravels' } });
  });
});
