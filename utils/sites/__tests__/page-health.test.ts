import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';
import { EXPECTED as FACEBOOK_EXPECTED } from '@/utils/sites/facebook/__tests__/expected-sightings';
import type { SiteAdapter, SiteHealthCount } from '@/utils/sites/types';
import { xAdapter } from '@/utils/sites/x/adapter';
import { EXPECTED as X_EXPECTED } from '@/utils/sites/x/__tests__/expected-sightings';
import { CANARY_SAMPLE, siteHealthReport } from '@/utils/sites/dom';
import { fromHtml, loadFixture } from './load-fixture';

/**
 * The background's rule, the one reader of these numbers (`reportSiteHealth` in
 * entrypoints/background/handlers.ts): posts seen ≥ 3 and none with a handle.
 */
function layoutChanged({ posts, postsWithHandle }: SiteHealthCount): boolean {
  return posts >= 3 && postsWithHandle === 0;
}

/** What the content script reports for a page: the posts the scanner saw, and the page's canary (as run-site.tsx combines them). */
function reported(adapter: SiteAdapter, doc: Document): SiteHealthCount {
  return siteHealthReport(adapter.health(doc), adapter.pageHealth!(doc));
}

function fixtureHtml(path: string): string {
  return readFileSync(resolve(__dirname, '../../../tests/fixtures', path), 'utf8');
}

/** A fixture with one attribute renamed everywhere, as a site update would rename it. */
function renamed(path: string, from: string, to: string, url: string): Document {
  const html = fixtureHtml(path);
  expect(html).toContain(from);
  return fromHtml(html.replaceAll(from, to), url);
}

/** A hand-built page grown to a realistic length: the element matching `selector` cloned `times` more. */
function grown(path: string, url: string, selector: string, times: number): string {
  const doc = fromHtml(fixtureHtml(path), url);
  const unit = doc.querySelector(selector)!;
  for (let i = 0; i < times; i++) unit.after(unit.cloneNode(true));
  return doc.documentElement.outerHTML;
}

/** The timeline cell holding the post a status page is about. */
const X_CELL_OF_FOCAL = '[data-testid="cellInnerDiv"]:has(article[tabindex="-1"])';

const sites = [
  ...X_EXPECTED.map(({ fixture, url }) => [fixture, url, xAdapter] as const),
  ...FACEBOOK_EXPECTED.map(({ fixture, url }) => [fixture, url, facebookAdapter] as const),
];

describe('site health: every fixture reads as working', () => {
  it.each(sites)('%s at its address', (fixture, url, adapter) => {
    expect(layoutChanged(reported(adapter, loadFixture(fixture, url)))).toBe(false);
  }, 60_000);
});

describe('site health: a renamed post container reads as "layout changed", never as silence', () => {
  const timelines = [
    ['x/x-folders/x-home.html', 'https://x.com/home', 10],
    ['x/x-folders/x-bookmarks.html', 'https://x.com/i/bookmarks', 12],
    ['x/x-folders/x-profile.html', 'https://x.com/u_d95bf3e3ae', 8],
    ['x/x-folders/x-status-long.html', 'https://x.com/u_87beb19d3d/status/1', 4],
  ] as const;

  it.each(timelines)('X %s: no post is found, and every timeline cell counts as a post without a handle', (fixture, url, cells) => {
    const doc = renamed(fixture, 'data-testid="tweet"', 'data-testid="post"', url);
    expect(xAdapter.health(doc)).toEqual({ posts: 0, postsWithHandle: 0 });
    expect(xAdapter.pageHealth!(doc)).toEqual({ canary: 'missing', posts: cells, postsWithHandle: 0 });
    expect(layoutChanged(reported(xAdapter, doc))).toBe(true);
  }, 60_000);

  it('X: the same when the article becomes a div under a new test id', () => {
    const html = fixtureHtml('x/x-folders/x-home-rich.html').replaceAll('<article ', '<div ').replaceAll('</article>', '</div>').replaceAll('data-testid="tweet"', 'data-testid="tweet-v2"');
    const doc = fromHtml(html, 'https://x.com/home');
    expect(layoutChanged(reported(xAdapter, doc))).toBe(true);
  }, 60_000);

  it('Facebook post dialog (real capture): comments and the post are still on screen, no article is', () => {
    const url = 'https://www.facebook.com/fb.user.551c8538/posts/1';
    const doc = renamed('facebook/facebook-post-comments-2025-06.html', 'role="article"', 'role="presentation"', url);
    expect(facebookAdapter.health(doc)).toEqual({ posts: 0, postsWithHandle: 0 });
    expect(facebookAdapter.pageHealth!(doc)).toEqual({ canary: 'missing', posts: 33, postsWithHandle: 0 });
    expect(layoutChanged(reported(facebookAdapter, doc))).toBe(true);
  }, 60_000);

  it('Facebook Page timeline (built): the same', () => {
    const doc = renamed('facebook/built/page-timeline-visitor-post.html', 'role="article"', 'role="group"', 'https://www.facebook.com/jetway.airline');
    expect(layoutChanged(reported(facebookAdapter, doc))).toBe(true);
  });
});

