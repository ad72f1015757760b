import type { Identity, TranscriptEntry } from '@/utils/contract';
import { sitePageUrlOrNull } from '@/utils/contract/site-pages';
import { authorLabel, collapse, isJetwayNode, isoTime, MAX_AUTHOR_NAME, MAX_TRANSCRIPT_ENTRIES, ownText, queryAllIncludingRoot, urlKeeping } from '@/utils/sites/dom';
import type { HandleSighting, SightingKind } from '@/utils/sites/types';
import { identityFromProfileHref } from './identity';
import { FB } from './selectors';

/** Query parameters that say which conversation of which Page an inbox address opens. */
const THREAD_PARAMS = new Set(['asset_id', 'selected_item_id', 'mailbox_id', 'thread_type']);

function isInbox(doc: Document | null): boolean {
  return FB.inboxPath.test(doc?.location?.pathname ?? '');
}

/** The name the badge follows: the visible profile link, else the first text run. */
function nameAnchor(block: Element, link: Element): Element {
  if (link.getAttribute('aria-hidden') !== 'true' && (link.textContent ?? '').trim()) return link;
  for (const run of block.querySelectorAll('[dir="auto"]')) {
    if (!isJetwayNode(run) && (run.textContent ?? '').trim()) return run;
  }
  return link;
}

interface Person {
  identity: Identity;
  anchor: Element;
}

/** The person a row or header names: its first profile link (Instagram rows have none). */
function personIn(block: Element): Person | null {
  for (const link of block.querySelectorAll(FB.link)) {
    const identity = identityFromProfileHref(link.getAttribute('href'));
    if (identity && !isJetwayNode(link)) return { identity, anchor: nameAnchor(block, link) };
  }
  return null;
}

function sightingsIn(root: ParentNode, selector: string, kind: SightingKind, postOf: (block: Element) => Element | null): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const block of queryAllIncludingRoot(root, selector)) {
    if (isJetwayNode(block)) continue;
    const person = personIn(block);
    if (person) sightings.push({ ...person, kind, post: postOf(block) });
  }
  return sightings;
}

/**
 * Meta Business Suite inbox: the conversation list and the open thread's header. Only
 * rows that link to the customer's Facebook profile say who they are; others (Instagram,
 * or a Page-scoped id) are left alone. The header's sighting belongs to the open
 * conversation, so its card and `Hand off` carry the conversation.
 */
export function inboxSightings(root: ParentNode, doc: Document | null): HandleSighting[] {
  if (!isInbox(doc)) return [];
  return [
    ...sightingsIn(root, FB.inboxRow, 'inbox-list', () => null),
    ...sightingsIn(root, FB.inboxHeader, 'inbox-header', (header) => header.closest(FB.inboxThread)),
  ];
}

/** Open conversations inside `root` (`root` included): each gets a `Hand off` in its header. */
export function inboxThreadsIn(root: ParentNode, doc: Document | null): Element[] {
  if (!isInbox(doc)) return [];
  return queryAllIncludingRoot(root, FB.inboxThread).filter(isOpenThread);
}

/** The open conversation an element sits in, on inbox pages. */
export function inboxThreadAround(element: Element): Element | null {
  const thread = isInbox(element.ownerDocument) ? element.closest(FB.inboxThread) : null;
  return thread && isOpenThread(thread) ? thread : null;
}

/** A thread region with a header (other regions of the inbox are panels, not conversations). */
function isOpenThread(thread: Element): boolean {
  return !isJetwayNode(thread) && thread.querySelector(FB.inboxHeader) !== null;
}

export function isInboxThread(element: Element): boolean {
  return isInbox(element.ownerDocument) && element.matches(FB.inboxThread);
}

function headerOf(thread: Element): Element | null {
  return [...thread.querySelectorAll(FB.inboxHeader)].find((header) => !isJetwayNode(header)) ?? null;
}

/** The customer of an open conversation, from the header's profile link. */
export function customerOfThread(thread: Element): Identity | null {
  const header = headerOf(thread);
  return header ? (personIn(header)?.identity ?? null) : null;
}

/** Where the conversation's `Hand off` goes: beside the customer's name in the header. */
export function actionSlotOfThread(thread: Element): Element | null {
  return headerOf(thread)?.parentElement ?? null;
}

/** The inbox address of the conversation, without anything but what opens it; null off the supported sites. */
export function permalinkOfThread(thread: Element): string | null {
  const href = thread.ownerDocument.location?.href;
  return href ? sitePageUrlOrNull(urlKeeping(href, THREAD_PARAMS)?.toString()) : null;
}

/** A message's own text: no sender heading, time, buttons or Jetway nodes. */
function messageText(row: Element): string {
  return ownText(row, (parent) => parent.closest(FB.inboxSender) !== null || parent.closest(FB.inboxTime) !== null || parent.closest(FB.notMessageText) !== null);
}

/**
 * The open conversation as a transcript, oldest first, the latest 50 messages. A sender's
 * name opens each run of messages; the customer's runs (the name the header shows) carry
 * the customer's id, the Page's runs its name alone.
 */
export function transcriptForThread(thread: Element): TranscriptEntry[] {
  const header = headerOf(thread);
  const customer = header ? personIn(header) : null;
  const customerName = customer ? collapse(customer.anchor.textContent ?? '', MAX_AUTHOR_NAME) : '';
  const url = permalinkOfThread(thread);
  const entries: TranscriptEntry[] = [];
  let sender = '';
  for (const row of thread.querySelectorAll(FB.inboxMessage)) {
    if (isJetwayNode(row)) continue;
    const heading = row.querySelector(FB.inboxSender);
    if (heading) sender = collapse(heading.textContent ?? '', MAX_AUTHOR_NAME);
    const text = messageText(row);
    if (!text) continue;
    // Messages before any sender heading open the conversation: the customer's.
    const isCustomer = customer !== null && (sender === customerName || sender === '');
    const author = isCustomer ? authorLabel(customerName, customer.identity.handle) : sender;
    if (!author) continue;
    entries.push({
      author,
      text,
      postedAt: isoTime(row.querySelector(FB.inboxTime)?.getAttribute('datetime')),
      url,
    });
  }
  return entries.slice(-MAX_TRANSCRIPT_ENTRIES);
}
