import { documentOf, isElement, isJetwayNode, queryAllIncludingRoot } from '@/utils/sites/dom';
import type { HandleSighting, SightingKind } from '@/utils/sites/types';
import { authorIn, handleFromAvatar, handleFromHref } from './handles';
import { avatarFor, cellHasArticlePost, postAndQuoteOf } from './posts';
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

/**
 * Author blocks, person blocks and notifications in `root`, in page order, from one query
 * (a post cell is searched for author blocks alone, see `findXSightings`). An Article's
 * header and its author card name its author: they are author blocks.
 */
function blocksIn(root: ParentNode): Blocks {
  const blocks: Blocks = { authors: [], people: [], notifications: [] };
  for (const element of queryAllIncludingRoot(root, X.blocks)) {
    const id = element.getAttribute('data-testid') ?? '';
    if (id === X_TEST_ID.userName) blocks.authors.push(element);
    else if (id === X_TEST_ID.notification) {
      if (element.matches(X.notification)) blocks.notifications.push(element);
    } else if (element.matches(X.articleAuthor) || (id === X_TEST_ID.userCell && element.matches(X.articleAuthorCard))) {
      blocks.authors.push(element);
    } else {
      const kind = PERSON_KINDS.get(id);
      if (kind) blocks.people.push([element, kind]);
    }
  }
  return blocks;
}

interface AgentRead {
  switcher: Element | null;
  handle: string | null;
  readAt: number;
  /** Read (or checked) earlier in the current task. */
  sameTask: boolean;
}

const agents = new WeakMap<Document, AgentRead>();
/** How long the agent's own handle is reused: a busy timeline adds many subtrees a second. */
const AGENT_READ_MS = 1_000;

/**
 * The agent's own account, from the account switcher: never a customer. Read again at
 * most once a second (the agent can switch accounts; a page without a switcher is not
 * searched on every added subtree), and at once when the switcher left the page.
 */
export function signedInHandle(doc: Document): string | null {
  const known = agents.get(doc);
  // Within one task (the subtrees of one batch) the page has not changed: no need to ask again.
  if (known && known.sameTask) return known.handle;
  const now = Date.now();
  if (known && now - known.readAt < AGENT_READ_MS && (known.switcher === null || known.switcher.isConnected)) {
    holdForTask(known);
    return known.handle;
  }
  const switcher = known?.switcher?.isConnected ? known.switcher : doc.querySelector(X.accountSwitcher);
  const handle = handleFromAvatar(switcher?.querySelector(X.avatarContainer) ?? null);
  const read: AgentRead = { switcher, handle, readAt: now, sameTask: false };
  agents.set(doc, read);
  holdForTask(read);
  return handle;
}

/** Keeps a read for the rest of the current task: it is checked again from the next one on. */
function holdForTask(read: AgentRead): void {
  read.sameTask = true;
  queueMicrotask(() => {
    read.sameTask = false;
  });
}

function inNavigation(element: Element): boolean {
  return element.closest(X.navigation) !== null;
}

/**
 * Post and quoted-post authors, appended to `out`: one sighting per author per post (an
 * Article's header and its author card name one person: one badge, on the first), none
 * for `agent`. An author block inside a post is never the navigation's account block, and
 * Jetway's hosts hold nothing in the light DOM, so neither ancestor walk is needed here.
 * Returns false when a block sits in no post (the caller then reads the root in full).
 *
 * This runs for every post infinite scroll adds, so it allocates little and walks only
 * up to the post (`postAndQuoteOf`).
 */
function sightingsInPosts(authors: Iterable<Element>, agent: string | null, out: HandleSighting[]): boolean {
  let allInPosts = true;
  const start = out.length;
  for (const block of authors) {
    const found = postAndQuoteOf(block);
    if (!found) {
      allInPosts = false;
      continue;
    }
    const { post, quote } = found;
    const author = authorIn(block, () => avatarFor(block, post, quote));
    if (!author || author.handle === agent) continue;
    const kind: SightingKind = quote ? 'quoted-author' : 'post-author';
    if (alreadySeen(out, start, post, kind, author.handle)) continue;
    out.push({ identity: { network: 'x', handle: author.handle }, kind, anchor: author.anchor, post });
  }
  return allInPosts;
}

/** Whether `out` (from `start`) already has this author of this kind in this post: a scan, not a map, since a cell holds one or two. */
function alreadySeen(out: HandleSighting[], start: number, post: Element, kind: SightingKind, handle: string): boolean {
  for (let i = start; i < out.length; i++) {
    const sighting = out[i]!;
    if (sighting.post === post && sighting.kind === kind && sighting.identity.handle === handle) return true;
  }
  return false;
}

export function sightingsInPersonBlock(block: Element, kind: SightingKind): HandleSighting[] {
  if (isJetwayNode(block) || inNavigation(block) || block.closest(X.posts)) return [];
  const author = authorIn(block, () => block.querySelector(X.avatarContainer));
  return author ? [{ identity: { network: 'x', handle: author.handle }, kind, anchor: author.anchor, post: null }] : [];
}

/** Notifications name one or more people by their avatar links; each badge follows the avatar. */
export function sightingsInNotification(notification: Element): HandleSighting[] {
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

/**
 * Every handle sighting in `root`, the agent's own account left out. A timeline cell (what
 * infinite scroll adds) is read with one narrow query for author blocks; a cell holding a
 * post holds nothing else Jetway reads (see X.cell), and a post in the older Article layout
 * names its author in its `User-Name` block. Anything else, or a cell whose blocks
 * are not all in posts (a people list), is read with the full query.
 */
export function findXSightings(root: ParentNode): HandleSighting[] {
  const doc = documentOf(root);
  const agent = doc ? signedInHandle(doc) : null;
  const sightings: HandleSighting[] = [];
  // A cell holding an Article that is its own post has author blocks of other kinds (its
  // header, its author card): it is read with the full query.
  if (isElement(root) && root.matches(X.cell) && !cellHasArticlePost(root)) {
    const authors = root.querySelectorAll(X.userName);
    if (authors.length > 0 && sightingsInPosts(authors, agent, sightings)) return sightings;
    sightings.length = 0;
  }
  const { authors, people, notifications } = blocksIn(root);
  sightingsInPosts(authors, agent, sightings);
  const add = (found: HandleSighting[]) => {
    for (const sighting of found) if (sighting.identity.handle !== agent) sightings.push(sighting);
  };
  for (const [block, kind] of people) add(sightingsInPersonBlock(block, kind));
  for (const notification of notifications) add(sightingsInNotification(notification));
  return sightings;
}