describe('site health: the hand-built page kinds have a canary of their own', () => {
  it('X DMs: the conversation list renamed reads as "layout changed", at /messages and at /i/chat', () => {
    for (const url of ['https://x.com/messages/1', 'https://x.com/i/chat/1']) {
      const doc = renamed('x/built/dm.html', 'data-testid="conversation"', 'data-testid="dm-conversation-item"', url);
      expect(xAdapter.pageHealth!(doc)).toEqual({ canary: 'missing', posts: 3, postsWithHandle: 0 });
      expect(layoutChanged(reported(xAdapter, doc))).toBe(true);
    }
  });

  it('X DMs: a working list is read, a group without a handle is not held against it', () => {
    expect(xAdapter.pageHealth!(loadFixture('x/built/dm.html', 'https://x.com/messages/1'))).toEqual({ canary: 'found', posts: 2, postsWithHandle: 1 });
  });

  it('X DMs: entries whose handle X stopped showing read as "layout changed"', () => {
    const html = grown('x/built/dm.html', 'https://x.com/messages', '[data-testid="cellInnerDiv"]', 3)
      .replaceAll('UserAvatar-Container-dm_platinum', 'UserAvatar-Container')
      .replaceAll('@dm_platinum', 'Dm Platinum');
    expect(xAdapter.pageHealth!(fromHtml(html, 'https://x.com/messages'))).toEqual({ canary: 'found', posts: 5, postsWithHandle: 0 });
    expect(layoutChanged(reported(xAdapter, fromHtml(html, 'https://x.com/messages')))).toBe(true);
  });

  it('X notifications: notifications renamed read as "layout changed"; mentions (posts) are another reader’s', () => {
    const url = 'https://x.com/notifications';
    const html = grown('x/built/notifications.html', url, '[data-testid="cellInnerDiv"]', 3);
    expect(layoutChanged(reported(xAdapter, fromHtml(html, url)))).toBe(false);
    expect(xAdapter.pageHealth!(fromHtml(html, url))).toEqual({ canary: 'found', posts: 4, postsWithHandle: 4 });
    const broken = fromHtml(html.replaceAll('data-testid="notification"', 'data-testid="notification-v2"'), url);
    // Four notification cells count; the mention's cell holds a post, read by the scanner.
    expect(xAdapter.pageHealth!(broken)).toEqual({ canary: 'missing', posts: 4, postsWithHandle: 0 });
    expect(layoutChanged(reported(xAdapter, broken))).toBe(true);
  });

  it('Business Suite inbox: conversation rows renamed read as "layout changed"', () => {
    const url = 'https://business.facebook.com/latest/inbox/all?asset_id=1';
    const doc = renamed('facebook/built/business-suite-inbox.html', 'role="grid"', 'role="listbox"', url);
    expect(facebookAdapter.pageHealth!(doc)).toEqual({ canary: 'missing', posts: 7, postsWithHandle: 0 });
    // The open conversation still reads; the list that stopped is reported all the same.
    expect(facebookAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 1 });
    expect(layoutChanged(reported(facebookAdapter, doc))).toBe(true);
  });
});

