import { selectorsOf } from '@/utils/sites/dom';
import type { PageCanary, SelectorEntry } from '@/utils/sites/types';

/**
 * Every selector Jetway uses on facebook.com (and Meta Business Suite), as data: what each
 * finds, and the fixture pages (`tests/fixtures/facebook/…`) that prove it, with exactly
 * how many elements it matches there; `__tests__/selector-proofs.test.ts` checks every
 * count. aria-label text is localised, so nothing here keys on English words. Selectors
 * proven only by hand-built pages carry a dated TODO and sit behind a site-health canary
 * (`FB_PAGES`); `docs/sites.md` names the public sources they were built from.
 */

const BUILT_INBOX = 'TODO(2026-11-24) prove with a capture of the Business Suite inbox';

export const FB_SELECTORS = {
  article: {
    selector: '[role="article"]',
    finds: 'Posts and comments: the post holds its comments; a reply sits inside its comment or in the empty div right after it. The canary of post pages.',
    proof: [
      { fixture: 'facebook/facebook-post-comments-2025-06.html', count: 11 },
      { fixture: 'facebook/built/page-post-comments.html', count: 5 },
      { fixture: 'facebook/built/page-timeline-visitor-post.html', count: 6 },
    ],
  },
  profileName: {
    selector: '[data-ad-rendering-role="profile_name"]',
    finds: 'The post author’s name block; on a visitor post, the visitor comes first, then the Page.',
    proof: [
      { fixture: 'facebook/facebook-post-comments-2025-06.html', count: 1 },
      { fixture: 'facebook/built/page-timeline-visitor-post.html', count: 2 },
    ],
  },
  storyMessage: {
    selector: '[data-ad-rendering-role="story_message"]',
    finds: 'The post text.',
    proof: [{ fixture: 'facebook/facebook-post-comments-2025-06.html', count: 1 }],
  },
  link: {
    selector: 'a[href]',
    finds: 'Links; people are read from profile links only (the avatar link repeats the name link).',
    proof: [{ fixture: 'facebook/facebook-post-comments-2025-06.html', within: 'article', count: 93 }],
  },
  notMessageText: {
    selector: '[role="button"], [role="toolbar"], [aria-hidden="true"], svg, h2, h3, ul',
    finds: 'Controls and chrome whose text is not the message: buttons, toolbars, hidden runs.',
    proof: [{ fixture: 'facebook/facebook-post-comments-2025-06.html', within: 'article', count: 75 }],
  },
  shell: {
    selector: '[role="main"], [role="dialog"]',
    finds: 'The main column, or the dialog a post opens in: the shell of post pages.',
    proof: [
      { fixture: 'facebook/facebook-post-comments-2025-06.html', count: 1 },
      { fixture: 'facebook/built/page-timeline-visitor-post.html', count: 1 },
    ],
  },
  postContent: {
    selector: '[data-ad-rendering-role="profile_name"], [data-ad-rendering-role="story_message"], [aria-posinset], a[href*="comment_id="]',
    finds: 'Signs of posts and comments that do not hang on their container: name and text blocks, feed positions, links to comments. The content units of the post canary.',
    proof: [
      { fixture: 'facebook/facebook-post-comments-2025-06.html', count: 33 },
      { fixture: 'facebook/built/page-timeline-visitor-post.html', count: 18 },
    ],
  },
  inboxMain: {
    selector: '[role="main"]',
    finds: 'The Business Suite inbox’s main region: the shell of the inbox canary.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 1 }],
    todo: BUILT_INBOX,
  },
  inboxContent: {
    selector: '[role="row"], [role="listitem"], [role="option"]',
    finds: 'Anything list-like in the inbox (rows of a grid or a log, list items, options): the content units of the inbox canary, so a list that changes its role still counts as content.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 7 }],
    todo: BUILT_INBOX,
  },
  inboxRow: {
    selector: '[role="grid"] [role="row"]',
    finds: 'Inbox conversation list rows. The canary of the inbox.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 3 }],
    todo: BUILT_INBOX,
  },
  inboxHeader: {
    selector: '[role="main"] [role="region"] [role="heading"]',
    finds: 'Inbox thread header, naming the customer with a link to their profile.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 1 }],
    todo: BUILT_INBOX,
  },
  inboxThread: {
    selector: '[role="main"] [role="region"]',
    finds: 'Inbox open conversation: the region holding the thread header and the message log; `Hand off` goes in its header.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 1 }],
    todo: BUILT_INBOX,
  },
  inboxMessage: {
    selector: '[role="log"] [role="row"]',
    finds: 'Inbox messages, oldest first.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', count: 4 }],
    todo: 'TODO(2026-12-01) prove with a capture of the Business Suite inbox',
  },
  inboxSender: {
    selector: 'h2, h3, h4, h5, h6',
    finds: 'The sender’s name opening a run of messages (later messages of the run have none).',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', within: 'inboxMessage', count: 3 }],
    todo: 'TODO(2026-12-01) prove with a capture of the Business Suite inbox',
  },
  inboxTime: {
    selector: 'time[datetime]',
    finds: 'A message’s time.',
    proof: [{ fixture: 'facebook/built/business-suite-inbox.html', within: 'inboxMessage', count: 3 }],
    todo: 'TODO(2026-12-01) prove with a capture of the Business Suite inbox',
  },
} as const satisfies Record<string, SelectorEntry>;

