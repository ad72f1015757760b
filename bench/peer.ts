/**
 * The growth runs' peer: a minimal labeller extension of the kind agents run beside
 * Jetway (it marks the names it has a label for), loaded into a Chromium of its own and
 * grown on the same pages, so Jetway's cost per post is compared with what another
 * content script pays for comparable work. Written here for the bench; it shares no code
 * with Jetway.
 *
 * Like Jetway it is a content script in its own world (every page element it touches
 * costs it a wrapper, as it costs Jetway) with one mutation observer on the document. For
 * each added subtree it finds the author blocks with one query, reads the first author
 * link's first path segment, and when its list has a label for that name, puts a small
 * light-DOM label after the link. It asks nothing over the network and has no shadow
 * roots: its work is a floor, not a twin.
 */
import { chromium, type BrowserContext } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../tests/e2e/support/chromium';

/** The attribute of the peer's labels: the bench counts them. */
export const PEER_LABEL_ATTRIBUTE = 'data-peer-label';

const CONTENT_SCRIPT = String.raw`
(() => {
  // Per site: the block that names a post's author, and the link inside it that names them.
  const SITES = {
    'x.com': { block: '[data-testid="User-Name"]', link: 'a[href^="/"]' },
    'www.facebook.com': { block: '[role="article"]', link: '[data-ad-rendering-role="profile_name"] a[href], a[href^="/"]' },
  };
  const site = SITES[location.hostname];
  if (!site) return;
  const labels = new Map(__PEER_LABELS__);
  const done = new WeakSet();

  function nameOf(href) {
    const path = href.startsWith('/') ? href : new URL(href, location.origin).pathname;
    const segment = path.slice(1).split(/[/?#]/)[0];
    return segment ? segment.toLowerCase() : null;
  }

  function label(block) {
    if (done.has(block)) return;
    done.add(block);
    const link = block.querySelector(site.link);
    if (!link) return;
    const name = nameOf(link.getAttribute('href'));
    const text = name === null ? undefined : labels.get(name);
    if (text === undefined) return;
    const mark = document.createElement('span');
    mark.setAttribute('${PEER_LABEL_ATTRIBUTE}', '');
    mark.textContent = text;
    link.after(mark);
  }

  function scan(root) {
    if (root.matches(site.block)) label(root);
    for (const block of root.querySelectorAll(site.block)) label(block);
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && !node.hasAttribute('${PEER_LABEL_ATTRIBUTE}')) scan(node);
      }
    }
    // Its own labels are not scanned again.
    observer.takeRecords();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  if (document.body) scan(document.body);
})();
`;

/**
 * Launches Chromium with the peer labeller, which labels the names in `labels` (lower
 * case name or profile id → label text) on x.com and www.facebook.com.
 */
export async function launchWithPeer(labels: ReadonlyMap<string, string>): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'jetway-bench-peer-'));
  const extension = join(root, 'extension');
  mkdirSync(extension);
  writeFileSync(
    join(extension, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Bench peer labeller',
      version: '1.0.0',
      content_scripts: [{ matches: ['https://x.com/*', 'https://www.facebook.com/*'], js: ['content.js'], run_at: 'document_idle' }],
    }),
  );
  writeFileSync(join(extension, 'content.js'), CONTENT_SCRIPT.replace('__PEER_LABELS__', JSON.stringify([...labels])));
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return { context, close: async () => (await context.close(), rmSync(root, { recursive: true, force: true })) };
}