describe('site health: the post a status page is about must be one Jetway knows', () => {
  const status = 'https://x.com/art_author/status/1900000000000000100';

  it.each([
    ['an Article that is its own post, renamed', 'x/built/x-article-status.html', status, 'data-testid="twitterArticleReadView"', 'data-testid="articleView"', 6],
    ['the post an Article sits in, renamed', 'x/built/x-article-status-in-post.html', status, 'tabindex="-1" data-testid="tweet"', 'tabindex="-1" data-testid="longformPost"', 6],
    ['a post (real capture) renamed, its replies not', 'x/x-folders/x-status-long.html', 'https://x.com/u_87beb19d3d/status/1', 'tabindex="-1" data-testid="tweet"', 'tabindex="-1" data-testid="tweet-v2"', 4],
  ] as const)('X %s: the replies still read, and the page reads as "layout changed"', (_name, fixture, url, from, to, cells) => {
    const doc = renamed(fixture, from, to, url);
    expect(xAdapter.health(doc).postsWithHandle).toBeGreaterThan(0);
    expect(xAdapter.pageHealth!(doc)).toEqual({ canary: 'missing', posts: cells, postsWithHandle: 0 });
    expect(layoutChanged(reported(xAdapter, doc))).toBe(true);
  }, 60_000);

  it('X: a status page scrolled past its post (X unmounts it) is judged by its replies alone', () => {
    const doc = loadFixture('x/built/x-article-status.html', status);
    doc.querySelector(X_CELL_OF_FOCAL)!.remove();
    expect(xAdapter.pageHealth!(doc)).toEqual({ canary: 'found', posts: 0, postsWithHandle: 0 });
    expect(layoutChanged(reported(xAdapter, doc))).toBe(false);
    doc.documentElement.innerHTML = doc.documentElement.innerHTML.replaceAll('data-testid="tweet"', 'data-testid="post"');
    expect(layoutChanged(reported(xAdapter, doc))).toBe(true);
  }, 60_000);

  it('X: an Article with no reply yet, and no post in its body, is a working page', () => {
    const doc = loadFixture('x/built/x-article-status.html', status);
    doc.querySelector('[data-testid="simpleTweet"]')!.remove();
    const list = doc.querySelector('[data-testid="cellInnerDiv"]')!.parentElement!;
    for (const cell of [...list.querySelectorAll('[data-testid="cellInnerDiv"]')]) if (cell.querySelector('[data-testid="tweet"]')) cell.remove();
    // X's "Discover more" cells under a conversation hold no post.
    for (let i = 0; i < 3; i++) list.insertAdjacentHTML('beforeend', '<div data-testid="cellInnerDiv"><div><span>Discover more</span></div></div>');
    expect(doc.querySelectorAll('[data-testid="tweet"]')).toHaveLength(0);
    expect(xAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 1 });
    expect(xAdapter.pageHealth!(doc).canary).toBe('found');
    expect(layoutChanged(reported(xAdapter, doc))).toBe(false);
  });
});

