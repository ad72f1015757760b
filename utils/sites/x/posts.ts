import type { Identity, TranscriptEntry } from '@/utils/contract';
import { sitePageUrlOrNull } from '@/utils/contract/site-pages';
import { authorLabel, collapse, isElement, isJetwayNode, isoTime, MAX_ENTRY_TEXT, MAX_TRANSCRIPT_ENTRIES, originOf, ownText, queryAllIncludingRoot, visibleText } from '@/utils/sites/dom';
import { authorIn } from './handles';
import { ARTICLE_READ_VIEW_TEST_ID, X } from './selectors';

const PERMALINK_PATH = /^\/[A-Za-z0-9_]{1,15}\/status\/\d+/;

/**
 * Posts that hold no other post: the media modal wraps its whole reply thread in a div
 * marked "tweet", and each reply inside is the real post (counted once). Posts embedded in
 * an Article's body are posts of their own, and the Article stays one too.
 *
 * A usual cell is read with the single-attribute query alone (a union costs several times
 * more per cell); the full union only where a post holds posts or an Article is its own post.
 */
export function innermostPosts(root: ParentNode): Element[] {
  const marked = queryAllIncludingRoot(root, X.post);
  let nested = false;
  const usual = marked.filter((post) => {
    const wraps = post.querySelector(X.post) !== null;
    nested ||= wraps;
    return !wraps && !isJetwayNode(post);
  });
  if (!nested && !hasArticlePost(root)) return usual;
  return queryAllIncludingRoot(root, X.posts).filter((post) => !isJetwayNode(post) && !wrapsPosts(post));
}

/**
 * Whether `root` is or holds an Article that is its own post. A timeline cell shows one
 * post, so its first `article` tells (a tag query that stops at the first match, the
 * cheapest look there is); any other root has every `article` looked at.
 */
export function hasArticlePost(root: ParentNode): boolean {
  if (isElement(root)) {
    if (isArticlePost(root)) return true;
    if (root.matches(X.cell)) return cellHasArticlePost(root);
  }
  for (const article of root.querySelectorAll('article')) if (isArticlePost(article)) return true;
  return false;
}

/** `hasArticlePost` of an element already known to be a timeline cell (a cell is not an `article`). */
export function cellHasArticlePost(cell: Element): boolean {
  const first = cell.querySelector('article');
  return first !== null && isArticlePost(first);
}

function isArticlePost(element: Element): boolean {
  return element.tagName === 'ARTICLE' && element.getAttribute('data-testid') === ARTICLE_READ_VIEW_TEST_ID;
}

/** The innermost post around an element (a quoted post belongs to the post quoting it). */
export function postAround(element: Element): Element | null {
  const post = element.closest(X.posts);
  return post && !isJetwayNode(post) && !wrapsPosts(post) ? post : null;
}

/** Whether `post` holds a post that is not embedded in an Article's body inside it. */
function wrapsPosts(post: Element): boolean {
  if (post.querySelector(X.posts) === null) return false;
  return [...post.querySelectorAll(X.posts)].some((inner) => {
    const body = inner.closest(X.articleBody);
    return body === null || !post.contains(body);
  });
}

/** A post or a quoted post: whichever is nearest above an element says which one it is in. */
const POST_OR_QUOTE = X.postOrQuote;

/**
 * The innermost post around an element, and the quote inside that post holding it, from
 * one walk that stops at the post (the first post-or-quote above the element is the post
 * itself, or the quote in it).
 */
export function postAndQuoteOf(element: Element): { post: Element; quote: Element | null } | null {
  // An author block is neither a post nor a quote: the walk starts at the element itself
  // (one DOM call fewer) and goes on from its parent only when it is one.
  let around = element.closest(POST_OR_QUOTE);
  if (around === element) around = element.parentElement?.closest(POST_OR_QUOTE) ?? null;
  if (around === null) return null;
  if (around.matches(X.posts)) return { post: around, quote: null };
  const post = around.parentElement?.closest(X.posts) ?? null;
  return post ? { post, quote: around } : null;
}

/** The quoted post of `post` an element sits in; null when it is the post's own, or in another post (an embedded one). */
export function quoteAround(element: Element, post: Element): Element | null {
  const found = postAndQuoteOf(element);
  return found?.post === post ? found.quote : null;
}

/** Whether an element is `post`'s own: neither in its quoted post nor in a post embedded in it. */
function isOwn(element: Element, post: Element): boolean {
  return !isJetwayNode(element) && (element.parentElement?.closest(POST_OR_QUOTE) ?? null) === post;
}

