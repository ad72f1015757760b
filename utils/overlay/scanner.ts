import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { JETWAY_NODES } from '@/utils/sites/dom';

/** One selector match, not a call per attribute: every added node passes through here. */
function isJetwayHost(element: Element): boolean {
  return element.matches(JETWAY_NODES);
}

export type RootsListener = (roots: Element[]) => void;

export interface Scanner {
  /**
   * Called with the subtrees added by one task of the host page, at the end of that task
   * (the mutation observer's microtask), so whatever the features add to them is laid out
   * and painted in the same frame as the page's own change, never in a frame of its own.
   * What a listener inserts while it handles the batch is Jetway's own and is not handed
   * back.
   */
  onAdded(listener: RootsListener): void;
  /** Scans the whole document again (in the next frame), e.g. after the agent signs in. */
  rescan(): void;
}

/**
 * Watches the page for added subtrees and hands them to the features in one batch per
 * host-page task. The observer only collects nodes; the listeners query the new subtrees
 * and never read layout. Removals are not watched: no feature holds what a removed node
 * held (badges are keyed by their hosts in weak maps).
 *
 * The hot path keeps its own "stopped" flag and schedules with the window's own timers:
 * `ctx.isInvalid` asks the extension runtime on every read, and `ctx.requestAnimationFrame`
 * adds an invalidation listener per call that is never removed. `ctx` still tells the
 * scanner when to stop (a newer script started, or a `ctx` timer found the runtime gone).
 */
export function createScanner(ctx: ContentScriptContext, doc: Document): Scanner {
  const addedListeners: RootsListener[] = [];
  let pending = new Set<Element>();
  let stopped = false;
  /** The scheduled rescan, to cancel it when the script stops. */
  let scheduled: { frame: number } | { timer: ReturnType<typeof setTimeout> } | null = null;

  const flushAdded = () => {
    if (stopped || pending.size === 0) return;
    const roots = topmostConnected(pending);
    pending = new Set();
    if (roots.length > 0) for (const listener of addedListeners) listener(roots);
  };

  const flush = () => {
    scheduled = null;
    flushAdded();
  };

  const schedule = () => {
    if (scheduled || stopped) return;
    // rAF does not run in background tabs; the timeout makes sure hidden tabs catch up.
    const view = doc.defaultView;
    if (view && typeof view.requestAnimationFrame === 'function' && doc.visibilityState === 'visible') {
      scheduled = { frame: view.requestAnimationFrame(flush) };
    } else {
      scheduled = { timer: setTimeout(flush, 50) };
    }
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // Most records on a scrolling feed are removals: skip them before iterating.
      if (record.addedNodes.length === 0) continue;
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && !isJetwayHost(node as Element)) pending.add(node as Element);
      }
    }
    flushAdded();
    // What the features just inserted (badges) is Jetway's own: drop its records here
    // instead of being called back again to skip them one by one.
    observer.takeRecords();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    stopped = true;
    observer.disconnect();
    if (scheduled && 'frame' in scheduled) doc.defaultView?.cancelAnimationFrame(scheduled.frame);
    else if (scheduled) clearTimeout(scheduled.timer);
    scheduled = null;
  });

  const rescan = () => {
    if (doc.body) pending.add(doc.body);
    schedule();
  };
  rescan();

  return {
    onAdded: (listener) => addedListeners.push(listener),
    rescan,
  };
}

/**
 * The usual batch of a scrolling feed: cells appended side by side. When every pending
 * node has the same parent, none lies inside another (that parent cannot be pending: its
 * own parent differs), so they are the roots and no ancestor is walked; and they are on
 * the page exactly when their parent is, which is asked once, not once per node. Null
 * when the parents differ.
 */
function connectedSiblings(nodes: Set<Element>): Element[] | null {
  let parent: Element | null | undefined;
  for (const node of nodes) {
    const own = node.parentElement;
    if (parent === undefined) parent = own;
    else if (own !== parent) return null;
  }
  return parent?.isConnected ? [...nodes] : [];
}

/**
 * Drops nodes that left the page and nodes inside another pending node (scanned with it).
 * Siblings alone need no walk (`connectedSiblings`). Otherwise each ancestor's verdict
 * (inside a pending node or not) is remembered for the batch, so nodes sharing ancestors
 * cost one walk to the root between them, not one each.
 */
export function topmostConnected(nodes: Set<Element>): Element[] {
  const siblings = connectedSiblings(nodes);
  if (siblings) return siblings;
  const roots: Element[] = [];
  const covered = new Map<Element, boolean>();
  const walked: Element[] = [];
  for (const node of nodes) {
    if (!node.isConnected) continue;
    let ancestor = node.parentElement;
    let inside = false;
    walked.length = 0;
    while (ancestor) {
      if (nodes.has(ancestor)) {
        inside = true;
        break;
      }
      const known = covered.get(ancestor);
      if (known !== undefined) {
        inside = known;
        break;
      }
      walked.push(ancestor);
      ancestor = ancestor.parentElement;
    }
    for (const element of walked) covered.set(element, inside);
    if (!inside) roots.push(node);
  }
  return roots;
}
