import { isJetwayNode, queryAllIncludingRoot } from '@/utils/sites/dom';
import type { HandleSighting, SightingKind } from '@/utils/sites/types';
import { identityFromProfileHref } from './identity';
import { FB } from './selectors';

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

function sightingsIn(root: ParentNode, selector: string, kind: SightingKind): HandleSighting[] {
  const sightings: HandleSighting[] = [];
  for (const block of queryAllIncludingRoot(root, selector)) {
    if (isJetwayNode(block)) continue;
    for (const link of block.querySelectorAll(FB.link)) {
      const identity = identityFromProfileHref(link.getAttribute('href'));
      if (!identity || isJetwayNode(link)) continue;
      // One person per row or header: the first profile link names them.
      sightings.push({ identity, kind, anchor: nameAnchor(block, link), post: null });
      break;
    }
  }
  return sightings;
}

/**
 * Meta Business Suite inbox: the conversation list and the open thread's header. Only
 * rows that link to the customer's Facebook profile say who they are; others (Instagram,
 * or a Page-scoped id) are left alone.
 */
export function inboxSightings(root: ParentNode, doc: Document | null): HandleSighting[] {
  if (!isInbox(doc)) return [];
  return [...sightingsIn(root, FB.inboxRow, 'inbox-list'), ...sightingsIn(root, FB.inboxHeader, 'inbox-header')];
}
