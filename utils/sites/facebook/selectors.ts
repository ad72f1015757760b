/**
 * Every selector Jetway uses on facebook.com (and Meta Business Suite), each with the
 * fixture that proves it (`tests/fixtures/facebook/…`). aria-label text is localised, so
 * nothing here keys on English words. Selectors proven only by pages built from the known
 * structure say "built" and carry a dated TODO; the site-health check reports when they
 * stop matching.
 */
export const FB = {
  /** Posts and comments: the post holds its comments; a reply sits inside its comment or in the empty div right after it. Proof: facebook-post-comments-2025-06.html (post + 10 comments, each followed by its replies div); built/page-post-comments.html (nested replies) */
  article: '[role="article"]',
  /** The post author's name block; on a visitor post, the visitor comes first, then the Page. Proof: facebook-post-comments-2025-06.html; built/page-timeline-visitor-post.html (visitor ▶ Page) */
  profileName: '[data-ad-rendering-role="profile_name"]',
  /** The post text. Proof: facebook-post-comments-2025-06.html */
  storyMessage: '[data-ad-rendering-role="story_message"]',
  /** Links; people are read from profile links only (the avatar link repeats the name link). Proof: facebook-post-comments-2025-06.html */
  link: 'a[href]',
  /** Controls and chrome whose text is not the message: buttons, toolbars, hidden runs. Proof: facebook-post-comments-2025-06.html */
  notMessageText: '[role="button"], [role="toolbar"], [aria-hidden="true"], svg, h2, h3, ul',
  /** Meta Business Suite inbox: its pages live under this path (business.facebook.com and www.facebook.com). */
  inboxPath: /^\/latest\/inbox(\/|$)/,
  /** Inbox conversation list rows. Built 2026-11-24: built/business-suite-inbox.html — TODO(2026-11-24) prove with a capture. */
  inboxRow: '[role="grid"] [role="row"]',
  /** Inbox thread header, naming the customer with a link to their profile. Built 2026-11-24: built/business-suite-inbox.html — TODO(2026-11-24) prove with a capture. */
  inboxHeader: '[role="main"] [role="region"] [role="heading"]',
  /** Inbox open conversation: the region holding the thread header and the message log; `Hand off` goes in its header. Built 2026-11-24: built/business-suite-inbox.html — TODO(2026-11-24) prove with a capture. */
  inboxThread: '[role="main"] [role="region"]',
  /** Inbox messages, oldest first. Built 2026-12-01: built/business-suite-inbox.html — TODO(2026-12-01) prove with a capture. */
  inboxMessage: '[role="log"] [role="row"]',
  /** The sender's name opening a run of messages (later messages of the run have none). Built 2026-12-01: built/business-suite-inbox.html — TODO(2026-12-01) prove with a capture. */
  inboxSender: 'h2, h3, h4, h5, h6',
  /** A message's time. Built 2026-12-01: built/business-suite-inbox.html — TODO(2026-12-01) prove with a capture. */
  inboxTime: 'time[datetime]',
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
