import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** Code that runs in production: the server, and what the extension and the Console ship. */
const SHIPPED = ['server', 'utils', 'entrypoints', 'components', 'console/src'];

/** Runtime packages no shipped file imports by name, and why they are runtime all the same. */
const RUNTIME_WITHOUT_IMPORT: Record<string, string> = {
  tsx: 'runs the server from its TypeScript source (npm start, npm run jetway)',
  '@wxt-dev/webextension-polyfill': "its browser module stands in for `wxt/browser` in the extension's bundle",
  'webextension-polyfill': 'bundled into the extension through @wxt-dev/webextension-polyfill',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The packages a file imports at run time (`import type` erases, so it does not count). */
function runtimeImports(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"./][^'"]*)['"]|import\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return names;
}

describe('package.json', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const imported = new Set(SHIPPED.flatMap(sourceFiles).flatMap((file) => [...runtimeImports(readFileSync(join(ROOT, file), 'utf8'))]));

  it('security: dependencies hold only packages the server or the shipped code uses at run time', () => {
    const unused = Object.keys(manifest.dependencies).filter((name) => !imported.has(name) && !(name in RUNTIME_WITHOUT_IMPORT));
    expect(unused).toEqual([]);
    for (const buildTool of ['vite', 'wxt', 'vitest', 'typescript', 'eslint', '@playwright/test', 'web-ext']) expect(manifest.dependencies).not.toHaveProperty(buildTool);
  });

  it('security: nothing shipped imports a development-only package', () => {
    const devOnly = Object.keys(manifest.devDependencies).filter((name) => imported.has(name));
    // WXT's own runtime helpers (`wxt/browser`, `wxt/utils/…`) are compiled into the extension by WXT itself.
    expect(devOnly.filter((name) => name !== 'wxt')).toEqual([]);
  });
});
