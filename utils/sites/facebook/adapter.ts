import type { Identity, TranscriptEntry } from '@/utils/contract';
import { queryAllIncludingRoot, type HandleSighting, type SiteAdapter } from '@/utils/sites/types';
import { identityFromProfileHref } from './identity';
import { FB } from './selectors';

const MAX_TRANSCRIPT = 50;

function isForeign(element: Element): boolean {
  return element.closest(FB.foreign) !== null;
}

/** Whether `element` belongs to `article` itself and not to a reply nested inside it. */
function ownedBy(element: Element, article: Element): boolean {
  return element.closest(FB.article) === article;
}

function isComment(article: Element): boolean {
  return article.parentElement?.closest(FB.article) != null;
}

/** The author link of a post (its name block) or of a comment (its first profile link). */
function authorLink(article: Element): { link: Element; identity: Identity } | null {
  const scope = isComment(article) ? [article] : [...article.querySelectorAll(FB.profileName)].filter((block) => ownedBy(block, article));
  const candidates: Array<{ link: Element; identity: Identity }> = [];
  for (const container of scope) {
    for (const link of container.querySelectorAll(FB.link)) {
      if (!ownedBy(link, article) || isForeign(link)) continue;
      const identity = identityFromProfileHref(link.getAttribute('href'));
      if (identity) candidates.push({ link, identity });
    }
    if (candidates.length > 0) break;
  }
  const first = candidates[0];
  if (!first) return null;
  // The avatar link repeats the name link's href: the badge goes after the visible name.
  const named = candidates.find((c) => c.identity.handle === first.identity.handle && c.link.getAttribute('aria-hidden') !== 'true' && (c.link.textContent ?? '').trim().length > 0);
  return named ?? first;
}

function ownText(article: Element): string {
  const doc = article.ownerDocument;
  const walker = doc.createTreeWalker(article, 4 /* NodeFilter.SHOW_TEXT */);
  const parts: string[] = [];
  const author = authorLink(article)?.link;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !ownedBy(parent, article) || isForeign(parent) || (author && author.contains(parent))) continue;
    if (parent.closest('[role="button"], [role="toolbar"], [aria-hidden="true"], svg')) continue;
    parts.push(node.nodeValue ?? '');
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 4_000);
}

/** The post or comment permalink: a post path first; a profile link with a comment id only as a fallback. */
function permalinkOf(article: Element): string | null {
  const hrefs = [...article.querySelectorAll(FB.link)].filter((link) => ownedBy(link, article)).map((link) => link.getAttribute('href') ?? '');
  const href = hrefs.find((h) => /\/posts\/|\/permalink\/|story_fbid=/.test(h)) ?? hrefs.find((h) => /comment_id=/.test(h));
  if (!href) return null;
  try {
    const url = new URL(href, 'https://www.facebook.com');
    for (const key of [...url.searchParams.keys()]) if (!/^(comment_id|reply_comment_id|story_fbid|id)$/.test(key)) url.searchParams.delete(key);
    return url.toString();
  } catch {
    return null;
  }
}

function entryFor(article: Element): TranscriptEntry | null {
  const author = authorLink(article);
  if (!author) return null;
  const name = (author.link.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 150);
  return {
    author: name ? `${name} (${author.identity.handle})` : author.identity.handle,
    text: ownText(article),
    postedAt: null,
    url: permalinkOf(article),
  };
}

function articles(root: ParentNode): Element[] {
  return queryAllIncludingRoot(root, FB.article).filter((article) => !isForeign(article));
}

/** A comment's thread: the post, the top-level comment, and its replies, in page order. */
function threadOf(article: Element): Element[] {
  if (!isComment(article)) return [article];
  let top = article;
  for (let parent = top.parentElement?.closest(FB.article); parent && isComment(parent); parent = parent.parentElement?.closest(FB.article)) top = parent;
  const post = top.parentElement?.closest(FB.article);
  return [...(post ? [post] : []), top, ...top.querySelectorAll(FB.article)];
}

export const facebookAdapter: SiteAdapter = {
  site: 'facebook',
  findSightings(root) {
    const sightings: HandleSighting[] = [];
    for (const article of articles(root)) {
      const author = authorLink(article);
      if (!author) continue;
      sightings.push({ identity: author.identity, kind: isComment(article) ? 'comment-author' : 'post-author', anchor: author.link, post: article });
    }
    return sightings;
  },
  findPosts: articles,
  authorOf: (article) => authorLink(article)?.identity ?? null,
  transcriptFor(article) {
    return threadOf(article)
      .map(entryFor)
      .filter((entry): entry is TranscriptEntry => entry !== null)
      .slice(0, MAX_TRANSCRIPT);
  },
  health(root) {
    const found = articles(root);
    return { posts: found.length, postsWithHandle: found.filter((article) => authorLink(article) !== null).length };
  },
};
