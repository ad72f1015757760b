import { documentOf } from '@/utils/sites/dom';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';
import { articlesIn, authorLinkOf, isComment } from './articles';
import { inboxSightings } from './inbox';
import { permalinkOfArticle, transcriptForArticle } from './transcript';


/** Post authors, commenters and repliers: one sighting per article (the avatar link repeats the name's). */
function articleSightings(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const article of articlesIn(root)) {
    const author = authorLinkOf(article);
    if (!author) continue;
    sightings.push({ identity: author.identity, kind: isComment(article) ? 'comment-author' : 'post-author', anchor: author.link, post: article });
  }
  return sightings;
}

/** Jetway's reader of facebook.com and Meta Business Suite pages. Selectors: `./selectors.ts`. */
export const facebookAdapter: SiteAdapter = {
  site: 'facebook',
  findSightings: (root) => [...articleSightings(root), ...inboxSightings(root, documentOf(root))],
  findPosts: articlesIn,
  authorOf: (article) => authorLinkOf(article)?.identity ?? null,
  permalinkOf: permalinkOfArticle,
  transcriptFor: transcriptForArticle,
  health(root) {
    const articles = articlesIn(root);
    return { posts: articles.length, postsWithHandle: articles.filter((article) => authorLinkOf(article) !== null).length };
  },
};
