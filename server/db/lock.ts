import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** The file in an embedded data dir that names the one process using it. */
export const LOCK_FILE = 'jetway.lock';

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  /** `server`: `serve` / `npm start`; `command`: a CLI command that opened the database itself. */
  role: z.enum(['server', 'command']),
  /** Where the server answers, once it listens: the CLI sends its commands there. */
  url: z.string().optional(),
  /** What a command holding the dir runs, e.g. "members import". */
  command: z.string().optional(),
  since: z.string(),
});
export type LockHolder = z.infer<typeof HolderSchema>;

/** Another live process holds the data dir. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.role === 'server'
        ? `The database in ${resolve(dataDir)} is in use by the Jetway server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}).`
        : `The database in ${resolve(dataDir)} is in use by a Jetway command (pid ${holder.pid}${holder.command ? `: ${holder.command}` : ''}). Wait for it to finish.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the data dir, or null when it is free (a dead holder's file is stale). */
export function lockHolder(dataDir: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A half-written file (the holder died while writing) is stale.
  }
  const holder = HolderSchema.safeParse(parsed);
  return holder.success && alive(holder.data.pid) ? holder.data : null;
}

export interface DataDirLock {
  /** Records more about the holder (the server's URL once it listens). */
  update(details: Pick<LockHolder, 'url'>): void;
  release(): void;
}

/**
 * Takes the data dir for this process: creates `jetway.lock` (exclusively, so two
 * processes starting together cannot both win) with the pid. A lock whose process is gone
 * (killed, crashed, the machine restarted) is stale and taken over. Throws
 * `DataDirInUseError` while another live process — or this one — holds it: PGlite keeps
 * the database in memory and writes it back, so a second writer's changes would be lost.
 */
export function lockDataDir(dataDir: string, role: LockHolder['role'], command?: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  let holder: LockHolder = { pid: process.pid, role, ...(command ? { command } : {}), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = lockHolder(dataDir);
      if (current) throw new DataDirInUseError(dataDir, current);
      if (attempt >= 2) throw new Error(`Could not take the lock ${file}; remove it if no Jetway process runs on ${resolve(dataDir)}.`, { cause: error });
      // Stale: its process is gone. Remove it and try again (another starter may win the race).
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it first.
      }
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as { pid?: number };
      if (current.pid === process.pid) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  // A process that exits without closing the database (process.exit) still frees the dir.
  process.on('exit', release);
  return {
    update(details) {
      if (!held) return;
      holder = { ...holder, ...details };
      // Written beside and renamed over: a reader never sees half a file.
      const next = `${file}.${process.pid}`;
      writeFileSync(next, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
      renameSync(next, file);
    },
    release,
  };
}
