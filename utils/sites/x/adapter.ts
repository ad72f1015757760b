import type { Identity, TranscriptEntry } from '@/utils/contract';
import { X_HANDLE } from '@/utils/contract/handles';
import { queryAllIncludingRoot, visibleText, type HandleSighting, type SightingKind, type SiteAdapter } from '@/utils/sites/types';
import { RESERVED_PATHS, X } from './selectors';

const MAX_TRANSCRIPT = 50;
const AT_HANDLE = /^@([A-Za-z0-9_]{1,15})$/;

/** `/handle` or `https://x.com/handle` → `handle` (lower case); anything else → null. */
export function handleFromHref(href: string | null): string | null {
  if (!href) return null;
  const match = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/([A-Za-z0-9_]{1,15})\/?(?:[?#].*)?$/.exec(href);
  if (!match) return null;
  const handle = match[1]!.toLowerCase();
  return RESERVED_PATHS.has(handle) || !X_HANDLE.test(handle) ? null : handle;
}

function isForeign(element: Element): boolean {
  return element.closest(X.foreign) !== null;
}

function xIdentity(handle: string): Identity {
  return { network: 'x', handle: handle.toLowerCase() };
}

/** The handle in an author block: its profile link, else its `@handle` text. */
function handleInBlock(block: Element): string | null {
  for (const link of block.querySelectorAll('a[href]')) {
    if (isForeign(link)) continue;
    const handle = handleFromHref(link.getAttribute('href'));
    if (handle) return handle;
  }
  for (const span of block.querySelectorAll('span')) {
    if (isForeign(span) || span.children.length > 0) continue;
    const match = AT_HANDLE.exec((span.textContent ?? '').trim());
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}

/** A quoted post has no link to its author: the avatar container's test id names them. */
function handleFromAvatar(scope: Element): string | null {
  const avatar = scope.querySelector(X.avatarContainer);
  const handle = avatar?.getAttribute('data-testid')?.slice(X.avatarPrefix.length).toLowerCase() ?? null;
  return handle && X_HANDLE.test(handle) ? handle : null;
}

/** The badge goes after the display name, on the same line, inside the author block. */
function nameAnchor(block: Element): Element {
  for (const candidate of block.querySelectorAll(X.displayName)) {
    if (!isForeign(candidate) && visibleText(candidate, 1).length > 0) return candidate;
  }
  return block;
}

function quoteOf(userName: Element, post: Element): Element | null {
  const quote = userName.parentElement?.closest(X.quoteContainer) ?? null;
  return quote && post.contains(quote) ? quote : null;
}

/**
 * Posts that hold no other post: the media modal wraps its whole reply thread in a div
 * marked "tweet", and each reply inside is the real post.
 */
function innermostPosts(root: ParentNode): Element[] {
  return queryAllIncludingRoot(root, X.post).filter((post) => post.querySelector(X.post) === null);
}

function mainAuthorBlock(post: Element): Element | null {
  for (const block of post.querySelectorAll(X.userName)) {
    if (!quoteOf(block, post) && !isForeign(block)) return block;
  }
  return null;
}

function authorOf(post: Element): Identity | null {
  const block = mainAuthorBlock(post);
  const handle = block ? handleInBlock(block) : null;
  return handle ? xIdentity(handle) : null;
}

function absoluteUrl(href: string | null, doc: Document): string | null {
  if (!href) return null;
  try {
    const base = doc.location?.origin && doc.location.origin !== 'null' ? doc.location.origin : 'https://x.com';
    const url = new URL(href, base);
    const permalink = /^\/[A-Za-z0-9_]{1,15}\/status\/\d+/.exec(url.pathname);
    return permalink ? `${url.origin}${permalink[0]}` : null;
  } catch {
    return null;
  }
}

function entryFor(scope: Element, block: Element | null, post: Element, excludeQuote: Element | null): TranscriptEntry | null {
  const handle = block ? handleInBlock(block) ?? handleFromAvatar(scope) : handleFromAvatar(scope);
  if (!handle) return null;
  const outside = (element: Element) => !excludeQuote || !excludeQuote.contains(element);
  const text = [...scope.querySelectorAll(X.postText)].find(outside) ?? null;
  const time = [...scope.querySelectorAll(X.time)].find(outside) ?? null;
  const name = block ? visibleText(nameAnchor(block), 200) : '';
  const postedAt = time?.getAttribute('datetime') ?? null;
  return {
    author: name ? `${name} (@${handle})` : `@${handle}`,
    text: visibleText(text, 4_000),
    postedAt: postedAt && !Number.isNaN(Date.parse(postedAt)) ? new Date(postedAt).toISOString() : null,
    url: absoluteUrl(time?.closest('a')?.getAttribute('href') ?? null, post.ownerDocument),
  };
}

/** One post's entries: its quoted post (older) first, then the post itself. */
function entriesOfPost(post: Element): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const main = mainAuthorBlock(post);
  let quote: Element | null = null;
  for (const block of post.querySelectorAll(X.userName)) {
    const q = quoteOf(block, post);
    if (q) {
      quote = q;
      const entry = entryFor(q, block, post, null);
      if (entry) entries.push(entry);
      break;
    }
  }
  const own = entryFor(post, main, post, quote);
  if (own) entries.push(own);
  return entries;
}

function sightingsInPosts(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  const seenPerPost = new Map<Element, Set<string>>();
  for (const block of queryAllIncludingRoot(root, X.userName)) {
    if (isForeign(block)) continue;
    const post = block.closest(X.post);
    if (!post) continue;
    const quote = quoteOf(block, post);
    const handle = handleInBlock(block) ?? (quote ? handleFromAvatar(quote) : null);
    if (!handle) continue;
    const kind: SightingKind = quote ? 'quoted-author' : 'post-author';
    // One badge per author per post, even where X repeats the author block.
    const seen = seenPerPost.get(post) ?? new Set<string>();
    seenPerPost.set(post, seen);
    if (seen.has(`${kind}:${handle}`)) continue;
    seen.add(`${kind}:${handle}`);
    sightings.push({ identity: xIdentity(handle), kind, anchor: nameAnchor(block), post });
  }
  return sightings;
}

/** Blocks that show one person each (cells, headers, DM entries, hover cards). */
const PERSON_BLOCKS: ReadonlyArray<readonly [string, SightingKind]> = [
  [X.userCell, 'user-cell'],
  [X.profileHeader, 'profile-header'],
  [X.dmConversation, 'dm-list'],
  [X.dmHeader, 'dm-header'],
  [X.hoverCard, 'hover-card'],
];
// One query for every kind of block: scanning a batch is the hot path.
const PERSON_BLOCK_SELECTOR = PERSON_BLOCKS.map(([selector]) => selector).join(', ');

function sightingsInBlocks(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const block of queryAllIncludingRoot(root, PERSON_BLOCK_SELECTOR)) {
    if (isForeign(block) || block.closest(X.post)) continue;
    const kind = PERSON_BLOCKS.find(([selector]) => block.matches(selector))?.[1];
    const handle = kind ? handleInBlock(block) : null;
    if (!kind || !handle) continue;
    sightings.push({ identity: xIdentity(handle), kind, anchor: nameAnchor(block), post: null });
  }
  return sightings;
}

/** Notifications name one or more people by their avatar links. */
function sightingsInNotifications(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const notification of queryAllIncludingRoot(root, X.notification)) {
    const seen = new Set<string>();
    for (const link of notification.querySelectorAll('a[href]')) {
      const handle = handleFromHref(link.getAttribute('href'));
      if (!handle || seen.has(handle) || isForeign(link)) continue;
      seen.add(handle);
      sightings.push({ identity: xIdentity(handle), kind: 'notification', anchor: link, post: null });
    }
  }
  return sightings;
}

