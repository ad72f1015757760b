import { test as base, chromium, expect, type BrowserContext, type CDPSession, type Locator, type Page, type Worker } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium } from './chromium';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');

/**
 * Launches Chromium with the built extension in a fresh profile, or in `options.profile`
 * (kept on close, so the browser can be relaunched on it), its interface (and so the
 * extension's `_locales`) in `options.language` (English unless told).
 */
/** `extensionDir`: a copy of the build to load instead of `.output/chrome-mv3` (same key, so the same id). */
export async function launchWithExtension(options: { profile?: string; language?: string; extensionDir?: string } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const language = options.language ?? 'en';
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('The extension is not built: run `npx wxt build` (npm test does it) before the e2e suite.');
  }
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'jetway-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    ...(language === 'en' ? {} : { locale: language, env: { ...process.env, LANGUAGE: language } }),
    args: [
      ...(language === 'en' ? [] : [`--lang=${language}`]),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

export async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = await serviceWorkerOf(context);
  return new URL(worker.url()).host;
}

/** What the background keeps, read from the worker (tests only: no page can do this). */
export async function storedTokens(context: BrowserContext): Promise<{ access: string | null; refresh: string | null }> {
  const worker = await serviceWorkerOf(context);
  return worker.evaluate(async () => {
    const session = (await (globalThis as any).chrome.storage.session.get('auth')) as { auth?: { token?: string } };
    const refresh = await new Promise<string | null>((resolve) => {
      const open = indexedDB.open('jetway');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('credentials')) return resolve(null);
        const get = db.transaction('credentials').objectStore('credentials').get('agent');
        get.onsuccess = () => resolve((get.result as { refreshToken?: string } | undefined)?.refreshToken ?? null);
        get.onerror = () => resolve(null);
      };
      open.onerror = () => resolve(null);
    });
    return { access: session.auth?.token ?? null, refresh };
  });
}

const servedPages = new WeakMap<BrowserContext, Map<string, Record<string, string>>>();

/** Counts what the extension's own database holds, from an extension page. */
export async function storedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('jetway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['lookups', 'cases', 'handoffs'];
          const tx = db.transaction(names, 'readonly');
          const counts: Record<string, number> = {};
          for (const name of names) {
            const request = tx.objectStore(name).count();
            request.onsuccess = () => (counts[name] = request.result);
          }
          tx.oncomplete = () => resolve(counts);
        };
      }),
  );
}

/**
 * Serves saved pages at their real URLs so the content scripts match as on the live
 * sites. `pages` maps a URL path to HTML (later calls add pages); everything else on the
 * site answers 404, so no test reaches the network.
 */
export async function serveSite(context: BrowserContext, origin: string, pages: Record<string, string>): Promise<void> {
  let origins = servedPages.get(context);
  if (!origins) servedPages.set(context, (origins = new Map()));
  const known = origins.get(origin);
  if (known) {
    Object.assign(known, pages);
    return;
  }
  const served = { ...pages };
  origins.set(origin, served);
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const html = served[url.pathname];
    if (html === undefined || route.request().resourceType() !== 'document') {
      await route.fulfill({ status: 404, body: '' });
      return;
    }
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}

export function fixture(path: string): string {
  return readFileSync(resolve('tests/fixtures', path), 'utf8');
}

/**
 * Points at a post as an agent does and returns the `Hand off` control, which follows the
 * pointer (and keyboard focus) into the post. There is one control on the page.
 */
export async function handOffControlIn(post: Locator): Promise<Locator> {
  await post.scrollIntoViewIfNeeded();
  await post.hover({ position: { x: 4, y: 4 } });
  const host = post.page().locator('[data-jetway-action="handoff"]');
  await expect(host).toHaveCount(1, { timeout: 10_000 });
  await expect(post.locator('[data-jetway-action="handoff"]')).toHaveCount(1);
  return host;
}

/** Clicks the `Hand off` half of the control (the menu arrow ▾ is its other half). */
export async function clickHandOff(host: Locator, half: 'hand off' | 'menu' = 'hand off'): Promise<void> {
  await host.scrollIntoViewIfNeeded();
  const box = (await host.boundingBox())!;
  // A real click on the control (scrolled to, pointer moved onto it): the post under the pointer keeps it.
  await host.click({ position: { x: half === 'hand off' ? 12 : box.width - 8, y: box.height / 2 } });
}