export const FB = {
  ...selectorsOf(FB_SELECTORS),
  /** Meta Business Suite inbox: its pages live under this path (business.facebook.com and www.facebook.com). */
  inboxPath: /^\/latest\/inbox(\/|$)/,
} as const;

/** First path segments that are Facebook's own pages, never a person. */
export const RESERVED_PATHS = new Set([
  'groups', 'pages', 'photo', 'photo.php', 'photos', 'watch', 'hashtag', 'events', 'story.php', 'permalink.php',
  'sharer', 'sharer.php', 'l.php', 'reel', 'reels', 'stories', 'friends', 'marketplace', 'gaming', 'messages',
  'notifications', 'bookmarks', 'ads', 'privacy', 'policies', 'help', 'login', 'login.php', 'business', 'latest',
  'videos', 'video.php', 'media', 'ufi', 'reactions', 'share', 'share.php', 'home.php', 'search', 'settings', 'saved',
  'live', 'fundraisers', 'profile.php', 'people', 'latest_posts', 'composer', 'checkpoint', 'dialog', 'plugins',
  'legal', 'terms', 'memories', 'games', 'jobs', 'weather', 'offers', 'places', 'find-friends', 'messenger',
  'notes', 'recover', 'logout.php', 'campaign', 'instantgames', 'coronavirus_info', 'community', 'feeds',
  'business_suite', 'commerce', 'shops', 'lite', 'mobile', 'developers', 'careers', 'watchparty',
]);

/** A Page's or a person's own address: `/jetway.airline`, `/people/Name/123/`. */
const RESERVED_PATTERN = [...RESERVED_PATHS]
  .filter((name) => name !== 'people' && name !== 'profile.php')
  .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
const PAGE = `(?!(?:${RESERVED_PATTERN})(?:[/?]|$))[^/?]+`;

/**
 * The canary of each kind of Facebook page for site health (see `PageCanary`). Only pages
 * where Jetway must find something are listed: Marketplace, Messenger, settings or a
 * Page's "About" tab show no posts and are never reported.
 */
export const FB_PAGES: readonly PageCanary[] = [
  {
    page: 'inbox',
    path: FB.inboxPath,
    shell: FB.inboxMain,
    content: FB.inboxContent,
    canary: FB.inboxRow,
  },
  {
    // The news feed, a Page's or a person's timeline, one post (also opened as a dialog), a group.
    page: 'posts',
    path: new RegExp(
      `^/(?:|home\\.php|groups/[^/?]+|permalink\\.php|story\\.php|profile\\.php|people/[^/?]+/\\d+|${PAGE}|${PAGE}/posts/[^/?]+)/?(?:\\?|$)`,
    ),
    shell: FB.shell,
    content: FB.postContent,
    canary: FB.article,
  },
];
