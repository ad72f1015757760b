/**
 * Every selector Jetway uses on x.com / twitter.com, with the fixture that proves it
 * (`tests/fixtures/x/…`, sanitized from saved real pages). When X changes its DOM, this
 * file changes. Selectors proven only by pages built from the known structure (no public
 * capture) are marked "built"; they stay behind the site-health check.
 */
export const X = {
  /** Posts: articles, and the div wrapper of the media modal. Proof: x-folders/x-home.html, x-media-modal-replies-2024-11.html */
  post: '[data-testid="tweet"]',
  /** A timeline cell. Proof: x-folders/x-home.html */
  cell: '[data-testid="cellInnerDiv"]',
  /** Author block: display name link + `@handle`. Proof: x-timeline-cell-2025-10.html */
  userName: '[data-testid="User-Name"]',
  /** The display name inside an author block (the badge goes right after it). Proof: x-timeline-cell-2025-10.html */
  displayName: 'div[dir="ltr"]',
  /** Avatar container whose test id ends in the handle; quoted posts have only this. Proof: x-quote-cell-2025-10.html */
  avatarContainer: '[data-testid^="UserAvatar-Container-"]',
  avatarPrefix: 'UserAvatar-Container-',
  /** The quoted post inside a post (a div acting as a link). Proof: x-quote-cell-2025-10.html */
  quoteContainer: 'div[role="link"]',
  /** Post text. Proof: x-folders/x-home.html */
  postText: '[data-testid="tweetText"]',
  /** Time of a post; its parent link is the permalink. Proof: x-timeline-cell-2025-10.html */
  time: 'time[datetime]',
  /** The action bar (reply, repost, like…). Proof: x-folders/x-home.html */
  actionBar: '[role="group"]',
  /** People lists: followers, following, search people, who-to-follow, likes/reposts. Built (2026-11-24): tests/fixtures/x/built/user-cells.html — TODO replace with a capture. */
  userCell: '[data-testid="UserCell"]',
  /** Profile header name block. Built (2026-11-24): tests/fixtures/x/built/profile-header.html — TODO capture. */
  profileHeader: '[data-testid="UserName"]',
  /** Notifications. Built (2026-11-24): tests/fixtures/x/built/notifications.html — TODO capture. */
  notification: 'article[data-testid="notification"]',
  /** DM conversation list entries. Built (2026-11-24): tests/fixtures/x/built/dm.html — TODO capture. */
  dmConversation: '[data-testid="conversation"]',
  /** DM thread header. Built (2026-11-24): tests/fixtures/x/built/dm.html — TODO capture. */
  dmHeader: '[data-testid="DM_Conversation_Header"], [data-testid="dm-conversation-header"]',
  /** Hover card in #layers. Built (2026-11-24): tests/fixtures/x/built/hover-card.html — TODO capture. */
  hoverCard: '[data-testid="HoverCard"]',
  /** Anything Jetway or another extension injected: never read as the site's own. */
  foreign: '[data-jetway-badge], [data-jetway-action]',
} as const;

/** First path segments that are X's own pages, never a customer's handle. */
export const RESERVED_PATHS = new Set([
  'home', 'explore', 'notifications', 'messages', 'i', 'settings', 'search', 'compose', 'tos', 'privacy',
  'hashtag', 'login', 'logout', 'signup', 'jobs', 'premium', 'premium_sign_up', 'account', 'intent', 'share',
  'lists', 'communities', 'bookmarks', 'verified-choose', 'about', 'download', 'following', 'followers',
]);
