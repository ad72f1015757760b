import type { Identity } from '@/utils/contract';
import { isJetwayNode, JETWAY_NODES, queryAllIncludingRoot } from '@/utils/sites/dom';
import { identityFromProfileHref } from './identity';
import { FB } from './selectors';

export interface AuthorLink {
  /** The visible name link (the avatar link repeats its href); the badge goes after it. */
  link: Element;
  identity: Identity;
}

/** An article, or the element right after one (where Facebook puts a comment's replies). */
const ARTICLE_OR_AFTER_ONE = `${FB.article}, ${FB.article} + *`;
/** An article or one of Jetway's hosts: the nearest one around a link says whose content it is (`isOwnLink`). */
const ARTICLE_OR_JETWAY_NODE = `${FB.article}, ${JETWAY_NODES}`;

/** Posts and comments inside `root`, `root` included, Jetway's own nodes excluded. */
export function articlesIn(root: ParentNode): Element[] {
  return queryAllIncludingRoot(root, FB.article).filter((article) => !isJetwayNode(article));
}

/** The innermost post, comment or reply around an element. */
export function articleAround(element: Element): Element | null {
  const article = element.closest(FB.article);
  return article && !isJetwayNode(article) ? article : null;
}

/** Whether `element` belongs to `article` itself and not to a comment or reply inside it. */
export function ownedBy(element: Element, article: Element): boolean {
  return element.closest(FB.article) === article;
}

/**
 * Whether a link inside `article` is the article's own content: neither a nested comment's
 * nor inside one of Jetway's hosts. One short walk: the nearest article or host around the
 * link must be the article itself, which is outside Jetway's hosts (it comes from
 * `articlesIn`, `articleAround` or `postOf` of one of theirs), so no walk to the document's
 * root is needed per link (one per link cost a third of a feed's author reading).
 */
export function isOwnLink(link: Element, article: Element): boolean {
  return link.closest(ARTICLE_OR_JETWAY_NODE) === article;
}

/**
 * The post or comment an article answers: the article around it (replies nested in their
 * comment, comments in their post), or the article right before one of its containers
 * (Facebook puts a comment's replies in the div that follows the comment).
 */
export function parentArticleOf(article: Element): Element | null {
  // One native walk instead of two selector matches per ancestor in script: a post sits
  // forty elements deep and is walked to the root (it has no parent article).
  const found = article.parentElement?.closest(ARTICLE_OR_AFTER_ONE) ?? null;
  if (!found || found.matches(FB.article)) return found;
  return found.previousElementSibling;
}

export function isComment(article: Element): boolean {
  return parentArticleOf(article) !== null;
}

/** The post a comment or reply belongs to (the article itself for a post). */
export function postOf(article: Element): Element {
  let post = article;
  for (let parent = parentArticleOf(post); parent; parent = parentArticleOf(parent)) post = parent;
  return post;
}

/** The top-level comment a reply belongs to (the comment itself for a comment; null for a post). */
export function topCommentOf(article: Element): Element | null {
  let comment: Element | null = null;
  for (let node: Element | null = article; node && isComment(node); node = parentArticleOf(node)) comment = node;
  return comment;
}

/**
 * The author of a post (the first profile link of its name block: on a visitor post the
 * visitor, not the Page) or of a comment (its first profile link: the avatar, then the
 * name; people mentioned in the text come later). The badge goes after the first of the
 * author's links that shows their name, else after the first link.
 *
 * Links are read in page order and only as far as needed (a comment holds a dozen links
 * and sits forty elements deep): whether a link is the article's own first (`isOwnLink`, a
 * short walk), its href second. `comment` is `isComment(article)` when the caller already
 * knows it.
 */
export function authorLinkOf(article: Element, comment = isComment(article)): AuthorLink | null {
  const scopes = comment ? [article] : [...article.querySelectorAll(FB.profileName)].filter((block) => ownedBy(block, article));
  for (const scope of scopes) {
    let first: AuthorLink | null = null;
    for (const link of scope.querySelectorAll(FB.link)) {
      if (!isOwnLink(link, article)) continue;
      const identity = identityFromProfileHref(link.getAttribute('href'));
      if (!identity) continue;
      const candidate = { link, identity };
      first ??= candidate;
      if (identity.handle === first.identity.handle && link.getAttribute('aria-hidden') !== 'true' && (link.textContent ?? '').trim().length > 0) return candidate;
    }
    if (first) return first;
  }
  return null;
}
