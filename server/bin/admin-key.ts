import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerEnv } from './env';

/** The local admin key, in the data dir, readable only by its owner (mode 0600). */
export const ADMIN_KEY_FILE = 'jetway-admin.key';

/** The data dir's admin key, or null before the first server start. */
export function readAdminKey(dataDir: string): string | null {
  try {
    return readFileSync(join(dataDir, ADMIN_KEY_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * The data dir's admin key, made at the first start. Replicas on PostgreSQL started together
 * from one working directory may both make one: the key is written whole to a file of its
 * own and linked into place, so the first link wins and every process reads that key (never
 * a half-written one).
 */
export function ensureAdminKey(dataDir: string): string {
  const existing = readAdminKey(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, ADMIN_KEY_FILE);
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const key = `jwa_${randomBytes(32).toString('base64url')}`;
  writeFileSync(draft, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(draft, 0o600);
  try {
    linkSync(draft, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readAdminKey(dataDir);
    if (!winner) throw new Error(`${file} exists but holds no key: delete it and start again`);
    return winner;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The key the server accepts on /admin/v1: JETWAY_ADMIN_TOKEN when set, else the data dir's. */
export function serverAdminKey(env: ServerEnv): string {
  return env.JETWAY_ADMIN_TOKEN ?? ensureAdminKey(env.JETWAY_DATA_DIR);
}
