import { X_HANDLE } from '@/utils/contract/handles';
import { JETWAY_NODES, outsideJetwayNodes } from '@/utils/sites/dom';
import { RESERVED_PATHS, X } from './selectors';

const PROFILE_HREF = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/([A-Za-z0-9_]{1,15})\/?(?:[?#].*)?$/;
const AT_HANDLE = /^@([A-Za-z0-9_]{1,15})$/;
/** An avatar agreeing with a name is stronger evidence than one more link. */
const AVATAR_VOTES = 2;
/** A display-name run that is not one of Jetway's hosts, in one selector. */
const NAME_RUN = `${X.displayName}:not(${JETWAY_NODES})`;

/**
 * `/handle` or `https://x.com/handle` → `handle` (lower case). X's own pages (`/home`,
 * `/i/…`) and permalinks (`/handle/status/…`) are not author links → null.
 */
export function handleFromHref(href: string | null): string | null {
  if (!href) return null;
  const match = PROFILE_HREF.exec(href);
  if (!match) return null;
  const handle = match[1]!.toLowerCase();
  return RESERVED_PATHS.has(handle) || !X_HANDLE.test(handle) ? null : handle;
}

/** `@Handle` as the whole text of an element without child elements → `handle`. */
function handleFromAtText(element: Element): string | null {
  if (element.childElementCount > 0) return null;
  const match = AT_HANDLE.exec((element.textContent ?? '').trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** The handle an avatar container's test id ends in. */
export function handleFromAvatar(avatar: Element | null): string | null {
  const handle = avatar?.getAttribute('data-testid')?.slice(X.avatarPrefix.length).toLowerCase() ?? null;
  return handle && X_HANDLE.test(handle) ? handle : null;
}

/**
 * The one handle an author block names. X repeats it (display-name link, `@handle` link,
 * `@handle` text, and the avatar beside the block), so the handle with the most evidence
 * wins: a node another extension injects into the block brings one or two mentions, not
 * the author's three plus the avatar. Ties go to the first seen.
 */
function authorHandleIn(block: Element, avatar: Element | null): string | null {
  const votes = new Map<string, number>();
  const vote = (handle: string | null, weight = 1) => {
    if (handle) votes.set(handle, (votes.get(handle) ?? 0) + weight);
  };
  for (const element of outsideJetwayNodes(block, block.querySelectorAll('a[href], span'))) {
    if (element.tagName === 'A') vote(handleFromHref(element.getAttribute('href')));
    vote(handleFromAtText(element));
  }
  if (votes.size === 0) return null;
  const fromAvatar = handleFromAvatar(avatar);
  if (fromAvatar && votes.has(fromAvatar)) vote(fromAvatar, AVATAR_VOTES);
  let best: string | null = null;
  let bestVotes = 0;
  for (const [handle, count] of votes) {
    if (count > bestVotes) [best, bestVotes] = [handle, count];
  }
  return best;
}

/**
 * Where the badge goes: right after the display name, inside the author block, so it
 * sits on the name's line. The name is the first `dir="ltr"` run with text that is not
 * the `@handle`, looked for first inside the author's own profile link (nodes other
 * extensions add around it are not X's name), then anywhere in the block (quoted posts,
 * headers and DM entries have no link); the block itself when there is none.
 */
function displayNameAnchor(block: Element, handle: string): Element {
  const runs = outsideJetwayNodes(block, block.querySelectorAll(X.displayName));
  const inOwnLink = runs.filter((run) => {
    const link = run.closest('a[href]');
    return link !== null && block.contains(link) && handleFromHref(link.getAttribute('href')) === handle;
  });
  return nameRun(inOwnLink) ?? nameRun(runs.filter((run) => run.closest('a[href]') === null || !block.contains(run.closest('a[href]')))) ?? block;
}

/** The first run with text that is not an `@handle`; else the first run without text (an emoji-only name). */
function nameRun(runs: Element[]): Element | null {
  let empty: Element | null = null;
  for (const run of runs) {
    const text = (run.textContent ?? '').trim();
    if (text.startsWith('@')) continue;
    if (text) return run;
    empty ??= run;
  }
  return empty;
}

export interface AuthorRead {
  handle: string;
  /** Where the badge goes: the display name. */
  anchor: Element;
}

/**
 * The author of a block and where the badge goes. The usual block is read with a few
 * direct DOM reads (a content script pays for every element it touches):
 * - A block with links (a post's): the first link names the author, every other link is
 *   that person's too (their posts, photos), and the first run in the link to the profile
 *   holds the name. The avatar is not read: X's block holds its author's links alone, and
 *   a link to anyone else (another extension's) sends the block to the full count below.
 * - A block without links (a quoted post's): the avatar names the author, confirmed by
 *   the block's `@handle` run; the name is the first other run with text.
 * Anything else counts all the evidence, the avatar's included (`authorHandleIn`,
 * `displayNameAnchor`). `avatarOf` is asked at most once, and only when needed.
 *
 * A name run is never one of Jetway's hosts (`NAME_RUN`), but is not checked for sitting
 * inside one: the block is the page's own, and Jetway's hosts hold nothing in the light
 * DOM (everything is in their closed roots), so no walk to the root is needed per post.
 */
export function authorIn(block: Element, avatarOf: () => Element | null): AuthorRead | null {
  let avatar: Element | null | undefined;
  const avatarOnce = () => (avatar === undefined ? (avatar = avatarOf()) : avatar);
  const usual = usualAuthor(block, avatarOnce);
  if (usual) return usual;
  const handle = authorHandleIn(block, avatarOnce());
  return handle ? { handle, anchor: displayNameAnchor(block, handle) } : null;
}

function usualAuthor(block: Element, avatarOf: () => Element | null): AuthorRead | null {
  let profile: string | null = null;
  let own: Element | null = null;
  for (const link of block.getElementsByTagName('a')) {
    const raw = link.getAttribute('href');
    if (raw === null) continue;
    const href = raw.toLowerCase();
    if (profile === null) {
      // The first link is the author's own: X lists the display name first.
      const handle = handleFromHref(raw);
      if (handle === null) return null;
      profile = `/${handle}`;
    }
    if (href === profile) own ??= link;
    else if (!href.startsWith(profile) || href.charCodeAt(profile.length) !== 47 /* '/' */) return null;
  }
  if (profile === null) return unlinkedAuthor(block, handleFromAvatar(avatarOf()));
  const run = own && (own.querySelector(NAME_RUN) ?? (own.matches(NAME_RUN) ? own : null));
  const text = (run?.textContent ?? '').trim();
  return run && text && !text.startsWith('@') ? { handle: profile.slice(1), anchor: run } : null;
}

/**
 * A block without links (a quoted post): every `@` run names the avatar's handle, at least
 * one does, and the first run with other text is the name. Anything else: null.
 */
function unlinkedAuthor(block: Element, handle: string | null): AuthorRead | null {
  if (handle === null) return null;
  const atHandle = `@${handle}`;
  let name: Element | null = null;
  let confirmed = false;
  for (const run of block.querySelectorAll(NAME_RUN)) {
    const text = (run.textContent ?? '').trim();
    if (text.startsWith('@')) {
      if (text.toLowerCase() !== atHandle) return null;
      confirmed = true;
    } else if (text && name === null) {
      name = run;
    }
  }
  return confirmed && name ? { handle, anchor: name } : null;
}
