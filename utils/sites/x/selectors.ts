import { selectorsOf } from '@/utils/sites/dom';
import type { PageCanary, SelectorEntry } from '@/utils/sites/types';

/**
 * Every selector Jetway uses on x.com / twitter.com, as data: what each finds, and the
 * fixture pages (`tests/fixtures/…`, sanitized from saved real pages, or built by hand)
 * that prove it, with exactly how many elements it matches there. A table-driven test
 * (`__tests__/selector-proofs.test.ts`) checks every count, so when X changes its DOM this
 * file and the fixtures change together. Selectors proven only by hand-built pages carry a
 * dated TODO and sit behind a site-health canary (`X_PAGES`); `docs/sites.md` names the
 * public sources they were built from.
 */

/**
 * The `data-testid` values of the blocks Jetway reads. The adapter finds them all with one
 * `:is(…)` query per added subtree and sorts them by value: it touches only the blocks
 * (a content script pays for every element it touches), and `:is()` matches a list of
 * attribute selectors about twice as fast as the plain list (measured in Chromium on the
 * benchmark's timeline cells).
 */
export const X_TEST_ID = {
  userName: 'User-Name',
  userCell: 'UserCell',
  profileHeader: 'UserName',
  dmConversation: 'conversation',
  dmHeader: 'DM_Conversation_Header',
  hoverCard: 'HoverCard',
  notification: 'notification',
} as const;

const byTestId = <T extends string>(value: T) => `[data-testid="${value}"]` as const;

/** The test id of an X Article's read view, read by value where a selector would cost more (see `hasArticlePost`). */
export const ARTICLE_READ_VIEW_TEST_ID = 'twitterArticleReadView';

const BUILT = 'TODO(2026-11-24) prove with a capture of the real page';
/** X Articles (issue #23): built from two public saved pages, neither in the project. */
const BUILT_ARTICLE = `TODO(2026-12-04) prove with a sanitized capture of an X Article page`;

