import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestServer, type TestServer } from './harness';

describe.each(engines())('the audit log on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('security: the database refuses to change, delete or truncate audit rows; new ones are still written', async () => {
    await server.db.query(`INSERT INTO audit_log (action, detail) VALUES ('member.card.read', '{}')`);
    await expect(server.db.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(server.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(server.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await server.db.query(`INSERT INTO audit_log (action, detail) VALUES ('link.create', '{}')`);
    const rows = await server.db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY id');
    expect(rows.map((row) => row.action)).toEqual(['member.card.read', 'link.create']);
  });
});
