/**
 * Every selector Jetway uses on facebook.com, with the fixture that proves it
 * (`tests/fixtures/facebook/…`, sanitized from a saved real page). aria-label text is
 * localised, so nothing here keys on English words.
 */
export const FB = {
  /** Posts and comments (comments nest inside the post). Proof: facebook-post-comments-2025-06.html */
  article: '[role="article"]',
  /** The post author's name block. Proof: facebook-post-comments-2025-06.html */
  profileName: '[data-ad-rendering-role="profile_name"]',
  /** The post text. Proof: facebook-post-comments-2025-06.html */
  storyMessage: '[data-ad-rendering-role="story_message"]',
  /** Profile links (the avatar link repeats the name link's href). Proof: facebook-post-comments-2025-06.html */
  link: 'a[href]',
  /** Anything Jetway injected. */
  foreign: '[data-jetway-badge], [data-jetway-action]',
} as const;

/** First path segments that are Facebook's own pages, never a person. */
export const RESERVED_PATHS = new Set([
  'groups', 'pages', 'photo', 'photo.php', 'photos', 'watch', 'hashtag', 'events', 'story.php', 'permalink.php',
  'sharer', 'sharer.php', 'l.php', 'reel', 'reels', 'stories', 'friends', 'marketplace', 'gaming', 'messages',
  'notifications', 'bookmarks', 'ads', 'privacy', 'policies', 'help', 'login', 'login.php', 'business', 'latest',
  'videos', 'media', 'ufi', 'reactions', 'share', 'home.php', 'search', 'settings', 'saved', 'live', 'fundraisers',
  'profile.php', 'people', 'latest_posts', 'composer', 'checkpoint', 'dialog', 'plugins', 'legal', 'terms',
]);