export const X_SELECTORS = {
  post: {
    selector: '[data-testid="tweet"]',
    finds: 'Posts: articles, and the div that wraps a media modal’s whole reply thread. The canary of timeline pages.',
    proof: [
      { fixture: 'x/x-folders/x-home.html', count: 10 },
      { fixture: 'x/x-folders/x-home-rich.html', count: 66 },
      { fixture: 'x/x-media-modal-replies-2024-11.html', count: 15 },
      { fixture: 'x/built/notifications.html', count: 1 },
    ],
  },
  cell: {
    selector: '[data-testid="cellInnerDiv"]',
    finds: 'One timeline cell (clone it to grow a timeline). A cell holding a post holds nothing else Jetway reads (people lists and notifications come in cells of their own). The content unit of every X canary.',
    proof: [
      { fixture: 'x/x-folders/x-home.html', count: 10 },
      { fixture: 'x/x-folders/x-home-rich.html', count: 66 },
      { fixture: 'x/x-folders/x-profile.html', count: 8 },
      { fixture: 'x/x-quote-cell-2025-10.html', count: 1 },
    ],
  },
  primaryColumn: {
    selector: '[data-testid="primaryColumn"]',
    finds: 'The main column of the app shell: the shell of the timeline and notification canaries.',
    proof: [
      { fixture: 'x/x-folders/x-home.html', count: 1 },
      { fixture: 'x/x-folders/x-bookmarks.html', count: 1 },
      { fixture: 'x/x-folders/x-profile.html', count: 1 },
      { fixture: 'x/x-folders/x-status-long.html', count: 1 },
    ],
  },
  main: {
    selector: 'main[role="main"]',
    finds: 'The main landmark of the app shell: the shell of the DM canary (the DM pages have no primary column of their own in the built page).',
    proof: [
      { fixture: 'x/x-folders/x-home.html', count: 1 },
      { fixture: 'x/built/dm.html', count: 1 },
    ],
  },
  userName: {
    selector: byTestId(X_TEST_ID.userName),
    finds: 'Author block: display-name link, `@handle` link and text (and, in 2024 layouts, the time).',
    proof: [
      { fixture: 'x/x-timeline-cell-2025-10.html', count: 1 },
      { fixture: 'x/x-status-cell-2024-10.html', count: 1 },
      { fixture: 'x/x-quote-cell-2025-10.html', count: 2 },
      { fixture: 'x/x-folders/x-home.html', count: 11 },
    ],
  },
  displayName: {
    selector: '[dir="ltr"]',
    finds: 'Display names and handles: `dir="ltr"` runs inside the author block; the badge goes after the first name run.',
    proof: [
      { fixture: 'x/x-timeline-cell-2025-10.html', within: 'userName', count: 3 },
      { fixture: 'x/x-folders/x-home.html', within: 'userName', count: 51 },
    ],
  },
  postAvatar: {
    selector: '[data-testid="Tweet-User-Avatar"]',
    finds: 'The post author’s avatar column (a quoted post has its own).',
    proof: [{ fixture: 'x/x-folders/x-home.html', count: 11 }],
  },
  avatarContainer: {
    selector: '[data-testid^="UserAvatar-Container-"]',
    finds: 'Avatar container whose test id ends in the handle; a quoted author has only this and `@handle` text.',
    proof: [
      { fixture: 'x/x-quote-cell-2025-10.html', count: 2 },
      { fixture: 'x/x-folders/x-home.html', count: 12 },
    ],
  },
  quote: {
    selector: 'div[role="link"]',
    finds: 'The quoted post inside a post: a div acting as a link.',
    proof: [
      { fixture: 'x/x-quote-cell-2025-10.html', within: 'post', count: 1 },
      { fixture: 'x/x-folders/x-bookmarks.html', within: 'post', count: 7 },
    ],
  },
  postText: {
    selector: '[data-testid="tweetText"]',
    finds: 'Post text (a post of media alone has none).',
    proof: [{ fixture: 'x/x-folders/x-home.html', count: 9 }],
  },
  time: {
    selector: 'time[datetime]',
    finds: 'Time of a post; the link around it is the permalink.',
    proof: [
      { fixture: 'x/x-timeline-cell-2025-10.html', count: 1 },
      { fixture: 'x/x-folders/x-home.html', count: 9 },
    ],
  },
  actionBar: {
    selector: '[role="group"]',
    finds: 'The action bar (reply, repost, like…), and the groups a card or a quote holds; `Hand off` goes in the post’s own, the last outside its quote.',
    proof: [{ fixture: 'x/x-folders/x-home.html', within: 'post', count: 11 }],
  },
  accountSwitcher: {
    selector: '[data-testid="SideNav_AccountSwitcher_Button"]',
    finds: 'The signed-in account in the left navigation: never a customer.',
    proof: [{ fixture: 'x/x-folders/x-home.html', count: 1 }],
  },
  navigation: {
    selector: 'header[role="banner"], nav, [data-testid="SideNav_AccountSwitcher_Button"]',
    finds: 'The navigation and its account switcher: nothing in it is a customer.',
    proof: [{ fixture: 'x/x-folders/x-home.html', count: 7 }],
  },
  userCell: {
    selector: byTestId(X_TEST_ID.userCell),
    finds: 'People lists (followers, following, search people, who to follow).',
    proof: [{ fixture: 'x/built/user-cells.html', count: 2 }],
    todo: BUILT,
  },
  profileHeader: {
    selector: byTestId(X_TEST_ID.profileHeader),
    finds: 'Profile header name block.',
    proof: [{ fixture: 'x/built/profile-header.html', count: 1 }],
    todo: BUILT,
  },
  notification: {
    selector: `article${byTestId(X_TEST_ID.notification)}`,
    finds: 'Notifications (likes, follows, reposts); mentions and replies there are ordinary posts. The canary of the notifications page.',
    proof: [{ fixture: 'x/built/notifications.html', count: 1 }],
    todo: BUILT,
  },
  dmConversation: {
    selector: byTestId(X_TEST_ID.dmConversation),
    finds: 'DM conversation list entries. The canary of the DM pages.',
    proof: [{ fixture: 'x/built/dm.html', count: 2 }],
    todo: `${BUILT} (X is moving DMs to /i/chat)`,
  },
  dmHeader: {
    selector: byTestId(X_TEST_ID.dmHeader),
    finds: 'DM thread header naming the other person.',
    proof: [{ fixture: 'x/built/dm.html', count: 1 }],
    todo: BUILT,
  },
  dmMessage: {
    selector: '[data-testid="messageEntry"]',
    finds: 'A message of the open DM thread: a content unit of the DM canary.',
    proof: [{ fixture: 'x/built/dm.html', count: 1 }],
    todo: BUILT,
  },
  hoverCard: {
    selector: byTestId(X_TEST_ID.hoverCard),
    finds: 'Hover card, rendered in `#layers`.',
    proof: [{ fixture: 'x/built/hover-card.html', count: 1 }],
    todo: BUILT,
  },
  focalPost: {
    selector: 'article[tabindex="-1"]:is([data-testid="tweet"], [data-testid="twitterArticleReadView"])',
    finds: 'The post a status page is about: X leaves that one article out of the tab order. A post or an Article’s read view; anything else there is a layout Jetway does not know. The canary of status pages.',
    proof: [
      { fixture: 'x/x-folders/x-status-long.html', count: 1 },
      { fixture: 'x/x-status-cell-2024-10.html', count: 1 },
      { fixture: 'x/x-folders/x-home.html', count: 0 },
      { fixture: 'x/built/x-article-status.html', count: 1 },
      { fixture: 'x/built/x-article-status-in-post.html', count: 1 },
    ],
  },
  focalColumn: {
    selector: '[data-testid="primaryColumn"]:has(article[tabindex="-1"])',
    finds: 'The main column while it shows the article a status page is about, whatever its layout: the shell of the status canary (a long thread scrolled far enough unmounts that article, and the page is then judged by its timeline canary alone).',
    proof: [
      { fixture: 'x/x-folders/x-status-long.html', count: 1 },
      { fixture: 'x/x-folders/x-home.html', count: 0 },
      { fixture: 'x/built/x-article-status.html', count: 1 },
    ],
  },
  articleReadView: {
    selector: byTestId(ARTICLE_READ_VIEW_TEST_ID),
    finds: 'An X Article’s read view (cover, title, author header, body). As an `article` it is the post itself (2026-03 layout); as a `div` it sits inside the post that carries the author block (2026-01 layout).',
    proof: [
      { fixture: 'x/built/x-article-status.html', count: 1 },
      { fixture: 'x/built/x-article-status-in-post.html', count: 1 },
      { fixture: 'x/built/x-article-page.html', count: 1 },
    ],
    todo: BUILT_ARTICLE,
  },
  articleTitle: {
    selector: '[data-testid="twitter-article-title"]',
    finds: 'An Article’s title: with its body, the text a transcript keeps of the Article.',
    proof: [{ fixture: 'x/built/x-article-status.html', within: 'articleReadView', count: 1 }],
    todo: BUILT_ARTICLE,
  },
  articleAuthor: {
    selector: '[data-testid="twitterArticleReadView"] [itemprop="author"]',
    finds: 'The author header of an Article that is its own post (a schema.org Person: avatar, display-name link, `@handle` link, time); there is no `User-Name` block.',
    proof: [
      { fixture: 'x/built/x-article-status.html', count: 1 },
      { fixture: 'x/built/x-article-page.html', count: 1 },
    ],
    todo: BUILT_ARTICLE,
  },
  articleAuthorCard: {
    selector: '[data-testid="twitterArticleReadView"] [data-testid="UserCell"]',
    finds: 'The author’s card X shows after an Article’s body: read as the Article’s author (the same person as its header, so one badge), never as a people list.',
    proof: [
      { fixture: 'x/built/x-article-status.html', count: 1 },
      { fixture: 'x/built/x-article-page.html', count: 1 },
    ],
    todo: BUILT_ARTICLE,
  },
  articleBody: {
    selector: '[data-testid="twitterArticleRichTextView"]',
    finds: 'An Article’s body (Draft.js blocks). Posts embedded here are posts of their own: they do not make the Article a wrapper of posts.',
    proof: [
      { fixture: 'x/built/x-article-status.html', within: 'articleReadView', count: 1 },
      { fixture: 'x/built/x-article-status-in-post.html', within: 'articleReadView', count: 1 },
    ],
    todo: BUILT_ARTICLE,
  },
  embeddedPost: {
    selector: '[data-testid="simpleTweet"]',
    finds: 'A post embedded in an Article’s body: the `tweet` article inside is the post (read as the post itself when X shows none).',
    proof: [
      { fixture: 'x/built/x-article-status.html', within: 'articleBody', count: 1 },
      { fixture: 'x/built/x-article-status-in-post.html', within: 'articleBody', count: 1 },
      { fixture: 'x/built/x-article-page.html', count: 1 },
    ],
    todo: BUILT_ARTICLE,
  },
} as const satisfies Record<string, SelectorEntry>;