describe('site health: pages where Jetway reads nothing are never reported', () => {
  const cells = '<div data-testid="cellInnerDiv"><span>trend</span></div>'.repeat(5);
  const xShell = `<main role="main"><div data-testid="primaryColumn"><section>${cells}</section></div></main>`;
  const quiet = [
    ['X Explore', xAdapter, xShell, 'https://x.com/explore'],
    ['X lists of lists', xAdapter, xShell, 'https://x.com/i/lists'],
    ['X settings', xAdapter, xShell, 'https://x.com/settings/account'],
    ['X a profile’s followers', xAdapter, xShell, 'https://x.com/u_d95bf3e3ae/followers'],
    ['Facebook Marketplace', facebookAdapter, `<div role="main">${'<a href="/x?comment_id=1">a</a>'.repeat(5)}</div>`, 'https://www.facebook.com/marketplace'],
    ['Facebook Messenger', facebookAdapter, `<div role="main">${'<div aria-posinset="1">a</div>'.repeat(5)}</div>`, 'https://www.facebook.com/messages/t/1'],
  ] as const;

  it.each(quiet)('%s', (_name, adapter, html, url) => {
    expect(adapter.pageHealth!(fromHtml(`<html><body>${html}</body></html>`, url))).toEqual({ canary: 'not-judged', posts: 0, postsWithHandle: 0 });
  });

  it('X people search and a people list: user cells are a list of people, not posts gone missing', () => {
    for (const url of ['https://x.com/search?q=jetway&f=user', 'https://x.com/home']) {
      const html = grown('x/built/user-cells.html', url, '[data-testid="cellInnerDiv"]', 3);
      expect(xAdapter.pageHealth!(fromHtml(html, url))).toEqual({ canary: 'not-judged', posts: 0, postsWithHandle: 0 });
    }
  });

  it('a page without the site’s shell (signed out, loading, a saved single post) is not judged', () => {
    expect(xAdapter.pageHealth!(renamed('x/x-timeline-cell-2025-10.html', 'data-testid="tweet"', 'data-testid="post"', 'https://x.com/home'))).toEqual({ canary: 'not-judged', posts: 0, postsWithHandle: 0 });
  });
});

/**
 * What a health report costs on a page: `matched`, the elements its queries match (all of
 * a `querySelectorAll`'s, one for a `querySelector`), and `read`, the elements it takes
 * from them (each one the content script touches gets a wrapper in its world).
 */
function costOf(doc: Document, report: () => void): { matched: number; read: number } {
  const cost = { matched: 0, read: 0 };
  const all = doc.querySelectorAll.bind(doc);
  const one = doc.querySelector.bind(doc);
  doc.querySelectorAll = ((selector: string) => {
    const list = all(selector);
    cost.matched += list.length;
    return new Proxy(list, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) cost.read += 1;
        if (key === Symbol.iterator) cost.read += target.length;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }) as Document['querySelectorAll'];
  doc.querySelector = ((selector: string) => {
    const element = one(selector);
    if (element) cost.matched += 1;
    if (element) cost.read += 1;
    return element;
  }) as Document['querySelector'];
  report();
  return cost;
}

/** The fixture with the element matching `selector` cloned `times` more, in place. */
function grownInPlace(path: string, url: string, selector: string, times: number): Document {
  const doc = fromHtml(fixtureHtml(path), url);
  const unit = doc.querySelector(selector)!;
  for (let i = 0; i < times; i++) unit.after(unit.cloneNode(true));
  return doc;
}

describe('site health: a report costs no more on a page of 300 posts than on one of 3', () => {
  it.each([
    ['X home timeline', 'x/x-folders/x-home.html', 'https://x.com/home', '[data-testid="cellInnerDiv"]', xAdapter],
    ['Facebook post with its comments', 'facebook/facebook-post-comments-2025-06.html', 'https://www.facebook.com/fb.user.551c8538/posts/1', '[role="article"] [role="article"]', facebookAdapter],
  ] as const)('%s: the first post found is enough', (_name, fixture, url, unit, adapter) => {
    const health = (doc: Document) => adapter.pageHealth!(doc);
    const small = grownInPlace(fixture, url, unit, 3);
    const large = grownInPlace(fixture, url, unit, 300);
    expect(health(large).canary).toBe('found');
    expect(costOf(large, () => health(large))).toEqual(costOf(small, () => health(small)));
  }, 120_000);

  it('X notifications: only the sample is read', () => {
    const url = 'https://x.com/notifications';
    const large = grownInPlace('x/built/notifications.html', url, '[data-testid="cellInnerDiv"]', 300);
    expect(xAdapter.pageHealth!(large)).toMatchObject({ canary: 'found', posts: CANARY_SAMPLE });
    expect(costOf(large, () => xAdapter.pageHealth!(large)).read).toBeLessThanOrEqual(CANARY_SAMPLE + 1);
  }, 120_000);
});