/** The elements of `post` itself matching `selector` (see `isOwn`). */
function ownElements(post: Element, selector: string): Element[] {
  return [...post.querySelectorAll(selector)].filter((element) => isOwn(element, post));
}

/** The post's own author block: its `User-Name` block, or an Article's header (else its author card). */
export function mainAuthorBlock(post: Element): Element | null {
  for (const block of post.querySelectorAll(isArticlePost(post) ? X.authorBlocks : X.userName)) if (isOwn(block, post)) return block;
  return null;
}

/** The avatar beside an author block: the post's own avatar column (first in the post), or the quote's. */
export function avatarFor(block: Element, post: Element, quote = quoteAround(block, post)): Element | null {
  if (quote) return quote.querySelector(X.avatarContainer);
  const column = post.querySelector(X.postAvatar);
  if (column && isOwn(column, post)) return column.querySelector(X.avatarContainer);
  return ownElements(post, X.avatarContainer)[0] ?? null;
}

/** The post's author, read from its author block; null when X's layout no longer shows one. */
export function authorOfPost(post: Element): Identity | null {
  const block = mainAuthorBlock(post);
  const author = block ? authorIn(block, () => avatarFor(block, post)) : null;
  return author ? { network: 'x', handle: author.handle } : null;
}

/**
 * The absolute permalink behind a time element: `https://x.com/handle/status/123`; null
 * when the link leads anywhere but an https page of a supported site (a page can put any
 * link behind a time, and only site pages are ever sent or opened).
 */
function permalinkFrom(time: Element | null, doc: Document): string | null {
  const href = time?.closest('a[href]')?.getAttribute('href');
  if (!href) return null;
  try {
    const url = new URL(href, originOf(doc, 'https://x.com'));
    const path = PERMALINK_PATH.exec(url.pathname);
    return path ? sitePageUrlOrNull(`${url.origin}${path[0]}`) : null;
  } catch {
    return null;
  }
}

/**
 * The post's own permalink: behind its time; an Article's header time links nowhere, so an
 * Article's is the status its own analytics link names.
 */
export function permalinkOfPost(post: Element): string | null {
  const fromTime = permalinkFrom(ownElements(post, X.time)[0] ?? null, post.ownerDocument);
  if (fromTime || !articleOf(post)) return fromTime;
  return permalinkFrom(ownElements(post, 'a[href*="/status/"]')[0] ?? null, post.ownerDocument);
}

/** The Article a post is, or holds as its own (the older layout). */
function articleOf(post: Element): Element | null {
  return post.matches(X.articleReadView) ? post : (ownElements(post, X.articleReadView)[0] ?? null);
}

/** An Article's text for a transcript: its title and its body, without the posts embedded in it. */
function articleText(article: Element, post: Element): string {
  const title = visibleText(article.querySelector(X.articleTitle));
  const body = article.querySelector(X.articleBody);
  const text = body ? ownText(body, (parent) => (parent.closest(POST_OR_QUOTE) ?? post) !== post) : '';
  return collapse([title, text].filter(Boolean).join(' — '), MAX_ENTRY_TEXT);
}

/** One entry for a post, or for its quoted post (`quote`). */
function entryFor(block: Element, post: Element, quote: Element | null): TranscriptEntry | null {
  const author = authorIn(block, () => avatarFor(block, post, quote));
  if (!author) return null;
  // The display name is read where its badge goes; empty when X shows none.
  const name = author.anchor === block ? '' : visibleText(author.anchor, 200);
  const first = (selector: string) => (quote ? ([...quote.querySelectorAll(selector)].find((element) => !isJetwayNode(element)) ?? null) : (ownElements(post, selector)[0] ?? null));
  const text = first(X.postText);
  const time = first(X.time);
  const article = quote || text ? null : articleOf(post);
  return {
    author: authorLabel(name, `@${author.handle}`),
    text: article ? articleText(article, post) : visibleText(text),
    postedAt: isoTime(time?.getAttribute('datetime')),
    url: quote ? permalinkFrom(time, post.ownerDocument) : permalinkOfPost(post),
  };
}

/** A post's entries: its quoted post (the older one) first, then the post itself. */
export function entriesOfPost(post: Element): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  let quote: Element | null = null;
  for (const block of post.querySelectorAll(X.userName)) {
    quote = isJetwayNode(block) ? null : quoteAround(block, post);
    if (quote) {
      const entry = entryFor(block, post, quote);
      if (entry) entries.push(entry);
      break;
    }
  }
  const main = mainAuthorBlock(post);
  const own = main ? entryFor(main, post, null) : null;
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
  return ownElements(post, X.actionBar).at(-1) ?? null;
}