const S = selectorsOf(X_SELECTORS);

export const X = {
  ...S,
  /** Every block Jetway reads, in one query (see X_TEST_ID), and an Article's author header. */
  blocks: `:is(${Object.values(X_TEST_ID).map(byTestId).join(', ')}, ${S.articleAuthor})`,
  /**
   * Whatever stands as one post: a post, a post embedded in an Article, and an Article that
   * is its own post (an `article`, as X renders every post; the `div` read view of the older
   * layout belongs to the post around it).
   */
  posts: `:is(${S.post}, ${S.embeddedPost}, article${S.articleReadView})`,
  /** A post or a quoted post, in one flat list (a nested `:is()` costs `closest()` more). */
  postOrQuote: `:is(${S.post}, ${S.embeddedPost}, article${S.articleReadView}, ${S.quote})`,
  /** Where a post names its author: the author block, an Article's header, or its author card. */
  authorBlocks: `:is(${S.userName}, ${S.articleAuthor}, ${S.articleAuthorCard})`,
  /** An avatar container's test id is this prefix and the handle. */
  avatarPrefix: 'UserAvatar-Container-',
} as const;

/** First path segments that are X's own pages, never a customer's handle. */
export const RESERVED_PATHS = new Set([
  'home', 'explore', 'notifications', 'messages', 'i', 'settings', 'search', 'compose', 'tos', 'privacy',
  'hashtag', 'login', 'logout', 'signup', 'jobs', 'premium', 'premium_sign_up', 'account', 'intent', 'share',
  'lists', 'communities', 'bookmarks', 'verified-choose', 'about', 'download', 'following', 'followers',
  'rules', 'help', 'topics', 'places', 'grok', 'chat', 'jf', 'analytics', 'ads', 'business', 'status',
]);

