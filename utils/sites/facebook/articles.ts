import type { Identity } from '@/utils/contract';
import { isJetwayNode, queryAllIncludingRoot } from '@/utils/sites/dom';
import { identityFromProfileHref } from './identity';
import { FB } from './selectors';

export interface AuthorLink {
  /** The visible name link (the avatar link repeats its href); the badge goes after it. */
  link: Element;
  identity: Identity;
}

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
 * The post or comment an article answers: the article around it (replies nested in their
 * comment, comments in their post), or the article right before one of its containers
 * (Facebook puts a comment's replies in the div that follows the comment).
 */
export function parentArticleOf(article: Element): Element | null {
  for (let node = article.parentElement; node; node = node.parentElement) {
    if (node.matches(FB.article)) return node;
    const previous = node.previousElementSibling;
    if (previous?.matches(FB.article)) return previous;
  }
  return null;
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

function profileLinksIn(scope: Element, article: Element): AuthorLink[] {
  const links: AuthorLink[] = [];
  for (const link of scope.querySelectorAll(FB.link)) {
    if (!ownedBy(link, article) || isJetwayNode(link)) continue;
    const identity = identityFromProfileHref(link.getAttribute('href'));
    if (identity) links.push({ link, identity });
  }
  return links;
}

/**
 * The author of a post (the first profile link of its name block: on a visitor post the
 * visitor, not the Page) or of a comment (its first profile link: the avatar, then the
 * name; people mentioned in the text come later).
 */
export function authorLinkOf(article: Element): AuthorLink | null {
  const scopes = isComment(article) ? [article] : [...article.querySelectorAll(FB.profileName)].filter((block) => ownedBy(block, article));
  for (const scope of scopes) {
    const links = profileLinksIn(scope, article);
    const first = links[0];
    if (!first) continue;
    const named = links.find(
      (candidate) =>
        candidate.identity.handle === first.identity.handle &&
        candidate.link.getAttribute('aria-hidden') !== 'true' &&
        (candidate.link.textContent ?? '').trim().length > 0,
    );
    return named ?? first;
  }
  return null;
}
