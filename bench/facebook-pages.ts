/**
 * The benchmark's Facebook pages, from the saved real post with its comments
 * (tests/fixtures/facebook/facebook-post-comments-2025-06.html): a feed that keeps every
 * post it loaded (copies of the post, without its comments) and the post with its comment
 * thread expanded comment by comment. Both use the timeline's driver (`withDriver`).
 */
import { JSDOM } from 'jsdom';
import { withDriver } from './timeline';

const ARTICLE = '[role="article"]';
const FACEBOOK_ORIGIN = 'https://www.facebook.com/';

/** The first path segment of a profile link: the handle the driver rewrites in each copy. */
function authorOf(article: Element): string {
  const link = article.querySelector(`[data-ad-rendering-role="profile_name"] a[href^="/"]`) ?? article.querySelector('a[href^="/"]');
  const segment = link?.getAttribute('href')?.slice(1).split(/[/?]/)[0];
  if (!segment) throw new Error('A Facebook bench article has no profile link.');
  return segment;
}

/** Parses the saved post; Facebook's absolute links become relative ones, as the driver rewrites them. */
function savedPost(fixtureHtml: string): { dom: JSDOM; post: Element; rows: Element[] } {
  const dom = new JSDOM(fixtureHtml);
  const doc = dom.window.document;
  for (const link of doc.querySelectorAll(`a[href^="${FACEBOOK_ORIGIN}"]`)) link.setAttribute('href', '/' + link.getAttribute('href')!.slice(FACEBOOK_ORIGIN.length));
  const articles = [...doc.querySelectorAll(ARTICLE)];
  const post = articles.find((article) => !article.parentElement?.closest(ARTICLE));
  const comments = articles.filter((article) => article !== post);
  if (!post || comments.length < 2) throw new Error('The Facebook fixture has no post with comments.');
  // The comment list: the nearest element holding every comment; each child is one comment's row.
  let list = comments[0]!.parentElement!;
  while (!comments.every((comment) => list.contains(comment))) list = list.parentElement!;
  const rows = [...list.children].filter((row) => row.matches(ARTICLE) || row.querySelector(ARTICLE));
  return { dom, post, rows };
}

/** A feed that keeps what it loaded: copies of the saved post (its comments left out) appended to the feed. */
export function buildFacebookFeedPage(fixtureHtml: string): string {
  const { dom, post, rows } = savedPost(fixtureHtml);
  for (const row of rows) row.remove();
  const list = post.parentElement!;
  post.remove();
  return withDriver(dom, list, [{ cell: post, author: authorOf(post) }]);
}

/** The saved post whose comment thread grows as "View more comments" is pressed again and again. */
export function buildFacebookThreadPage(fixtureHtml: string): string {
  const { dom, rows } = savedPost(fixtureHtml);
  const list = rows[0]!.parentElement!;
  const cells = rows.map((row) => ({ cell: row, author: authorOf(row.matches(ARTICLE) ? row : row.querySelector(ARTICLE)!) }));
  for (const row of rows) row.remove();
  return withDriver(dom, list, cells);
}