const PROFILE = `(?!(?:${[...RESERVED_PATHS].join('|')})(?:[/?]|$))[A-Za-z0-9_]{1,15}`;

/**
 * The canary of each kind of X page for site health (see `PageCanary`). Only pages where
 * Jetway must find something are listed: Explore, lists of lists or settings show no
 * posts and are never reported.
 */
export const X_PAGES: readonly PageCanary[] = [
  {
    // The post a status page is about must be a post or an Article Jetway reads: replies
    // around it (the timeline canary below) do not vouch for it. Judged while X shows it.
    page: 'status',
    path: new RegExp(`^/${PROFILE}/status/\\d+(?:/.*)?/?(?:\\?|$)`),
    shell: X.focalColumn,
    content: X.cell,
    canary: X.focalPost,
  },
  {
    page: 'dm',
    path: /^\/(?:messages|i\/chat)(?:[/?]|$)/,
    shell: X.main,
    content: `${X.cell}, ${X.dmMessage}`,
    canary: X.dmConversation,
  },
  {
    // The "All" and "Verified" tabs; the mentions tab is a timeline of posts.
    page: 'notifications',
    path: /^\/notifications(?:\/verified)?\/?(?:\?|$)/,
    shell: X.primaryColumn,
    content: X.cell,
    canary: X.notification,
    besides: X.post,
  },
  {
    // Home, bookmarks, list timelines, search, mentions, a profile's posts and a status page.
    page: 'timeline',
    path: new RegExp(
      `^/(?:home|i/bookmarks|i/lists/\\d+|search|notifications/mentions|${PROFILE}(?:/with_replies)?|${PROFILE}/status/\\d+(?:/.*)?)/?(?:\\?|$)`,
    ),
    shell: X.primaryColumn,
    content: X.cell,
    // An Article that is its own post (and no reply yet) is the page's post.
    canary: `${X.post}, ${X.articleReadView}`,
    // A people search or a who-to-follow module is a list of people, not a posts' layout.
    besides: `${X.userCell}, ${X.notification}`,
  },
];
