/** Small DOM readers shared by the site adapters: queries, attributes and text only. */

import type { PageCanary, PageHealth, SelectorEntry, SiteHealthCount } from './types';

export const MAX_TRANSCRIPT_ENTRIES = 50;
export const MAX_ENTRY_TEXT = 4_000;
/** Room for the handle too: a transcript author is at most 200 characters. */
export const MAX_AUTHOR_NAME = 120;

/**
 * The attributes Jetway puts on its own hosts in the page, the one list of them: a badge
 * (its value is the handle), a control such as Hand off, and a layer (cards, menus,
 * toasts). Their content lives in closed shadow roots.
 */
export const JETWAY_ATTRIBUTES = { badge: 'data-jetway-badge', action: 'data-jetway-action', layer: 'data-jetway-layer' } as const;

/** Any of Jetway's hosts, in one selector: never read as the site's content nor scanned. */
export const JETWAY_NODES = Object.values(JETWAY_ATTRIBUTES)
  .map((name) => `[${name}]`)
  .join(', ');

/** Elements matching `selector` in `root`, `root` itself included. */
export function queryAllIncludingRoot(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  if (isElement(root) && root.matches(selector)) found.unshift(root);
  return found;
}

export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

export function isJetwayNode(element: Element): boolean {
  return element.closest(JETWAY_NODES) !== null;
}

/** Text of an element, whitespace collapsed, capped. Read as text: never parsed as HTML. */
export function visibleText(element: Element | null, max = MAX_ENTRY_TEXT): string {
  if (!element) return '';
  return collapse(element.textContent ?? '', max);
}

export function collapse(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}

/** `2025-10-23T16:34:09.000Z` from a `datetime` attribute, or null when it is not a date. */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The origin links on the page resolve against: the page's own, else the site's. */
export function originOf(doc: Document, fallback: string): string {
  const origin = doc.location?.origin;
  return origin && origin !== 'null' ? origin : fallback;
}

/** `Name (handle)` as a transcript names a person; the handle alone when the name is empty. */
export function authorLabel(name: string, handle: string): string {
  const cleanName = collapse(name, MAX_AUTHOR_NAME);
  return cleanName ? `${cleanName} (${handle})` : handle;
}

/** The document a scanned root belongs to (the root itself when it is one). */
export function documentOf(root: ParentNode): Document | null {
  return root.nodeType === 9 ? (root as Document) : ((root as Node).ownerDocument ?? null);
}

/**
 * `elements` without those inside Jetway's own hosts under `scope`. One query for the
 * hosts instead of an ancestor walk per element: scope is usually free of them.
 */
export function outsideJetwayNodes<T extends Element>(scope: Element, elements: Iterable<T>): T[] {
  const hosts = [...scope.querySelectorAll(JETWAY_NODES)];
  const all = [...elements];
  return hosts.length === 0 ? all : all.filter((element) => !hosts.some((host) => host.contains(element)));
}

const SHOW_TEXT = 4;

/**
 * The text of `root` read node by node, skipping Jetway's nodes and whatever `skip` says
 * is not the message (names, times, buttons), whitespace collapsed and capped.
 */
export function ownText(root: Element, skip: (parent: Element) => boolean, max = MAX_ENTRY_TEXT): string {
  const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || isJetwayNode(parent) || skip(parent)) continue;
    parts.push(node.nodeValue ?? '');
  }
  return collapse(parts.join(' '), max);
}

