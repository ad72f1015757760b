/**
 * Every selector Jetway uses on x.com / twitter.com, each with the fixture that proves it
 * (`tests/fixtures/x/…`, sanitized from saved real pages). When X changes its DOM, this
 * file changes. Selectors proven only by pages built from the known structure (no public
 * capture) say "built" and carry a dated TODO; the site-health check reports when they stop
 * matching.
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

const byTestId = (value: string) => `[data-testid="${value}"]`;

export const X = {
  /** Every block Jetway reads, in one query (see X_TEST_ID). */
  blocks: `:is(${Object.values(X_TEST_ID).map(byTestId).join(', ')})`,
  /** Posts: articles, and the div that wraps a media modal's whole reply thread. Proof: x-folders/x-home.html; x-media-modal-replies-2024-11.html (div wrapper) */
  post: '[data-testid="tweet"]',
  /** One timeline cell (clone it to grow a timeline). A cell holding a post holds nothing else Jetway reads (people lists and notifications come in cells of their own). Proof: x-folders/x-home.html, x-folders/x-home-rich.html (promoted and who-to-follow cells), x-timeline-cell-2025-10.html */
  cell: '[data-testid="cellInnerDiv"]',
  /** Author block: display-name link, `@handle` link and text (and, in 2024 layouts, the time). Proof: x-timeline-cell-2025-10.html, x-status-cell-2024-10.html */
  userName: byTestId(X_TEST_ID.userName),
  /** Display names and handles are `dir="ltr"` runs inside the author block; the badge goes after the first. Proof: x-timeline-cell-2025-10.html */
  displayName: '[dir="ltr"]',
  /** The post author's avatar column. Proof: x-folders/x-home.html */
  postAvatar: '[data-testid="Tweet-User-Avatar"]',
  /** Avatar container whose test id ends in the handle; a quoted author has only this and `@handle` text. Proof: x-quote-cell-2025-10.html */
  avatarContainer: '[data-testid^="UserAvatar-Container-"]',
  avatarPrefix: 'UserAvatar-Container-',
  /** The quoted post inside a post: a div acting as a link. Proof: x-quote-cell-2025-10.html, x-folders/x-bookmarks.html */
  quote: 'div[role="link"]',
  /** Post text. Proof: x-folders/x-home.html */
  postText: '[data-testid="tweetText"]',
  /** Time of a post; the link around it is the permalink. Proof: x-timeline-cell-2025-10.html */
  time: 'time[datetime]',
  /** The action bar (reply, repost, like…). Proof: x-folders/x-home.html */
  actionBar: '[role="group"]',
  /** The signed-in account: left navigation and its account switcher, never a customer. Proof: x-folders/x-home.html */
  accountSwitcher: '[data-testid="SideNav_AccountSwitcher_Button"]',
  navigation: 'header[role="banner"], nav, [data-testid="SideNav_AccountSwitcher_Button"]',
  /** People lists (followers, following, search people, who to follow). Built 2026-11-24: built/user-cells.html — TODO(2026-11-24) prove with a capture. */
  userCell: byTestId(X_TEST_ID.userCell),
  /** Profile header name block. Built 2026-11-24: built/profile-header.html — TODO(2026-11-24) prove with a capture. */
  profileHeader: byTestId(X_TEST_ID.profileHeader),
  /** Notifications (likes, follows, reposts); mentions and replies there are ordinary posts. Built 2026-11-24: built/notifications.html — TODO(2026-11-24) prove with a capture. */
  notification: `article${byTestId(X_TEST_ID.notification)}`,
  /** DM conversation list entries. Built 2026-11-24: built/dm.html — TODO(2026-11-24) prove with a capture (X is moving DMs to /i/chat). */
  dmConversation: byTestId(X_TEST_ID.dmConversation),
  /** DM thread header. Built 2026-11-24: built/dm.html — TODO(2026-11-24) prove with a capture. */
  dmHeader: byTestId(X_TEST_ID.dmHeader),
  /** Hover card, rendered in `#layers`. Built 2026-11-24: built/hover-card.html — TODO(2026-11-24) prove with a capture. */
  hoverCard: byTestId(X_TEST_ID.hoverCard),
} as const;

/** First path segments that are X's own pages, never a customer's handle. */
export const RESERVED_PATHS = new Set([
  'home', 'explore', 'notifications', 'messages', 'i', 'settings', 'search', 'compose', 'tos', 'privacy',
  'hashtag', 'login', 'logout', 'signup', 'jobs', 'premium', 'premium_sign_up', 'account', 'intent', 'share',
  'lists', 'communities', 'bookmarks', 'verified-choose', 'about', 'download', 'following', 'followers',
  'rules', 'help', 'topics', 'places', 'grok', 'chat', 'jf', 'analytics', 'ads', 'business', 'status',
]);
