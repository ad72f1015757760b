import type { Identity, TranscriptEntry } from '@/utils/contract';
import { authorLabel, isJetwayNode, isoTime, MAX_TRANSCRIPT_ENTRIES, originOf, queryAllIncludingRoot, visibleText } from '@/utils/sites/dom';
import { authorIn } from './handles';
import { X } from './selectors';

const PERMALINK_PATH = /^\/[A-Za-z0-9_]{1,15}\/status\/\d+/;

/**
 * Posts that hold no other post: the media modal wraps its whole reply thread in a div
 * marked "tweet", and each reply inside is the real post (counted once).
 */
export function innermostPosts(root: ParentNode): Element[] {
  return queryAllIncludingRoot(root, X.post).filter((post) => post.querySelector(X.post) === null && !isJetwayNode(post));
}

/** The innermost post around an element (a quoted post belongs to the post quoting it). */
export function postAround(element: Element): Element | null {
  const post = element.closest(X.post);
  return post && post.querySelector(X.post) === null && !isJetwayNode(post) ? post : null;
}

/**
 * The quoted post an element sits in, if it is inside `post`. The nearest quote-like
 * ancestor decides: when it lies outside the post, no quote inside the post holds the
 * element. (One native walk: a content script pays for every element it touches.)
 */
export function quoteAround(element: Element, post: Element): Element | null {
  const quote = element.parentElement?.closest(X.quote) ?? null;
  return quote && quote !== post && post.contains(quote) ? quote : null;
}

function outsideQuotes(post: Element, selector: string): Element[] {
  return [...post.querySelectorAll(selector)].filter((element) => !quoteAround(element, post) && !isJetwayNode(element));
}

/** The post's own author block (not its quoted post's). */
export function mainAuthorBlock(post: Element): Element | null {
  return outsideQuotes(post, X.userName)[0] ?? null;
}

/** A post or a quoted post: whichever is nearest above an element says which one it is in. */
const POST_OR_QUOTE = `:is(${X.post}, ${X.quote})`;

/**
 * The innermost post around an element, and the quote inside that post holding it: the
 * answer of `closest(X.post)` and `quoteAround`, from one walk that stops at the post
 * (the first post-or-quote above the element is the post itself, or the quote in it).
 */
export function postAndQuoteOf(element: Element): { post: Element; quote: Element | null } | null {
  // An author block is neither a post nor a quote: the walk starts at the element itself
  // (one DOM call fewer) and goes on from its parent only when it is one.
  let around = element.closest(POST_OR_QUOTE);
  if (around === element) around = element.parentElement?.closest(POST_OR_QUOTE) ?? null;
  if (around === null) return null;
  if (around.matches(X.post)) return { post: around, quote: null };
  const post = around.parentElement?.closest(X.post) ?? null;
  return post ? { post, quote: around } : null;
}

/** `quoteAround(element, post) !== null`, walking on to the root only inside nested posts. */
function inQuoteWithin(element: Element, post: Element): boolean {
  const found = postAndQuoteOf(element);
  return found?.post === post ? found.quote !== null : quoteAround(element, post) !== null;
}

/** The avatar beside an author block: the post's own avatar column (first in the post), or the quote's. */
export function avatarFor(block: Element, post: Element, quote = quoteAround(block, post)): Element | null {
  if (quote) return quote.querySelector(X.avatarContainer);
  const column = post.querySelector(X.postAvatar);
  if (column && !inQuoteWithin(column, post)) return column.querySelector(X.avatarContainer);
  return outsideQuotes(post, X.avatarContainer)[0] ?? null;
}

/** The post's author, read from its author block; null when X's layout no longer shows one. */
export function authorOfPost(post: Element): Identity | null {
  const block = mainAuthorBlock(post);
  const author = block ? authorIn(block, () => avatarFor(block, post)) : null;
  return author ? { network: 'x', handle: author.handle } : null;
}

/** The absolute permalink behind a time element: `https://x.com/handle/status/123`. */
function permalinkFrom(time: Element | null, doc: Document): string | null {
  const href = time?.closest('a[href]')?.getAttribute('href');
  if (!href) return null;
  try {
    const url = new URL(href, originOf(doc, 'https://x.com'));
    const path = PERMALINK_PATH.exec(url.pathname);
    return path ? `${url.origin}${path[0]}` : null;
  } catch {
    return null;
  }
}

export function permalinkOfPost(post: Element): string | null {
  return permalinkFrom(outsideQuotes(post, X.time)[0] ?? null, post.ownerDocument);
}

/** One entry for a post (`scope` = the post, minus its quote) or for its quoted post (`scope` = the quote). */
function entryFor(scope: Element, block: Element, post: Element, quote: Element | null): TranscriptEntry | null {
  const author = authorIn(block, () => avatarFor(block, post));
  if (!author) return null;
  // The display name is read where its badge goes; empty when X shows none.
  const name = author.anchor === block ? '' : visibleText(author.anchor, 200);
  const own = (element: Element) => !isJetwayNode(element) && (!quote || !quote.contains(element));
  const text = [...scope.querySelectorAll(X.postText)].find(own) ?? null;
  const time = [...scope.querySelectorAll(X.time)].find(own) ?? null;
  return {
    author: authorLabel(name, `@${author.handle}`),
    text: visibleText(text),
    postedAt: isoTime(time?.getAttribute('datetime')),
    url: permalinkFrom(time, post.ownerDocument),
  };
}

/** A post's entries: its quoted post (the older one) first, then the post itself. */
export function entriesOfPost(post: Element): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const quoteBlock = [...post.querySelectorAll(X.userName)].find((block) => quoteAround(block, post) && !isJetwayNode(block));
  const quote = quoteBlock ? quoteAround(quoteBlock, post) : null;
  if (quoteBlock && quote) {
    const entry = entryFor(quote, quoteBlock, post, null);
    if (entry) entries.push(entry);
  }
  const main = mainAuthorBlock(post);
  const own = main ? entryFor(post, main, post, quote) : null;
  if (own) entries.push(own);
  return entries;
}

/**
 * The conversation around a post. On a status page every post on screen belongs to the
 * conversation (ancestors above, replies below); elsewhere a post stands alone.
 */
export function threadOf(post: Element): Element[] {
  const doc = post.ownerDocument;
  if (!/\/status\/\d+/.test(doc.location?.pathname ?? '')) return [post];
  const posts = innermostPosts(doc);
  const index = posts.indexOf(post);
  if (index < 0) return [post];
  // Keep the post inside the window, with more room for what led up to it.
  const start = Math.max(0, Math.min(index - (MAX_TRANSCRIPT_ENTRIES - 10), posts.length - MAX_TRANSCRIPT_ENTRIES));
  return posts.slice(start, start + MAX_TRANSCRIPT_ENTRIES);
}

export function transcriptForPost(post: Element): TranscriptEntry[] {
  const thread = threadOf(post);
  const index = Math.max(0, thread.indexOf(post));
  // Quoted posts add entries: what led up to the post (and the post) is kept first.
  const upToPost = thread.slice(0, index + 1).flatMap(entriesOfPost).slice(-MAX_TRANSCRIPT_ENTRIES);
  const after = thread.slice(index + 1).flatMap(entriesOfPost);
  return [...upToPost, ...after].slice(0, MAX_TRANSCRIPT_ENTRIES);
}

/** The action bar of the post itself (a quoted post has none of its own, but be sure). */
export function actionSlotOfPost(post: Element): Element | null {
  return outsideQuotes(post, X.actionBar).at(-1) ?? null;
}
