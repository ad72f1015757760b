/**
 * Builds the benchmark's X timeline from a sanitized saved home timeline: the saved
 * cells become templates, and a small driver script (the benchmark's own, identical with
 * and without the extension) appends copies in batches as infinite scroll does, each
 * copy rewritten to its own author handle, and records when each post's badge appears.
 */
import { JSDOM } from 'jsdom';

export const BENCH_HANDLE_PREFIX = 'bench_u';

export function benchHandle(index: number): string {
  return `${BENCH_HANDLE_PREFIX}${index}`;
}

const DRIVER = String.raw`
(() => {
  const template = document.getElementById('jetway-bench-cells');
  const list = document.querySelector('[data-jetway-bench-list]');
  const cells = [...template.content.children];
  const insertedAt = new Map();
  const badgeAt = new Map();
  const longTasks = [];
  let next = 0;
  try {
    new PerformanceObserver((entries) => { for (const e of entries.getEntries()) longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) for (const node of record.addedNodes) {
      if (node.nodeType !== 1 || !node.hasAttribute('data-jetway-badge')) continue;
      const cell = node.closest('[data-bench-index]');
      if (cell && !badgeAt.has(cell.dataset.benchIndex)) badgeAt.set(cell.dataset.benchIndex, now);
    }
  }).observe(list, { childList: true, subtree: true });

  function rewrite(cell, from, to) {
    for (const a of cell.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href');
      if (href === '/' + from || href.startsWith('/' + from + '/') || href.startsWith('/' + from + '?')) a.setAttribute('href', '/' + to + href.slice(from.length + 1));
    }
    for (const el of cell.querySelectorAll('[data-testid="UserAvatar-Container-' + from + '"]')) {
      el.setAttribute('data-testid', 'UserAvatar-Container-' + to);
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeValue === '@' + from) n.nodeValue = '@' + to;
    }
  }

  window.__jetwayBench = {
    /** Appends count posts; handleOf(i) names the author of post i. Keeps at most keep cells. */
    grow(count, handles, keep) {
      const fragment = document.createDocumentFragment();
      const indexes = [];
      for (let k = 0; k < count; k++) {
        const i = next++;
        const source = cells[i % cells.length];
        const cell = source.cloneNode(true);
        rewrite(cell, source.dataset.benchAuthor, handles[i % handles.length]);
        cell.dataset.benchIndex = String(i);
        fragment.append(cell);
        indexes.push(i);
      }
      list.append(fragment);
      const now = performance.now();
      for (const i of indexes) insertedAt.set(String(i), now);
      if (keep) while (list.children.length > keep) list.firstElementChild.remove();
      return next;
    },
    badgeDelays() {
      const delays = [];
      for (const [i, at] of badgeAt) { const t0 = insertedAt.get(i); if (t0 !== undefined) delays.push(at - t0); }
      return delays;
    },
    /** [post index, inserted at, badged at] of each badged post, for a closer look at the delays. */
    badgeTimes() {
      const times = [];
      for (const [i, at] of badgeAt) { const t0 = insertedAt.get(i); if (t0 !== undefined) times.push([Number(i), t0, at]); }
      return times;
    },
    badgeCount() { return badgeAt.size; },
    longTasks() { return longTasks.slice(); },
    reset() { badgeAt.clear(); insertedAt.clear(); longTasks.length = 0; },
  };
})();
`;

/**
 * Turns a sanitized home timeline into the benchmark page: the post cells move into a
 * <template> (each tagged with its author handle) and the driver script is added.
 */
export function buildTimelinePage(fixtureHtml: string): string {
  const dom = new JSDOM(fixtureHtml);
  const doc = dom.window.document;
  const cells = [...doc.querySelectorAll('[data-testid="cellInnerDiv"]')].filter((cell) =>
    cell.querySelector('article[data-testid="tweet"] [data-testid="User-Name"] a[href^="/"]'),
  );
  if (cells.length === 0) throw new Error('The timeline fixture has no post cells with an author link.');
  const list = cells[0]!.parentElement!;
  const authored = cells.map((cell) => ({ cell, author: cell.querySelector('[data-testid="User-Name"] a[href^="/"]')!.getAttribute('href')!.slice(1).split('/')[0]! }));
  for (const child of [...list.children]) if (child.getAttribute('data-testid') === 'cellInnerDiv') child.remove();
  return withDriver(dom, list, authored);
}

/**
 * The benchmark page from a parsed page: `cells` (each with the author handle its links
 * name, relative `/<handle>…` links) move into a <template>, `list` is where the driver
 * appends their copies, and the driver script is added.
 */
export function withDriver(dom: JSDOM, list: Element, cells: Array<{ cell: Element; author: string }>): string {
  const doc = dom.window.document;
  const template = doc.createElement('template');
  template.id = 'jetway-bench-cells';
  for (const { cell, author } of cells) {
    (cell as HTMLElement).dataset.benchAuthor = author;
    template.content.append(cell);
  }
  list.setAttribute('data-jetway-bench-list', '');
  doc.body.append(template);
  const script = doc.createElement('script');
  script.textContent = DRIVER;
  doc.body.append(script);
  return dom.serialize();
}