/** The extension's UI string `key` in `language`, from its `_locales` catalogue. */
export function uiString(key: string, language = 'en'): string {
  const catalogue = JSON.parse(readFileSync(resolve('public/_locales', language, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
  const entry = catalogue[key];
  if (!entry) throw new Error(`No UI string ${key}`);
  return entry.message;
}

/** Signs in through the options page like an agent would, in the browser's language. */
export async function signIn(context: BrowserContext, serverUrl: string, token: string, language = 'en'): Promise<Page> {
  const id = await extensionIdOf(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.getByLabel(uiString('optionsServerUrl', language)).fill(serverUrl);
  await page.getByText(uiString('optionsUseAccessToken', language)).click();
  await page.getByLabel(uiString('optionsAccessToken', language)).fill(token);
  await page.getByRole('button', { name: uiString('optionsSignIn', language), exact: true }).click();
  await page.getByText(uiString('optionsSignedInAs', language).replace('$1', '')).waitFor();
  return page;
}

export interface BadgeSeen {
  handle: string;
  label: string;
  text: string;
}

/**
 * Reads every Jetway badge on the page, including what sits inside their closed shadow
 * roots, through the DevTools protocol (the page itself cannot see inside).
 */
export async function badgesOn(page: Page): Promise<BadgeSeen[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const found: BadgeSeen[] = [];
    walk(root, (node) => {
      const handle = attribute(node, 'data-jetway-badge');
      if (handle === null) return;
      const button = findFirst(node.shadowRoots?.[0], (n) => n.nodeName === 'BUTTON');
      found.push({ handle, label: (button && attribute(button, 'aria-label')) ?? '', text: button ? textOf(button) : '' });
    });
    return found;
  } finally {
    await session.detach();
  }
}

/** The visible text inside Jetway's closed overlay layer (card, menus, toasts). */
export async function layerText(page: Page): Promise<string> {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    let text = '';
    walk(root, (node) => {
      if (attribute(node, 'data-jetway-layer') !== null) text += node.shadowRoots?.map(textOf).join(' ') ?? '';
    });
    return text.replace(/\s+/g, ' ').trim();
  } finally {
    await session.detach();
  }
}

/**
 * Clicks an element inside Jetway's closed shadow roots by its text (a button), its
 * accessible label (an icon button) or its tag (e.g. TEXTAREA), found through the DevTools
 * protocol, with a real mouse click.
 */
export async function clickInJetway(page: Page, target: { text?: string; label?: string; tag?: string }): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    let found: number | null = null;
    const hosts: CdpNode[] = [];
    walk(root, (node) => {
      if ((node.attributes ?? []).some((name, i) => i % 2 === 0 && name.startsWith('data-jetway-'))) hosts.push(node);
    });
    for (const host of hosts) {
      for (const shadow of host.shadowRoots ?? []) {
        walk(shadow, (node) => {
          if (found !== null) return;
          if (target.tag && node.nodeName === target.tag) found = node.backendNodeId ?? null;
          if (target.text && node.nodeName === 'BUTTON' && textOf(node).trim() === target.text) found = node.backendNodeId ?? null;
          if (target.label && node.nodeName === 'BUTTON' && attribute(node, 'aria-label') === target.label) found = node.backendNodeId ?? null;
        });
      }
    }
    if (found === null) throw new Error(`No Jetway element ${JSON.stringify(target)} on the page`);
    // Inside a panel that scrolls (taller than the room left), the agent scrolls to it first.
    await session.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: found });
    const { model } = (await session.send('DOM.getBoxModel', { backendNodeId: found })) as { model: { content: number[] } };
    const [x1, y1, x2, , , y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x2) / 2, (y1 + y3) / 2);
  } finally {
    await session.detach();
  }
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayerControl extends Box {
  /** The control's tag and text (or label), for messages. */
  name: string;
}

