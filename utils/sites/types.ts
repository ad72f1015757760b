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
}
