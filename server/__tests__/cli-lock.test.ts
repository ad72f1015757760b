import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { LOCK_FILE } from '../db/lock';
import { freePort, jetway, lookup, retryingFetch, serve } from './processes';

const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';

// Each CLI run starts Node and tsx (seconds on a loaded machine): generous time, no timed assertions.
describe('one process per embedded data dir', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses a second serve on the dir (the first keeps answering); members import lands through the running server and survives a restart', async () => {
    const dir = tempDir('jetway-lock-');
    const env = { JETWAY_DATA_DIR: dir };
    const created = jetway(['agents', 'create', '--name', 'Lock Agent', '--team', 'Locks'], env);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    const port = await freePort();
    let first = await serve(dir, port);
    try {
      expect(statSync(join(dir, 'jetway-admin.key')).mode & 0o777).toBe(0o600);

      const second = jetway(['serve'], { ...env, JETWAY_PORT: String(await freePort()) });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`is in use by the Jetway server (pid ${first.child.pid}`);
      expect(second.stderr).toContain('Stop it first');
      expect(((await (await retryingFetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string }).status).toBe('ok');

      const seed = jetway(['seed', 'demo'], env);
      expect(seed.status).toBe(1);
      expect(seed.stderr).toContain(`The database in ${dir} is in use by the Jetway server (pid ${first.child.pid}`);

      // Without the admin key (another user, or the file moved), a data command cannot go
      // through the server: it is refused, and told exactly how to run against the server.
      const key = join(dir, 'jetway-admin.key');
      renameSync(key, `${key}.aside`);
      try {
        const keyless = jetway(['agents', 'list'], env);
        expect(keyless.status).toBe(1);
        expect(keyless.stderr).toContain(
          `The database in ${dir} is in use by the Jetway server (pid ${first.child.pid}, http://127.0.0.1:${port}). Stop it, or run this command against the server: ` +
            `JETWAY_URL=http://127.0.0.1:${port} JETWAY_ADMIN_TOKEN=$(cat ${key}) npm run jetway -- agents list`,
        );
      } finally {
        renameSync(`${key}.aside`, key);
      }

      const csv = join(dir, '..', `${dir.split('/').at(-1)}-members.csv`);
      dirs.push(csv);
      const rows = Array.from({ length: 6_000 }, (_, i) => `SK${730_000_000 + i},Locked Member ${i},silver,lock_${i},,ARN,email,en`);
      rows.splice(0, 0, 'SK2,Too Short,silver,,,,,'); // file line 2
      writeFileSync(csv, `${HEADER}\n${rows.join('\n')}\n`);
      const imported = jetway(['members', 'import', csv], env);
      expect(imported.stdout).toContain('Imported 6000 new and updated 0 members; rejected 1 rows.');
      expect(imported.stderr).toContain('line 2: loyaltyNumber must be 4–32 letters, digits or dashes');
      expect(imported.stderr).toContain('6,000 / 6,000 rows');
      expect(imported.status).toBe(1);
      expect(await lookup(port, token, 'lock_5999')).toMatchObject({ displayName: 'Locked Member 5999' });

      // Agents through the server: created, listed, revoked at once (token and Console session).
      const lead = jetway(['agents', 'create', '--name', 'Live Lead', '--team', 'Locks', '--email', 'live@locks.example', '--role', 'lead', '--password-stdin'], env, 'a long enough passphrase\n');
      expect(lead.status, lead.stderr).toBe(0);
      const leadToken = lead.stdout.trim().split('\n').at(-1)!;
      expect(await lookup(port, leadToken, 'lock_1')).toMatchObject({ displayName: 'Locked Member 1' });
      const signIn = await retryingFetch(`http://127.0.0.1:${port}/auth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'live@locks.example', password: 'a long enough passphrase' }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const listed = jetway(['agents', 'list'], env);
      expect(listed.status).toBe(0);
      expect(listed.stdout).toContain('Live Lead\tLocks\tlead\tlive@locks.example\tactive');
      expect(listed.stdout).toContain('2 agents.');
      const revoked = jetway(['agents', 'revoke', '--email', 'LIVE@locks.example'], env);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain('Revoked "Live Lead" (live@locks.example): their token and 1 Console sessions no longer work');
      const asLead = await retryingFetch(`http://127.0.0.1:${port}/v1/me`, { headers: { authorization: `Bearer ${leadToken}` } });
      expect(asLead.status).toBe(401);
      expect((await retryingFetch(`http://127.0.0.1:${port}/auth/session`, { headers: { cookie } })).status).toBe(401);
      expect(jetway(['agents', 'list'], env).stdout).toContain('Live Lead\tLocks\tlead\tlive@locks.example\trevoked');

      // Teams and webhooks through the server too: what the command sets, the running server serves.
      const teamSet = jetway(['teams', 'set', '--team', 'Locks', '--first-response-minutes', '20', '--sundown', '21:30'], env);
      expect(teamSet.status, teamSet.stderr).toBe(0);
      expect(teamSet.stdout).toContain('Saved. Locks\tUTC\tfirst response 20 min\tsundown 21:30');
      expect(jetway(['teams', 'list'], env).stdout).toContain('Locks\tUTC\tfirst response 20 min\tsundown 21:30');
      const hook = jetway(['webhooks', 'add', '--team', 'Locks', '--url', 'https://hooks.example.com/locks'], env);
      expect(hook.status, hook.stderr).toBe(0);
      const hookId = /endpoint ([0-9a-f-]{36})/.exec(hook.stdout)![1]!;
      const served = await retryingFetch(`http://127.0.0.1:${port}/admin/v1/teams`, { headers: { authorization: `Bearer ${readFileSync(join(dir, 'jetway-admin.key'), 'utf8').trim()}` } });
      const locks = ((await served.json()) as { teams: Array<{ id: string; name: string; deadlines: { firstResponseMinutes: number } }> }).teams.find((team) => team.name === 'Locks')!;
      expect(locks.deadlines.firstResponseMinutes).toBe(20);
      expect(jetway(['webhooks', 'list', '--team', 'Locks'], env).stdout).toContain(`${hookId}  https://hooks.example.com/locks`);
      const noTeam = jetway(['webhooks', 'list', '--team', 'Nobody'], env);
      expect(noTeam.status).toBe(2);
      expect(noTeam.stderr).toContain('No team named "Nobody"');

      // A remote server with the wrong admin token: refused, nothing done.
      const remote = jetway(['agents', 'list'], { JETWAY_DATA_DIR: tempDir('jetway-remote-'), JETWAY_URL: `http://127.0.0.1:${port}`, JETWAY_ADMIN_TOKEN: 'jwa_not-the-admin-key-of-this-server' });
      expect(remote.status).toBe(2);
      expect(remote.stderr).toContain('This is not the admin key');

      await first.stop();
      first = await serve(dir, port);
      expect(await lookup(port, token, 'lock_5999')).toMatchObject({ displayName: 'Locked Member 5999' });
    } finally {
      await first.stop();
    }
  });

  it('takes over a stale lock whose process is gone, and frees the dir on close', async () => {
    const dir = tempDir('jetway-stale-');
    // A pid far above any pid_max: no such process.
    writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ pid: 99_999_999, role: 'server', url: 'http://127.0.0.1:1', since: new Date().toISOString() })}\n`);
    const seeded = jetway(['agents', 'create', '--name', 'Stale Agent', '--team', 'Locks'], { JETWAY_DATA_DIR: dir });
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(() => statSync(join(dir, LOCK_FILE))).toThrow();
    const db = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(`is in use by a Jetway command (pid ${process.pid})`);
      expect(await db.query(`SELECT name FROM agents`)).toEqual([{ name: 'Stale Agent' }]);
    } finally {
      await db.close();
    }
  });
});

describe('backup and restore', { timeout: 300_000 }, () => {
  it('backs up while serving; restore refuses a non-empty dir without --force and gives back every member in a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-backup-'));
    const restored = mkdtempSync(join(tmpdir(), 'jetway-restored-'));
    const files = mkdtempSync(join(tmpdir(), 'jetway-backup-files-'));
    try {
      const created = jetway(['agents', 'create', '--name', 'Backup Agent', '--team', 'Backups'], { JETWAY_DATA_DIR: dir });
      const token = created.stdout.trim().split('\n').at(-1)!;
      const port = await freePort();
      let server = await serve(dir, port);
      const backup = join(files, 'jetway.tar.gz');
      try {
        const csv = join(files, 'members.csv');
        writeFileSync(csv, `${HEADER}\n${Array.from({ length: 1_200 }, (_, i) => `SK${740_000_000 + i},Backed Up ${i},gold,backup_${i},,ARN,email,en`).join('\n')}\n`);
        expect(jetway(['members', 'import', csv], { JETWAY_DATA_DIR: dir }).status).toBe(0);
        const taken = jetway(['backup', backup], { JETWAY_DATA_DIR: dir });
        expect(taken.status, taken.stderr).toBe(0);
        expect(taken.stdout).toContain(`Backup written to ${backup}`);
        expect(statSync(backup).mode & 0o777).toBe(0o600);

        const intoServed = jetway(['restore', backup, '--force'], { JETWAY_DATA_DIR: dir });
        expect(intoServed.status).toBe(1);
        expect(intoServed.stderr).toContain('is in use by the Jetway server');
      } finally {
        await server.stop();
      }

      writeFileSync(join(restored, 'something.txt'), 'not a database');
      const refused = jetway(['restore', backup], { JETWAY_DATA_DIR: restored });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('is not empty; restore refuses to overwrite it');
      const forced = jetway(['restore', backup, '--force'], { JETWAY_DATA_DIR: restored });
      expect(forced.status, forced.stderr).toBe(0);

      server = await serve(restored, port);
      try {
        for (const handle of ['backup_0', 'backup_1199']) expect(await lookup(port, token, handle)).toMatchObject({ tierId: 'gold' });
      } finally {
        await server.stop();
      }
      const db = await openDatabase({ dataDir: restored });
      try {
        const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM members WHERE loyalty_number LIKE 'SK74%'`);
        expect(row).toEqual({ count: 1_200 });
      } finally {
        await db.close();
      }
    } finally {
      for (const path of [dir, restored, files]) rmSync(path, { recursive: true, force: true });
    }
  });
});
