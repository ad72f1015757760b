import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';

/** A sanitized fixture as a DOM at the URL it was served from on the real site. Scripts never run (jsdom's default). */
export function loadFixture(path: string, url: string): Document {
  const html = readFileSync(resolve(__dirname, '../../../tests/fixtures', path), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

export function fromHtml(html: string, url = 'https://x.com/home'): Document {
  return new JSDOM(html, { url }).window.document;
}

/** One fixture's expected reading: posts on screen, and per sighting kind each handle with how often it is seen. */
export interface FixtureExpectation {
  fixture: string;
  url: string;
  posts: number;
  sightings: Partial<Record<string, Record<string, number>>>;
}

/** Sightings grouped like `FixtureExpectation.sightings`. */
export function sightingsByKind(sightings: HandleSighting[]): Record<string, Record<string, number>> {
  const byKind: Record<string, Record<string, number>> = {};
  for (const { kind, identity } of sightings) {
    const handles = (byKind[kind] ??= {});
    handles[identity.handle] = (handles[identity.handle] ?? 0) + 1;
  }
  return byKind;
}

/**
 * Makes every layout read of the document's window throw, so a test proves the adapter
 * reads only queries, attributes and text.
 */
export function forbidLayoutReads(doc: Document): void {
  const view = doc.defaultView as unknown as Record<string, { prototype: object }>;
  const forbid = (target: object, name: string) =>
    Object.defineProperty(target, name, {
      configurable: true,
      get() {
        throw new Error(`layout read: ${name}`);
      },
    });
  for (const name of ['getBoundingClientRect', 'getClientRects', 'offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'clientWidth', 'clientHeight', 'scrollHeight', 'innerText']) {
    forbid(view.HTMLElement!.prototype, name);
    if (name.startsWith('get')) forbid(view.Element!.prototype, name);
  }
  forbid(view as unknown as object, 'getComputedStyle');
}

/** Runs every reader of an adapter over a document. */
export function readEverything(adapter: SiteAdapter, doc: Document): void {
  adapter.findSightings(doc);
  adapter.health(doc);
  for (const post of adapter.findPosts(doc)) {
    adapter.authorOf(post);
    adapter.transcriptFor(post);
    adapter.permalinkOf?.(post);
    adapter.actionSlotOf?.(post);
  }
}

/** Every page address an adapter reads from a document: permalinks and transcript entries' addresses. */
export function addressesOf(adapter: SiteAdapter, doc: Document): Array<string | null> {
  return adapter.findPosts(doc).flatMap((post) => [adapter.permalinkOf?.(post) ?? null, ...adapter.transcriptFor(post).map((entry) => entry.url)]);
}
