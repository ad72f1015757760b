import type { TranscriptEntry } from '@/utils/contract';
import { sitePageUrlOrNull } from '@/utils/contract/site-pages';
import { authorLabel, MAX_TRANSCRIPT_ENTRIES, ownText, urlKeeping } from '@/utils/sites/dom';
import { articlesIn, authorLinkOf, isComment, isOwnLink, ownedBy, parentArticleOf, postOf, topCommentOf } from './articles';
import { FB } from './selectors';

/** Links to a post or comment (its time stamp), as opposed to people or the web. */
const PERMALINK = /\/(posts|permalink|videos|reel|photos)\/|[?&]story_fbid=|\/permalink\.php|\/photo\/?\?|[?&]fbid=/;
const PERMALINK_PARAMS = new Set(['comment_id', 'reply_comment_id', 'story_fbid', 'id', 'fbid', 'v']);

function ownLinks(article: Element): Element[] {
  return [...article.querySelectorAll(FB.link)].filter((link) => isOwnLink(link, article));
}

/** The permalink without tracking parameters; null unless it is an https page of a supported site. */
function cleanPermalink(href: string): string | null {
  const url = urlKeeping(href, PERMALINK_PARAMS, 'https://www.facebook.com');
  return url ? sitePageUrlOrNull(url.toString()) : null;
}

function isPermalinkHref(href: string | null): href is string {
  return href !== null && PERMALINK.test(href);
}

/**
 * The article's own permalink: its time-stamp link. A comment without one points at its
 * post with the comment's id (read from its author link, which carries `comment_id`).
 */
export function permalinkOfArticle(article: Element): string | null {
  const hrefs = ownLinks(article).map((link) => link.getAttribute('href'));
  const own = hrefs.find((href) => isPermalinkHref(href) && (!isComment(article) || href.includes('comment_id='))) ?? hrefs.find(isPermalinkHref);
  if (own) return cleanPermalink(own);
  if (!isComment(article)) return pagePermalink(article.ownerDocument);
  const postUrl = permalinkOfArticle(postOf(article));
  const commentId = hrefs.map((href) => /[?&]comment_id=([^&#]+)/.exec(href ?? '')?.[1]).find(Boolean);
  if (!postUrl || !commentId) return postUrl;
  const url = new URL(postUrl);
  url.searchParams.set('comment_id', decodeURIComponent(commentId));
  return sitePageUrlOrNull(url.toString());
}

/** The page's own address when it is a post's page. */
function pagePermalink(doc: Document): string | null {
  const href = doc.location?.href;
  return href && isPermalinkHref(href) ? cleanPermalink(href) : null;
}

/** The message of a post or comment: its own text, without names, buttons, time stamps or replies. */
function messageText(article: Element, authorLink: Element | null): string {
  return ownText(
    article,
    (parent) =>
      !ownedBy(parent, article) ||
      authorLink?.contains(parent) === true ||
      parent.closest(FB.notMessageText) !== null ||
      isPermalinkHref(parent.closest('a[href]')?.getAttribute('href') ?? null) ||
      parent.closest(FB.profileName) !== null,
  );
}

export function entryForArticle(article: Element): TranscriptEntry | null {
  const author = authorLinkOf(article);
  if (!author) return null;
  return {
    author: authorLabel(author.link.textContent ?? '', author.identity.handle),
    text: messageText(article, author.link),
    // Facebook shows relative times ("2 h") with no date in the markup: none is guessed.
    postedAt: null,
    url: permalinkOfArticle(article),
  };
}

/** Whether `article` answers `ancestor`, directly or through other replies. */
function answers(article: Element, ancestor: Element): boolean {
  for (let parent = parentArticleOf(article); parent; parent = parentArticleOf(parent)) if (parent === ancestor) return true;
  return false;
}

/**
 * The visible conversation around an article, in page order: for a comment or reply, the
 * post, the top-level comment and its replies; for a post, the post and its comments.
 */
export function threadOfArticle(article: Element): Element[] {
  const post = postOf(article);
  const top = topCommentOf(article);
  const scope = top ?? post;
  const container = (top ? top.parentElement : post) ?? post;
  const replies = articlesIn(container).filter((candidate) => candidate !== scope && answers(candidate, scope));
  return top ? [post, top, ...replies] : [post, ...replies];
}

export function transcriptForArticle(article: Element): TranscriptEntry[] {
  const thread = threadOfArticle(article);
  const index = thread.indexOf(article);
  // A long thread keeps its head (post, comment) and the replies up to this one.
  const head = thread.slice(0, topCommentOf(article) ? 2 : 1);
  const kept =
    index < MAX_TRANSCRIPT_ENTRIES ? thread.slice(0, MAX_TRANSCRIPT_ENTRIES) : [...head, ...thread.slice(index + 1 - (MAX_TRANSCRIPT_ENTRIES - head.length), index + 1)];
  return kept.map(entryForArticle).filter((entry): entry is TranscriptEntry => entry !== null);
}
