import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database';
import { migrate } from '../db/migrations';
import { createAgent, type AgentContext } from '../domain/agents';
import { AUDIT_ROWS_PER_STATEMENT, HourlyAuditWriter } from '../domain/audit';
import { RequestTraffic } from '../http/middleware/traffic';
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

/** The statements `rows` queued rows are written in. */
const statements = (rows: number) =>
  Array.from({ length: Math.ceil(rows / AUDIT_ROWS_PER_STATEMENT) }, (_, i) => Math.min(AUDIT_ROWS_PER_STATEMENT, rows - i * AUDIT_ROWS_PER_STATEMENT));

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

  it('writes a second’s queue in statements of at most 50 rows, so lookups are not held behind one long statement', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const errors: unknown[] = [];
    const writer = new HourlyAuditWriter(counted, (error) => errors.push(error));
    writer.record(agent, 'member.lookup', handles('many', 250));
    await writer.flush();
    expect(rowsPerInsert).toEqual(statements(250));
    expect(rowsPerInsert.length).toBeGreaterThan(1);
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
    // An agent the database does not know: its statement breaks the foreign key, the other 150 rows are fine.
    writer.record(ghost, 'member.lookup', handles('ghost', AUDIT_ROWS_PER_STATEMENT));
    writer.record(agent, 'member.lookup', handles('fine', 150));
    await writer.flush();
    expect(rowsPerInsert).toEqual([AUDIT_ROWS_PER_STATEMENT, ...statements(150)]);
    expect(errors).toHaveLength(1);
    expect(await written(agent.agentId)).toBe(250 + 30 + 150);
    expect(await written(ghost.agentId)).toBe(0);
    // The refused reads were forgotten, so the next time they are shown they are queued again;
    // the written ones are not.
    writer.record(ghost, 'member.lookup', handles('ghost', AUDIT_ROWS_PER_STATEMENT));
    writer.record(agent, 'member.lookup', handles('fine', 150));
    await writer.flush();
    expect(rowsPerInsert).toEqual([AUDIT_ROWS_PER_STATEMENT, ...statements(150), AUDIT_ROWS_PER_STATEMENT]);
    expect(errors).toHaveLength(2);
  });

  /** A server's traffic with one request that stays open until `end` is called. */
  const openRequest = async () => {
    const traffic = new RequestTraffic();
    let end!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const app = new Hono();
    app.use('*', traffic.middleware);
    app.get('/slow', async (c) => {
      entered();
      await new Promise<void>((resolve) => (end = resolve));
      return c.text('done');
    });
    const answered = app.request('/slow');
    await inside;
    return { traffic, end: () => end(), answered };
  };

  it('writes between requests: nothing while a request is being answered, everything once none is', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const { traffic, end, answered } = await openRequest();
    const writer = new HourlyAuditWriter(counted, () => undefined, undefined, traffic, 60_000);
    writer.record(agent, 'member.lookup', handles('between', 60));
    const flushed = writer.flush();
    let done = false;
    void flushed.then(() => (done = true));
    // Give the writer every chance to write: it must not while the request is open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rowsPerInsert).toEqual([]);
    expect(done).toBe(false);
    end();
    expect((await answered).status).toBe(200);
    await flushed;
    expect(rowsPerInsert).toEqual(statements(60));
  });

  it('lets the event loop turn between its statements, so a request that comes in meanwhile is read before the next one', async () => {
    // Embedded PGlite answers without returning to the event loop: a writer that only
    // awaited its statements would write all of them before any request was read.
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const writer = new HourlyAuditWriter(counted, () => undefined, undefined, new RequestTraffic(), 60_000);
    writer.record(agent, 'member.lookup', handles('turns', 10 * AUDIT_ROWS_PER_STATEMENT));
    const flushed = writer.flush();
    const seenByTurns: number[] = [];
    const everyTurn = () => {
      seenByTurns.push(rowsPerInsert.length);
      if (rowsPerInsert.length < 10) setImmediate(everyTurn);
    };
    setImmediate(everyTurn);
    await flushed;
    expect(rowsPerInsert).toEqual(statements(10 * AUDIT_ROWS_PER_STATEMENT));
    // Each turn of the loop saw at most one more statement than the turn before.
    const steps = seenByTurns.slice(1).map((count, i) => count - seenByTurns[i]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(1);
    expect(seenByTurns.length).toBeGreaterThanOrEqual(10);
  });

  it('writes anyway when requests never pause, after waiting a while for each statement', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const { traffic, end } = await openRequest();
    const writer = new HourlyAuditWriter(counted, () => undefined, undefined, traffic, 20);
    writer.record(agent, 'member.lookup', handles('busy', 60));
    await writer.flush();
    expect(rowsPerInsert).toEqual(statements(60));
    end();
  });

  it('writes everything at close without waiting for a pause', async () => {
    const { counted, rowsPerInsert } = countingInserts(fresh.db);
    const never = { whenIdle: () => new Promise<void>(() => undefined) };
    const writer = new HourlyAuditWriter(counted, () => undefined, undefined, never);
    writer.record(agent, 'member.lookup', handles('closing', 30));
    await writer.close();
    expect(rowsPerInsert).toEqual([30]);
  });
});
