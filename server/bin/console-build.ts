import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What a build of the Console is made from: its sources (not its output) and the lockfile. */
function sourcesHash(root: string): string {
  const consoleDir = join(root, 'console');
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => !['dist', 'node_modules'].includes(entry.name) && !entry.name.startsWith('.'))
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
  for (const file of walk(consoleDir).sort()) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) hash.update('package-lock.json\n').update(readFileSync(lock));
  return hash.digest('hex');
}

export type ConsoleBuild = 'no console' | 'up to date' | 'built' | 'no build script' | 'failed';

/**
 * Builds the Console (`npm run build:console`) when its sources or the lockfile changed
 * since the last build, whose hash `console/dist/.stamp` keeps; a start with nothing
 * changed costs one hash of the sources.
 */
export function buildConsoleIfChanged(root = process.cwd()): ConsoleBuild {
  if (!existsSync(join(root, 'console'))) return 'no console';
  const stamp = join(root, 'console', 'dist', '.stamp');
  const hash = sourcesHash(root);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash && existsSync(join(root, 'console', 'dist', 'index.html'))) return 'up to date';
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts['build:console']) return 'no build script';
  console.log('Building the Console (its sources changed since the last build) …');
  const build = spawnSync('npm', ['run', 'build:console'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) return 'failed';
  writeFileSync(stamp, `${hash}\n`);
  return 'built';
}