/** The conversation a post belongs to: on a status page every visible post, else the post. */
function threadOf(post: Element): Element[] {
  const doc = post.ownerDocument;
  const onStatusPage = /\/status\/\d+/.test(doc.location?.pathname ?? '');
  if (!onStatusPage) return [post];
  const posts = innermostPosts(doc);
  const index = posts.indexOf(post);
  if (index < 0) return [post];
  const start = Math.max(0, Math.min(index - (MAX_TRANSCRIPT - 10), posts.length - MAX_TRANSCRIPT));
  return posts.slice(start, start + MAX_TRANSCRIPT);
}

export const xAdapter: SiteAdapter = {
  site: 'x',
  findSightings(root) {
    return [
      ...sightingsInPosts(root),
      ...sightingsInBlocks(root),
      ...sightingsInNotifications(root),
    ];
  },
  findPosts: innermostPosts,
  authorOf,
  transcriptFor(post) {
    return threadOf(post).flatMap(entriesOfPost).slice(-MAX_TRANSCRIPT);
  },
  actionSlotOf(post) {
    const groups = [...post.querySelectorAll(X.actionBar)].filter((group) => !quoteOf(group, post));
    return groups.at(-1) ?? null;
  },
  health(root) {
    const posts = innermostPosts(root);
    return { posts: posts.length, postsWithHandle: posts.filter((post) => authorOf(post) !== null).length };
  },
};
