import { documentOf, isJetwayNode, queryAllIncludingRoot } from '@/utils/sites/dom';
import type { HandleSighting, SightingKind } from '@/utils/sites/types';
import { authorHandleIn, displayNameAnchor, handleFromAvatar, handleFromHref } from './handles';
import { avatarFor, quoteAround } from './posts';
import { X } from './selectors';

/** Blocks that show one person each, outside posts. */
const PERSON_BLOCKS: ReadonlyArray<readonly [selector: string, kind: SightingKind]> = [
  [X.userCell, 'user-cell'],
  [X.profileHeader, 'profile-header'],
  [X.dmConversation, 'dm-list'],
  [X.dmHeader, 'dm-header'],
  [X.hoverCard, 'hover-card'],
];

const switchers = new WeakMap<Document, Element>();

/**
 * The agent's own account, from the account switcher: never a customer. The switcher is
 * found once per page and its avatar read each time (the agent can switch accounts).
 */
export function signedInHandle(doc: Document): string | null {
  let switcher = switchers.get(doc);
  if (!switcher?.isConnected) {
    switcher = doc.querySelector(X.accountSwitcher) ?? undefined;
    if (switcher) switchers.set(doc, switcher);
  }
  return handleFromAvatar(switcher?.querySelector(X.avatarContainer) ?? null);
}

function inNavigation(element: Element): boolean {
  return element.closest(X.navigation) !== null;
}

/** Post and quoted-post authors: one sighting per author per post. */
function sightingsInPosts(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  const seenPerPost = new Map<Element, Set<string>>();
  for (const block of queryAllIncludingRoot(root, X.userName)) {
    if (isJetwayNode(block) || inNavigation(block)) continue;
    const post = block.closest(X.post);
    if (!post) continue;
    const handle = authorHandleIn(block, avatarFor(block, post));
    if (!handle) continue;
    const kind: SightingKind = quoteAround(block, post) ? 'quoted-author' : 'post-author';
    const seen = seenPerPost.get(post) ?? new Set<string>();
    seenPerPost.set(post, seen);
    if (seen.has(`${kind}:${handle}`)) continue;
    seen.add(`${kind}:${handle}`);
    sightings.push({ identity: { network: 'x', handle }, kind, anchor: displayNameAnchor(block, handle), post });
  }
  return sightings;
}

function sightingsInPersonBlocks(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const [selector, kind] of PERSON_BLOCKS) {
    for (const block of queryAllIncludingRoot(root, selector)) {
      if (isJetwayNode(block) || inNavigation(block) || block.closest(X.post)) continue;
      const handle = authorHandleIn(block, block.querySelector(X.avatarContainer));
      if (!handle) continue;
      sightings.push({ identity: { network: 'x', handle }, kind, anchor: displayNameAnchor(block, handle), post: null });
    }
  }
  return sightings;
}

/** Notifications name one or more people by their avatar links; each badge follows the avatar. */
function sightingsInNotifications(root: ParentNode): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const notification of queryAllIncludingRoot(root, X.notification)) {
    const seen = new Set<string>();
    for (const link of notification.querySelectorAll('a[href]')) {
      const handle = handleFromHref(link.getAttribute('href'));
      if (!handle || seen.has(handle) || isJetwayNode(link)) continue;
      seen.add(handle);
      sightings.push({ identity: { network: 'x', handle }, kind: 'notification', anchor: link, post: null });
    }
  }
  return sightings;
}

export function findXSightings(root: ParentNode): HandleSighting[] {
  const doc = documentOf(root);
  const agent = doc ? signedInHandle(doc) : null;
  return [...sightingsInPosts(root), ...sightingsInPersonBlocks(root), ...sightingsInNotifications(root)].filter(
    (sighting) => sighting.identity.handle !== agent,
  );
}
