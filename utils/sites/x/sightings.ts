import { documentOf, isElement, isJetwayNode, queryAllIncludingRoot } from '@/utils/sites/dom';
import type { HandleSighting, SightingKind } from '@/utils/sites/types';
import { authorIn, handleFromAvatar, handleFromHref } from './handles';
import { avatarFor, quoteAround } from './posts';
import { X, X_TEST_ID } from './selectors';

/** Blocks that show one person each, outside posts, by their test id. */
const PERSON_KINDS: ReadonlyMap<string, SightingKind> = new Map([
  [X_TEST_ID.userCell, 'user-cell'],
  [X_TEST_ID.profileHeader, 'profile-header'],
  [X_TEST_ID.dmConversation, 'dm-list'],
  [X_TEST_ID.dmHeader, 'dm-header'],
  [X_TEST_ID.hoverCard, 'hover-card'],
]);

interface Blocks {
  authors: Element[];
  people: Array<[block: Element, kind: SightingKind]>;
  notifications: Element[];
}

/** A timeline cell with a post: only author blocks to read (see X.cell). */
function isPostCell(root: ParentNode): boolean {
  return isElement(root) && root.matches(X.cell) && root.querySelector(X.post) !== null;
}

/**
 * Author blocks, person blocks and notifications in `root`, in page order, from one query;
 * a post's cell (what infinite scroll adds) is searched for author blocks alone.
 */
function blocksIn(root: ParentNode): Blocks {
  const blocks: Blocks = { authors: [], people: [], notifications: [] };
  for (const element of queryAllIncludingRoot(root, isPostCell(root) ? X.userName : X.blocks)) {
    const id = element.getAttribute('data-testid') ?? '';
    if (id === X_TEST_ID.userName) blocks.authors.push(element);
    else if (id === X_TEST_ID.notification) {
      if (element.matches(X.notification)) blocks.notifications.push(element);
    } else {
      const kind = PERSON_KINDS.get(id);
      if (kind) blocks.people.push([element, kind]);
    }
  }
  return blocks;
}

const agents = new WeakMap<Document, { switcher: Element | null; handle: string | null; readAt: number }>();
/** How long the agent's own handle is reused: a busy timeline adds many subtrees a second. */
const AGENT_READ_MS = 1_000;

/**
 * The agent's own account, from the account switcher: never a customer. Read again at
 * most once a second (the agent can switch accounts; a page without a switcher is not
 * searched on every added subtree), and at once when the switcher left the page.
 */
export function signedInHandle(doc: Document): string | null {
  const known = agents.get(doc);
  const now = Date.now();
  if (known && now - known.readAt < AGENT_READ_MS && (known.switcher === null || known.switcher.isConnected)) return known.handle;
  const switcher = known?.switcher?.isConnected ? known.switcher : doc.querySelector(X.accountSwitcher);
  const handle = handleFromAvatar(switcher?.querySelector(X.avatarContainer) ?? null);
  agents.set(doc, { switcher, handle, readAt: now });
  return handle;
}

function inNavigation(element: Element): boolean {
  return element.closest(X.navigation) !== null;
}

/**
 * Post and quoted-post authors: one sighting per author per post. An author block inside
 * a post is never the navigation's account block, and Jetway's hosts hold nothing in the
 * light DOM, so neither ancestor walk is needed on the hot path.
 */
function sightingsInPosts(authors: Element[]): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  const seenPerPost = new Map<Element, Set<string>>();
  for (const block of authors) {
    const post = block.closest(X.post);
    if (!post) continue;
    const quote = quoteAround(block, post);
    const author = authorIn(block, avatarFor(block, post, quote));
    if (!author) continue;
    const kind: SightingKind = quote ? 'quoted-author' : 'post-author';
    const seen = seenPerPost.get(post) ?? new Set<string>();
    seenPerPost.set(post, seen);
    if (seen.has(`${kind}:${author.handle}`)) continue;
    seen.add(`${kind}:${author.handle}`);
    sightings.push({ identity: { network: 'x', handle: author.handle }, kind, anchor: author.anchor, post });
  }
  return sightings;
}

function sightingsInPersonBlock(block: Element, kind: SightingKind): HandleSighting[] {
  if (isJetwayNode(block) || inNavigation(block) || block.closest(X.post)) return [];
  const author = authorIn(block, block.querySelector(X.avatarContainer));
  return author ? [{ identity: { network: 'x', handle: author.handle }, kind, anchor: author.anchor, post: null }] : [];
}

/** Notifications name one or more people by their avatar links; each badge follows the avatar. */
function sightingsInNotification(notification: Element): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  const seen = new Set<string>();
  for (const link of notification.querySelectorAll('a[href]')) {
    const handle = handleFromHref(link.getAttribute('href'));
    if (!handle || seen.has(handle) || isJetwayNode(link)) continue;
    seen.add(handle);
    sightings.push({ identity: { network: 'x', handle }, kind: 'notification', anchor: link, post: null });
  }
  return sightings;
}

export function findXSightings(root: ParentNode): HandleSighting[] {
  const doc = documentOf(root);
  const agent = doc ? signedInHandle(doc) : null;
  const { authors, people, notifications } = blocksIn(root);
  return [
    ...sightingsInPosts(authors),
    ...people.flatMap(([block, kind]) => sightingsInPersonBlock(block, kind)),
    ...notifications.flatMap(sightingsInNotification),
  ].filter(
    (sighting) => sighting.identity.handle !== agent,
  );
}
