import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Folders never part of a build's sources. */
const IGNORED = new Set(['node_modules', '.output', 'dist', '.wxt', '__tests__', 'test-results', '.git']);

function filesUnder(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    out.push(path);
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (IGNORED.has(entry.name)) continue;
    filesUnder(join(path, entry.name), out);
  }
}

/**
 * A digest of everything a build reads: each source file's path and bytes, plus the
 * settings baked into the build (e.g. the server URL). Modification times are not used,
 * so a fresh clone of the same commit matches a build made from it.
 */
export function sourceDigest(root: string, sources: readonly string[], settings: Record<string, string>): string {
  const files: string[] = [];
  for (const source of sources) filesUnder(join(root, source), files);
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings));
  for (const file of files.sort()) {
    hash.update(`\0${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

export interface StampedBuild {
  /** What is built, for the one line printed ("the extension", "the Console"). */
  name: string;
  root: string;
  sources: readonly string[];
  settings: Record<string, string>;
  /** Where the digest of the last successful build is kept (inside the build's output). */
  stampFile: string;
  /** Files that must exist for the last build to count (its outputs). */
  outputs: readonly string[];
  build(): void;
}

/** Runs the build only when its sources or settings changed since the last successful one. */
export function buildIfChanged(target: StampedBuild, log: (line: string) => void = console.log): 'built' | 'up to date' {
  const digest = sourceDigest(target.root, target.sources, target.settings);
  const stampPath = join(target.root, target.stampFile);
  const previous = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : null;
  const outputsThere = target.outputs.every((output) => existsSync(join(target.root, output)));
  if (previous === digest && outputsThere) {
    log(`${target.name}: up to date, not rebuilt (no source or setting changed since the last build).`);
    return 'up to date';
  }
  log(`${target.name}: building (${previous === null || !outputsThere ? 'no earlier build' : 'sources or settings changed'}) …`);
  target.build();
  mkdirSync(dirname(stampPath), { recursive: true });
  writeFileSync(stampPath, `${digest}\n`);
  return 'built';
}