/** A node's border box on the page, through a DevTools session. */
async function borderBox(session: CDPSession, backendNodeId: number): Promise<Box> {
  const { model } = (await session.send('DOM.getBoxModel', { backendNodeId })) as { model: { border: number[] } };
  const xs = [model.border[0]!, model.border[2]!, model.border[4]!, model.border[6]!];
  const ys = [model.border[1]!, model.border[3]!, model.border[5]!, model.border[7]!];
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

/**
 * Every control (button, input, select, textarea) in Jetway's overlay layer, each first
 * scrolled into view the way an agent reaches it (the open panel scrolls inside when it
 * is taller than the room left), with where it then sits; and the open panel's own box.
 */
export async function layerControls(page: Page): Promise<{ panel: Box | null; controls: LayerControl[] }> {
  const session = await page.context().newCDPSession(page);
  const boxOf = (backendNodeId: number) => borderBox(session, backendNodeId);
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const found: Array<{ id: number; name: string }> = [];
    let panel: number | null = null;
    walk(root, (node) => {
      if (attribute(node, 'data-jetway-layer') === null) return;
      for (const shadow of node.shadowRoots ?? []) {
        walk(shadow, (inner) => {
          if (panel === null && attribute(inner, 'class')?.split(' ').includes('jw-pop')) panel = inner.backendNodeId ?? null;
          if (['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA'].includes(inner.nodeName) && inner.backendNodeId !== undefined) {
            found.push({ id: inner.backendNodeId, name: `${inner.nodeName} ${(textOf(inner).trim() || attribute(inner, 'aria-label')) ?? ''}`.trim() });
          }
        });
      }
    });
    const controls: LayerControl[] = [];
    for (const control of found) {
      await session.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: control.id });
      controls.push({ name: control.name, ...(await boxOf(control.id)) });
    }
    return { panel: panel === null ? null : await boxOf(panel), controls };
  } finally {
    await session.detach();
  }
}

/**
 * Where the open card's status line (what became of the agent's last action) sits right
 * now, without scrolling to it, and the card's own box: the agent sees the line only when
 * it lies inside the card.
 */
export async function cardStatusPlace(page: Page): Promise<{ card: Box | null; status: Box | null }> {
  const session = await page.context().newCDPSession(page);
  const boxOf = async (backendNodeId: number | null): Promise<Box | null> => (backendNodeId === null ? null : borderBox(session, backendNodeId));
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    let card: number | null = null;
    let status: number | null = null;
    walk(root, (node) => {
      if (attribute(node, 'data-jetway-layer') === null) return;
      for (const shadow of node.shadowRoots ?? []) {
        walk(shadow, (inner) => {
          const classes = attribute(inner, 'class')?.split(' ') ?? [];
          if (card === null && classes.includes('jw-card')) card = inner.backendNodeId ?? null;
          if (status === null && classes.includes('jw-status')) status = inner.backendNodeId ?? null;
        });
      }
    });
    return { card: await boxOf(card), status: await boxOf(status) };
  } finally {
    await session.detach();
  }
}

/** Whether `inner` lies wholly inside `outer` (a pixel of rounding allowed). */
export function insideBox(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

/**
 * Moves the post holding `element` so the element sits at `edge` of the window: scrolled
 * near the top or the bottom, or the post shifted sideways to the left or right edge.
 */
export async function moveToEdge(element: Locator, edge: Edge): Promise<Box> {
  await element.evaluate((host, where) => {
    const cell = (host.closest('[data-testid="cellInnerDiv"]') ?? host.parentElement) as HTMLElement;
    cell.style.position = 'relative';
    cell.style.left = '0px';
    let rect = host.getBoundingClientRect();
    if (where === 'left' || where === 'right') {
      const target = where === 'left' ? 4 : window.innerWidth - rect.width - 4;
      cell.style.left = `${target - rect.left}px`;
      rect = host.getBoundingClientRect();
    }
    const wantedTop = where === 'top' ? 10 : where === 'bottom' ? window.innerHeight - rect.height - 10 : window.innerHeight / 2;
    window.scrollBy(0, rect.top - wantedTop);
  }, edge);
  return (await element.boundingBox())!;
}

/** Whether `box` lies wholly inside a window of `size` (a pixel of rounding allowed). */
export function insideWindow(box: Box, size: { width: number; height: number }): boolean {
  return box.x >= -1 && box.y >= -1 && box.x + box.width <= size.width + 1 && box.y + box.height <= size.height + 1;
}

interface CdpNode {
  backendNodeId?: number;
  nodeName: string;
  nodeType: number;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

function attribute(node: CdpNode, name: string): string | null {
  const attrs = node.attributes ?? [];
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1] ?? '';
  return null;
}

function walk(node: CdpNode, visit: (node: CdpNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
  for (const shadow of node.shadowRoots ?? []) walk(shadow, visit);
}

function findFirst(node: CdpNode | undefined, test: (node: CdpNode) => boolean): CdpNode | null {
  if (!node) return null;
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = findFirst(child, test);
    if (hit) return hit;
  }
  return null;
}

function textOf(node: CdpNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeName === 'STYLE' || node.nodeName === 'SCRIPT') return '';
  return [...(node.children ?? []), ...(node.shadowRoots ?? [])].map(textOf).join(' ');
}

export const test = base;
export { expect };
