import { documentOf, pageHealthOf } from '@/utils/sites/dom';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';
import { articleAround, articlesIn, authorLinkOf, isComment } from './articles';
import { actionSlotOfThread, customerOfThread, inboxSightings, inboxThreadAround, inboxThreadsIn, isInboxThread, permalinkOfThread, transcriptForThread } from './inbox';
import { FB_PAGES } from './selectors';
import { permalinkOfArticle, transcriptForArticle } from './transcript';

/** Post authors, commenters and repliers: one sighting per article (the avatar link repeats the name's). */
function articleSightings(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const article of articlesIn(root)) {
    // Asked once: it walks up the page, and the author's reading needs it too.
    const comment = isComment(article);
    const author = authorLinkOf(article, comment);
    if (!author) continue;
    sightings.push({ identity: author.identity, kind: comment ? 'comment-author' : 'post-author', anchor: author.link, post: article });
  }
  return sightings;
}

/** Posts and comments on Pages, and the open conversation of the Business Suite inbox. */
function postsIn(root: ParentNode): Element[] {
  return [...articlesIn(root), ...inboxThreadsIn(root, documentOf(root))];
}

/** Jetway's reader of facebook.com and Meta Business Suite pages. Selectors: `./selectors.ts`. */
export const facebookAdapter: SiteAdapter = {
  site: 'facebook',
  findSightings: (root) => [...articleSightings(root), ...inboxSightings(root, documentOf(root))],
  findPosts: postsIn,
  postAt: (element) => articleAround(element) ?? inboxThreadAround(element),
  authorOf: (post) => (isInboxThread(post) ? customerOfThread(post) : (authorLinkOf(post)?.identity ?? null)),
  permalinkOf: (post) => (isInboxThread(post) ? permalinkOfThread(post) : permalinkOfArticle(post)),
  transcriptFor: (post) => (isInboxThread(post) ? transcriptForThread(post) : transcriptForArticle(post)),
  actionSlotOf: (post) => (isInboxThread(post) ? actionSlotOfThread(post) : null),
  health(root) {
    const posts = postsIn(root);
    return { posts: posts.length, postsWithHandle: posts.filter((post) => facebookAdapter.authorOf(post) !== null).length };
  },
  // The canary alone: inbox rows of Instagram conversations name nobody on Facebook, so a
  // row without a readable person is no sign of a changed layout; open conversations and
  // articles are counted as they are added (`health`).
  pageHealth: (doc) => pageHealthOf(doc, FB_PAGES, () => null),
};
