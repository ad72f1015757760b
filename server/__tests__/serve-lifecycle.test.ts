import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_CSV_TYPE, ImportLineSchema, MEMBER_IMPORT_PATH, type ImportLine } from '../../utils/contract';
import { LOCK_FILE } from '../db/lock';
import { freePort, jetway, lookup, serve } from './processes';

const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';

// Each CLI run starts Node and tsx (seconds on a loaded machine): generous time, no timed assertions.
describe('jetway serve on an embedded data dir', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A new data dir with one agent of the Lifecycle team, made by the CLI before any server runs. */
  const dataDirWithAgent = (prefix: string, name: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    const env = { JETWAY_DATA_DIR: dir };
    const created = jetway(['agents', 'create', '--name', name, '--team', 'Lifecycle'], env);
    expect(created.status, created.stderr).toBe(0);
    return { dir, env, token: created.stdout.trim().split('\n').at(-1)! };
  };

  it('erases a member through the running server; on SIGTERM finishes the import in flight, exits 0, and the next serve has the data', async () => {
    const { dir, env, token } = dataDirWithAgent('jetway-lifecycle-', 'Life Agent');
    const members = join(dir, 'members.csv');
    writeFileSync(members, `${HEADER}\nSK600000001,Erin Erasable,gold,erin_cli,,ARN,email,sv\nSK600000002,Kim Kept,silver,kim_kept,,GOT,email,sv\n`);
    expect(jetway(['members', 'import', members], env).status).toBe(0);

    const port = await freePort();
    let server = await serve(dir, port);
    try {
      expect(await lookup(port, token, 'erin_cli')).toMatchObject({ displayName: 'Erin Erasable' });
      const erased = jetway(['members', 'erase', '--loyalty-number', 'SK600000001'], env);
      expect(erased.status, erased.stderr).toBe(0);
      expect(erased.stdout).toMatch(/^Erased member SK600000001: their name, loyalty number and 1 handles are gone; 0 cases, 0 handoffs and 0 notes about them stay, with their text removed\. They are ERASED-[0-9A-F]{8} in the records from now on\.$/m);
      expect(await lookup(port, token, 'erin_cli')).toBeNull();
      expect(await lookup(port, token, 'kim_kept')).toMatchObject({ displayName: 'Kim Kept' });
      const again = jetway(['members', 'erase', '--loyalty-number', 'SK600000001'], env);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('No member has the loyalty number SK600000001.');

      // A large import through the server; SIGTERM arrives once rows are being stored.
      const rows = Array.from({ length: 30_000 }, (_, i) => `SK${610_000_000 + i},Late Member ${i},member,late_${i},,ARN,email,en`);
      const response = await fetch(`http://127.0.0.1:${port}${MEMBER_IMPORT_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${readFileSync(join(dir, 'jetway-admin.key'), 'utf8').trim()}`, 'content-type': IMPORT_CSV_TYPE },
        body: `${HEADER}\n${rows.join('\n')}\n`,
      });
      expect(response.status).toBe(200);
      const lines: ImportLine[] = [];
      let pending = '';
      let signalled = false;
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) {
        pending += decoder.decode(chunk, { stream: true });
        const complete = pending.split('\n');
        pending = complete.pop()!;
        lines.push(...complete.filter(Boolean).map((line) => ImportLineSchema.parse(JSON.parse(line))));
        if (!signalled && lines.length > 0) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
      }
      expect(signalled).toBe(true);
      expect(lines.at(-1)).toEqual({ created: 30_000, updated: 0, rejected: [] });
      expect(await server.stop()).toBe(0);
      expect(server.output()).toContain('SIGTERM: stopping; requests in flight finish first.');
      expect(server.output()).toContain('Stopped.');
      expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow();

      server = await serve(dir, port);
      expect(await lookup(port, token, 'late_29999')).toMatchObject({ displayName: 'Late Member 29999' });
      expect(await lookup(port, token, 'erin_cli')).toBeNull();
    } finally {
      await server.stop();
    }
  });
  it('a crash (kill -9) during an import loses nothing committed: the next serve takes over the lock, has every batch the server reported, and the same file finishes the import', async () => {
    const { dir, token } = dataDirWithAgent('jetway-crash-', 'Crash Agent');
    const port = await freePort();
    let server = await serve(dir, port);
    const total = 50_000;
    const body = `${HEADER}\n${Array.from({ length: total }, (_, i) => `SK${620_000_000 + i},Crash Member ${i},silver,crash_${i},,ARN,email,en`).join('\n')}\n`;
    const importFile = (at: number) =>
      fetch(`http://127.0.0.1:${at}${MEMBER_IMPORT_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${readFileSync(join(dir, 'jetway-admin.key'), 'utf8').trim()}`, 'content-type': IMPORT_CSV_TYPE },
        body,
      });
    try {
      // Killed without warning once the server has reported a few committed batches.
      const response = await importFile(port);
      expect(response.status).toBe(200);
      const reported: ImportLine[] = [];
      let pending = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!) {
          pending += decoder.decode(chunk, { stream: true });
          const complete = pending.split('\n');
          pending = complete.pop()!;
          reported.push(...complete.filter(Boolean).map((line) => ImportLineSchema.parse(JSON.parse(line))));
          const last = reported.at(-1);
          if (last && 'done' in last && last.done >= 3_000 && server.child.signalCode === null) server.child.kill('SIGKILL');
        }
      } catch {
        // The connection ends with the process.
      }
      expect(await server.stop()).toBeNull();
      expect(server.child.signalCode).toBe('SIGKILL');
      const progress = reported.flatMap((line) => ('done' in line ? [line.done] : []));
      const committed = Math.max(...progress);
      expect(committed).toBeGreaterThanOrEqual(3_000);
      expect(reported.some((line) => 'created' in line), 'the import was cut off before it finished').toBe(false);
      // The dead server's lock is left behind: the next serve takes it over.
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toContain(`"pid":${server.child.pid}`);

      server = await serve(dir, port);
      expect(await lookup(port, token, 'crash_0')).toMatchObject({ displayName: 'Crash Member 0' });
      expect(await lookup(port, token, `crash_${committed - 1}`)).toMatchObject({ displayName: `Crash Member ${committed - 1}` });
      expect(await lookup(port, token, `crash_${total - 1}`)).toBeNull();
      // The same file again: what was stored is updated, the rest created; every batch is whole.
      const again = await importFile(port);
      const lines = (await again.text()).split('\n').filter(Boolean).map((line) => ImportLineSchema.parse(JSON.parse(line)));
      const result = lines.at(-1)!;
      expect('created' in result && result.rejected).toEqual([]);
      const { created: fresh, updated } = result as { created: number; updated: number };
      expect(fresh + updated).toBe(total);
      expect(updated).toBeGreaterThanOrEqual(committed);
      expect(updated % 1_000).toBe(0);
      expect(await lookup(port, token, `crash_${total - 1}`)).toMatchObject({ displayName: `Crash Member ${total - 1}` });
    } finally {
      await server.stop();
    }
  });
});
