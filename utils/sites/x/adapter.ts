import type { SiteAdapter } from '@/utils/sites/types';
import { actionSlotOfPost, authorOfPost, innermostPosts, permalinkOfPost, postAround, transcriptForPost } from './posts';
import { findXSightings } from './sightings';

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
};
