import { pageHealthOf } from '@/utils/sites/dom';
import type { SiteAdapter } from '@/utils/sites/types';
import { actionSlotOfPost, authorOfPost, innermostPosts, permalinkOfPost, postAround, transcriptForPost } from './posts';
import { X_PAGES } from './selectors';
import { findXSightings, sightingsInNotification, sightingsInPersonBlock } from './sightings';

/**
 * Whether Jetway still reads a handle in a canary item, for the page kinds whose items the
 * scanner's post count never sees (DM entries, notifications). Timeline posts are counted
 * as they are added (`health`).
 */
const CANARY_READERS: Readonly<Record<string, (item: Element) => boolean>> = {
  dm: (entry) => sightingsInPersonBlock(entry, 'dm-list').length > 0,
  notifications: (notification) => sightingsInNotification(notification).length > 0,
};

export { handleFromHref } from './handles';

/** Jetway's reader of x.com / twitter.com pages. Selectors: `./selectors.ts`. */
export const xAdapter: SiteAdapter = {
  site: 'x',
  findSightings: findXSightings,
  findPosts: innermostPosts,
  postAt: postAround,
  authorOf: authorOfPost,
  permalinkOf: permalinkOfPost,
  transcriptFor: transcriptForPost,
  actionSlotOf: actionSlotOfPost,
  health(root) {
    const posts = innermostPosts(root);
    return { posts: posts.length, postsWithHandle: posts.filter((post) => authorOfPost(post) !== null).length };
  },
  pageHealth: (doc) => pageHealthOf(doc, X_PAGES, (page) => CANARY_READERS[page] ?? null),
};
