import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIfChanged, type StampedBuild } from '../build-stamp';

describe('npm start rebuilds only what changed', () => {
  let root: string;
  let builds: number;
  const target = (settings: Record<string, string> = { serverUrl: 'http://127.0.0.1:8787' }): StampedBuild => ({
    name: 'Extension',
    root,
    sources: ['src', 'config.ts'],
    settings,
    stampFile: 'out/.build-stamp',
    outputs: ['out/manifest.json'],
    build() {
      builds += 1;
      mkdirSync(join(root, 'out'), { recursive: true });
      writeFileSync(join(root, 'out/manifest.json'), '{}');
    },
  });
  const quiet = () => undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jetway-stamp-'));
    builds = 0;
    mkdirSync(join(root, 'src/node_modules'), { recursive: true });
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;');
    writeFileSync(join(root, 'config.ts'), 'export default {};');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds the first time, then says it is up to date', () => {
    const lines: string[] = [];
    expect(buildIfChanged(target(), (line) => lines.push(line))).toBe('built');
    expect(buildIfChanged(target(), (line) => lines.push(line))).toBe('up to date');
    expect(builds).toBe(1);
    expect(lines[1]).toMatch(/up to date, not rebuilt/);
  });

  it('rebuilds when a source file changes, appears or a setting (the server URL) changes', () => {
    buildIfChanged(target(), quiet);
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 2;');
    expect(buildIfChanged(target(), quiet)).toBe('built');
    writeFileSync(join(root, 'src/b.ts'), 'export const b = 1;');
    expect(buildIfChanged(target(), quiet)).toBe('built');
    expect(buildIfChanged(target({ serverUrl: 'https://jetway.airline.example' }), quiet)).toBe('built');
    expect(builds).toBe(4);
  });

  it('ignores what is not a source (dependencies, outputs) and rebuilds when an output is gone', () => {
    buildIfChanged(target(), quiet);
    writeFileSync(join(root, 'src/node_modules/x.js'), 'changed');
    expect(buildIfChanged(target(), quiet)).toBe('up to date');
    rmSync(join(root, 'out/manifest.json'));
    expect(buildIfChanged(target(), quiet)).toBe('built');
  });

  it('rebuilds after another build voided the stamp, and never records a failed build', () => {
    buildIfChanged(target(), quiet);
    rmSync(join(root, 'out/.build-stamp'));
    expect(buildIfChanged(target(), quiet)).toBe('built');
    const failing = { ...target(), build: () => { throw new Error('build failed'); } };
    writeFileSync(join(root, 'src/a.ts'), 'broken');
    expect(() => buildIfChanged(failing, quiet)).toThrow('build failed');
    expect(buildIfChanged(target(), quiet)).toBe('built');
  });
});