/** `href` resolved against `base`, keeping only the query parameters in `keep` and no fragment; null when it is not a URL. */
export function urlKeeping(href: string, keep: ReadonlySet<string>, base?: string): URL | null {
  try {
    const url = new URL(href, base);
    for (const key of [...url.searchParams.keys()]) if (!keep.has(key)) url.searchParams.delete(key);
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/** The selector strings of a site's selector table, by name: what the adapters query. */
export function selectorsOf<T extends Record<string, SelectorEntry>>(table: T): { readonly [K in keyof T]: T[K]['selector'] } {
  return Object.fromEntries(Object.entries(table).map(([name, entry]) => [name, entry.selector])) as { [K in keyof T]: T[K]['selector'] };
}

/** The canaries that apply to a page: every one whose path matches its path and query. */
export function canariesFor(doc: Document, canaries: readonly PageCanary[]): PageCanary[] {
  const where = `${doc.location?.pathname ?? ''}${doc.location?.search ?? ''}`;
  return canaries.filter((canary) => canary.path.test(where));
}

/** Canary items read for their handle per health check: enough to tell, cheap on a long list. */
export const CANARY_SAMPLE = 20;

const NOT_JUDGED: PageHealth = { canary: 'not-judged', posts: 0, postsWithHandle: 0 };

/**
 * Site health of the page as a whole, through the canaries of its kind. The background has
 * one rule, "posts seen ≥ 3 and none with a handle: layout changed", and reads nothing but
 * these two numbers, so a missing canary is told in them: when the shell shows content
 * units and the canary finds none, each unit counts as a post seen without a handle. A
 * renamed post container then reads as "layout changed", never as a page with no posts
 * (which would report nothing at all). When the canary is there, `readable` (if the page
 * kind has one) says of a sample whether Jetway still reads a handle in it.
 *
 * A page may be of more than one kind (an X status page is a timeline of replies, and the
 * post it is about must be one Jetway reads): every canary whose path matches applies, and
 * one missing is the report (the most units any missing canary counted, so units two
 * canaries share are not counted twice).
 *
 * Two queries at most per canary, from the shell down; run once per health report, never
 * per added subtree.
 */
export function pageHealthOf(doc: Document, canaries: readonly PageCanary[], readable: (page: string) => ((item: Element) => boolean) | null): PageHealth {
  const results = canariesFor(doc, canaries).map((canary) => canaryHealth(doc, canary, readable));
  const missing = results.filter((result) => result.canary === 'missing');
  if (missing.length > 0) return missing.reduce((most, result) => (result.posts > most.posts ? result : most));
  const found = results.filter((result) => result.canary === 'found');
  if (found.length === 0) return NOT_JUDGED;
  return {
    canary: 'found',
    posts: found.reduce((sum, result) => sum + result.posts, 0),
    postsWithHandle: found.reduce((sum, result) => sum + result.postsWithHandle, 0),
  };
}

/** One canary over the page (see `pageHealthOf`). */
function canaryHealth(doc: Document, canary: PageCanary, readable: (page: string) => ((item: Element) => boolean) | null): PageHealth {
  const shell = `:is(${canary.shell})`;
  if (!doc.querySelector(shell)) return NOT_JUDGED;
  const selector = `${shell} :is(${canary.canary})`;
  const read = readable(canary.page);
  // A page that keeps all it loaded holds thousands of canary items: the first one found
  // is all a page kind without a reader needs, and a reader touches only its sample (each
  // element a content script touches costs it a wrapper), so a report costs the same on a
  // page of 30 posts as on one of 3,000.
  if (!read) return doc.querySelector(selector) ? { canary: 'found', posts: 0, postsWithHandle: 0 } : missingCanary(doc, shell, canary);
  const found = doc.querySelectorAll(selector);
  if (found.length === 0) return missingCanary(doc, shell, canary);
  const sample: Element[] = [];
  for (let i = 0; i < found.length && i < CANARY_SAMPLE; i++) sample.push(found[i]!);
  return { canary: 'found', posts: sample.length, postsWithHandle: sample.filter(read).length };
}

/** The canary is missing: the content units the shell shows are the report (none: nothing to judge). */
function missingCanary(doc: Document, shell: string, canary: PageCanary): PageHealth {
  const besides = canary.besides;
  const units = [...doc.querySelectorAll(`${shell} :is(${canary.content})`)].filter(
    (unit) => !isJetwayNode(unit) && !(besides && (unit.matches(besides) || unit.querySelector(besides))),
  );
  return units.length === 0 ? NOT_JUDGED : { canary: 'missing', posts: units.length, postsWithHandle: 0 };
}

/**
 * What the content script reports: the posts the scanner counted as they were added, and
 * the page's canary. A missing canary is the whole report, so a part of the page that
 * still reads (an open inbox conversation, mentions among notifications) does not hide
 * the part that stopped.
 */
export function siteHealthReport(scanned: SiteHealthCount, page: PageHealth): SiteHealthCount {
  if (page.canary === 'missing') return { posts: page.posts, postsWithHandle: 0 };
  return { posts: scanned.posts + page.posts, postsWithHandle: scanned.postsWithHandle + page.postsWithHandle };
}
