import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FB_SELECTORS } from '@/utils/sites/facebook/selectors';
import type { SelectorEntry, SelectorProof } from '@/utils/sites/types';
import { X_SELECTORS } from '@/utils/sites/x/selectors';
import { loadFixture } from './load-fixture';

/**
 * Every selector of every site against the fixtures that prove it, as refined-github checks
 * its selectors against the pages named beside them: the exact count each proof states.
 * A count that moves means the fixture or the selector changed, and the table says which.
 */
const TABLES: Record<string, Record<string, SelectorEntry>> = { x: X_SELECTORS, facebook: FB_SELECTORS };
const FIXTURES = resolve(__dirname, '../../../tests/fixtures');
const DOCS = readFileSync(resolve(__dirname, '../../../docs/sites.md'), 'utf8');

const isBuilt = (proof: SelectorProof) => proof.fixture.split('/').includes('built');

const documents = new Map<string, Document>();
/** Each fixture parsed once for the whole table (the largest takes a while). */
function fixture(path: string): Document {
  let doc = documents.get(path);
  if (!doc) documents.set(path, (doc = loadFixture(path, 'https://example.invalid/')));
  return doc;
}

function countIn(doc: Document, table: Record<string, SelectorEntry>, entry: SelectorEntry, proof: SelectorProof): number {
  if (!proof.within) return doc.querySelectorAll(entry.selector).length;
  const found = new Set<Element>();
  for (const scope of doc.querySelectorAll(table[proof.within]!.selector)) for (const element of scope.querySelectorAll(entry.selector)) found.add(element);
  return found.size;
}

const entries = Object.entries(TABLES).flatMap(([site, table]) => Object.entries(table).map(([name, entry]) => [`${site}.${name}`, site, name, entry] as const));
const proofs = entries.flatMap(([label, site, , entry]) =>
  entry.proof.map((proof) => [`${label} in ${proof.fixture}${proof.within ? ` (inside ${proof.within})` : ''}`, site, entry, proof] as const),
);

describe('selector proofs', () => {
  it.each(proofs)('%s: matches exactly the count its proof states', (_label, site, entry, proof) => {
    const table = TABLES[site]!;
    if (proof.within) expect(Object.keys(table)).toContain(proof.within);
    expect(countIn(fixture(proof.fixture), table, entry, proof)).toBe(proof.count);
  }, 60_000);

  it.each(entries)('%s: is proven by at least one fixture in the project that it matches', (_label, _site, _name, entry) => {
    expect(entry.proof.length).toBeGreaterThan(0);
    for (const proof of entry.proof) expect(existsSync(resolve(FIXTURES, proof.fixture)), proof.fixture).toBe(true);
    expect(entry.proof.some((proof) => proof.count > 0)).toBe(true);
    expect(entry.finds.trim()).not.toBe('');
  });

  it.each(entries)('%s: carries a dated TODO exactly when only hand-built pages prove it', (_label, _site, _name, entry) => {
    const builtOnly = entry.proof.every(isBuilt);
    if (builtOnly) expect(entry.todo).toMatch(/^TODO\(\d{4}-\d{2}-\d{2}\) \S/);
    else expect(entry.todo).toBeUndefined();
  });

  it.each(entries)('%s: is written down in docs/sites.md with its fixtures', (_label, _site, name, entry) => {
    expect(DOCS).toContain(`\`${name}\``);
    for (const proof of entry.proof) expect(DOCS).toContain(proof.fixture.split('/').at(-1)!);
  });
});
