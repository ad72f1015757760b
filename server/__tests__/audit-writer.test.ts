import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent, type AgentContext } from '../domain/agents';
import { AUDIT_ROWS_PER_STATEMENT, HourlyAuditWriter } from '../domain/audit';
import { engines, freshDatabase, type TestDatabase } from './harness';

/** The real database, with each INSERT into the audit log counted by the rows it carries. */
function countingInserts(db: Queryable) {
  const rowsPerInsert: number[] = [];
  const counted: Queryable = {
    query<Row>(sql: string, params?: unknown[]) {
      if (sql.includes('INSERT INTO audit_log')) rowsPerInsert.push((params?.[0] as unknown[]).length);
      return db.query<Row>(sql, params);
    },
  };
  return { counted, rowsPerInsert };
}

const handles = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ network: 'x' as const, handle: `${prefix}${i}` }));

describe.each(engines())('the lookup audit writer on %s', (engine) => {
  let fresh: TestDatabase;
  let agent: AgentContext;

  const written = async (agentId: string) =>
    Number((await fresh.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'member.lookup' AND agent_id = $1", [agentId]))[0]!.n);

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    const created = await createAgent(fresh.db, { name: 'Sam Social', team: 'Social Care' });
    agent = { agentId: created.agentId, agentName: 'Sam Social', teamId: created.teamId, teamName: 'Social Care', role: 'agent', email: null };
  }, 60_000);

  afterAll(async () => {
    await fresh?.dispose();
  });

  it('writes a second’s queue in statements of at most 100 rows, so lookups are not held behind one long statement', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const errors: unknown[] = [];
    const writer = new HourlyAuditWriter(counted, (error) => errors.push(error));
    writer.record(agent, 'member.lookup', handles('many', 250));
    await writer.flush();
    expect(rowsPerInsert).toEqual([AUDIT_ROWS_PER_STATEMENT, AUDIT_ROWS_PER_STATEMENT, 50]);
    expect(errors).toEqual([]);
    expect(await written(agent.agentId)).toBe(250);
  });

  it('skips what it wrote this hour, and a read the database already holds is not written twice', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const writer = new HourlyAuditWriter(counted, () => undefined);
    writer.record(agent, 'member.lookup', handles('again', 30));
    writer.record(agent, 'member.lookup', handles('again', 30));
    await writer.flush();
    expect(rowsPerInsert).toEqual([30]);
    // Another replica (a new writer) showing the same customers this hour: the hourly key skips them.
    const other = new HourlyAuditWriter(fresh.db, () => undefined);
    other.record(agent, 'member.lookup', handles('again', 30));
    await other.flush();
    expect(await written(agent.agentId)).toBe(250 + 30);
  });

  it('forgets only the rows of a refused statement, writes the rest, and logs the refusal once per flush', async () => {
    const ghost: AgentContext = { ...agent, agentId: randomUUID() };
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const errors: unknown[] = [];
    const writer = new HourlyAuditWriter(counted, (error) => errors.push(error));
    // An agent the database does not know: its 100 rows break the foreign key, the other 150 are fine.
    writer.record(ghost, 'member.lookup', handles('ghost', 100));
    writer.record(agent, 'member.lookup', handles('fine', 150));
    await writer.flush();
    expect(rowsPerInsert).toEqual([100, 100, 50]);
    expect(errors).toHaveLength(1);
    expect(await written(agent.agentId)).toBe(250 + 30 + 150);
    expect(await written(ghost.agentId)).toBe(0);
    // The refused reads were forgotten, so the next time they are shown they are queued again;
    // the written ones are not.
    writer.record(ghost, 'member.lookup', handles('ghost', 100));
    writer.record(agent, 'member.lookup', handles('fine', 150));
    await writer.flush();
    expect(rowsPerInsert).toEqual([100, 100, 50, 100]);
    expect(errors).toHaveLength(2);
  });
});
