import type { Identity, TranscriptEntry } from '@/utils/contract';

export type SightingKind =
  | 'post-author'
  | 'quoted-author'
  | 'user-cell'
  | 'profile-header'
  | 'notification'
  | 'dm-list'
  | 'dm-header'
  | 'hover-card'
  | 'comment-author'
  | 'inbox-list'
  | 'inbox-header';

/** A customer's handle seen on the page, and where its badge goes. */
export interface HandleSighting {
  identity: Identity;
  kind: SightingKind;
  /** The badge host is inserted right after this element. */
  anchor: Element;
  /** The post, comment or message the handle belongs to (for Hand off), if any. */
  post: Element | null;
}

/** Counts for site health: posts on screen, and how many had a readable author handle. */
export interface SiteHealthCount {
  posts: number;
  postsWithHandle: number;
}

/**
 * Everything Jetway reads from one site's DOM. Implementations take the DOM they read
 * (never the global `document`) and do no layout reads (no getBoundingClientRect,
 * offset*, getComputedStyle): only queries, attributes and text. Nothing read is ever
 * parsed as HTML or evaluated.
 */
export interface SiteAdapter {
  site: 'x' | 'facebook';
  /** Sightings inside `root`, `root` itself included; one per author per post. */
  findSightings(root: ParentNode): HandleSighting[];
  /** Posts, comments and conversations inside `root` (each can be handed off). */
  findPosts(root: ParentNode): Element[];
  /** The post, comment or conversation an element sits in (where the pointer or focus is), if any. */
  postAt(element: Element): Element | null;
  /** The post and the visible thread around it, oldest first, capped (50 entries of ≤ 4,000 characters). */
  transcriptFor(post: Element): TranscriptEntry[];
  /** The customer who wrote a post. */
  authorOf(post: Element): Identity | null;
  /** The absolute permalink of the post itself (not of the thread's last entry), if the page shows one. */
  permalinkOf?(post: Element): string | null;
  /** Where a post's `Hand off` button goes (appended); the post itself when null. */
  actionSlotOf?(post: Element): Element | null;
  /** Posts in `root` and how many of them had a readable author handle. */
  health(root: ParentNode): SiteHealthCount;
  /**
   * The page as a whole, through the canary of its kind (see `PageCanary`): when the
   * site's shell shows content but the canary finds nothing, the content units it shows
   * come back as posts without a handle, so the background's "layout changed" rule fires
   * instead of site health falling silent.
   */
  pageHealth?(doc: Document): PageHealth;
}

/** Site health of a whole page, through the canary of its kind. */
export interface PageHealth extends SiteHealthCount {
  /**
   * `missing`: the shell shows content units and the canary finds none; the counts are the
   * units, none with a handle, and they are the whole report (a reader still working
   * elsewhere on the page must not hide it). `found`: the counts are a sample of canary
   * items read for their handle (none when the page kind has no reader). `not-judged`: no
   * canary for this page, or no shell or content on it; the counts are zero.
   */
  canary: 'found' | 'missing' | 'not-judged';
}

/** A saved page that proves a selector, and exactly how many elements it matches there. */
export interface SelectorProof {
  /** Path under `tests/fixtures/`; under a `built/` folder means built by hand, else derived from a real capture. */
  fixture: string;
  count: number;
  /** Count only inside the elements of this other entry of the same module (a selector read inside a block). */
  within?: string;
}

/** One selector of a site, what it finds, and the pages that prove it. */
export interface SelectorEntry {
  selector: string;
  finds: string;
  proof: readonly SelectorProof[];
  /**
   * Required when every proof is a hand-built page: `TODO(yyyy-mm-dd) …`, the date the
   * selector was built, until a capture of the real page proves it. `docs/sites.md` names
   * the public sources the markup was built from.
   */
  todo?: string;
}

/**
 * How site health tells that a kind of page still looks as Jetway expects. On pages whose
 * path matches, when the site's shell (a stable outer landmark) holds content units but
 * not one canary, the layout changed. Every selector here is an entry of the site's
 * selector table, proven like the others.
 */
export interface PageCanary {
  page: string;
  /** Tested against the path and query (`/search?q=…`); every canary that matches applies (see `pageHealthOf`). */
  path: RegExp;
  /** The app shell or main column: present whenever the site shows this page at all. */
  shell: string;
  /** Units of content inside the shell (timeline cells, list rows): what "shows content" means. */
  content: string;
  /** What Jetway reads on this kind of page: at least one must be inside the shell when content is. */
  canary: string;
  /** Content units holding one of these belong to another reader (a people list, mentions) and are not counted. */
  besides?: string;
}
