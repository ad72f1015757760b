import type { BrowserContext, CDPSession, Locator, Page, Worker } from '@playwright/test';
import { clickHandOff, clickInJetway, expect, extensionIdOf, fixture, handOffControlIn, layerText, serveSite, test, uiString } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';
import { xPostCell, xTimelinePage } from './support/pages';
import type { JetwayServer } from './support/server';

/**
 * Writes under faults, in real Chromium against a real server: the server stopped and
 * started again, and the extension's service worker stopped (DevTools
 * `ServiceWorker.stopAllWorkers`) right after each click or every 1–2 s. The simulated
 * agent does what the page says ("Click again to send it"); the server counts what
 * arrived: every post exactly once, nothing lost, nothing twice.
 */
test.describe.configure({ mode: 'serial', timeout: 420_000 });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let baggageToken: string;
let extensionId: string;
/** An extension page whose DevTools session stops the worker. */
let devtools: { page: Page; cdp: CDPSession };

const MARKER = '__jetwayFaultMarker';
const FAULT_POSTS = Array.from({ length: 20 }, (_, i) => `fault_${String(i).padStart(2, '0')}`);

interface StoredHandoff {
  identity: { handle: string };
  transcript: Array<{ url: string | null }>;
}

/** How many handoffs reached the receiving team, per customer handle. */
async function arrivedByHandle(): Promise<Map<string, number>> {
  const { body } = await server.api<{ handoffs: StoredHandoff[] }>(baggageToken, 'GET', '/v1/handoffs?box=inbox&status=all');
  const counts = new Map<string, number>();
  for (const handoff of body.handoffs) counts.set(handoff.identity.handle, (counts.get(handoff.identity.handle) ?? 0) + 1);
  return counts;
}

const posts = (page: Page) => page.locator('article[data-testid="tweet"]');
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * The running worker; a message from the extension page starts one when none runs. A
 * restarted worker may come back as the same target (no new `serviceworker` event), so
 * after the message every known worker is asked again.
 */
async function liveWorker(): Promise<Worker> {
  const deadline = Date.now() + 60_000;
  const seen: string[] = [];
  while (Date.now() < deadline) {
    const running = browser.context.serviceWorkers().filter((worker) => worker.url().startsWith(`chrome-extension://${extensionId}/`));
    seen.push(`${running.length} known`);
    for (const worker of running.reverse()) {
      // A stopped worker's evaluate waits for it to run again: ask briefly.
      const alive = await Promise.race([worker.evaluate(() => true).catch(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000))]);
      if (alive) return worker;
    }
    const started = browser.context.waitForEvent('serviceworker', { timeout: 3_000 }).catch(() => undefined);
    await devtools.page.evaluate(() => {
      const { runtime } = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome;
      return runtime.sendMessage({ jetway: 'checkServer' }).catch(() => undefined);
    });
    await started;
  }
  throw new Error(`No extension worker answered within 60 s (${seen.join(', ')})`);
}

/**
 * Stops the worker, and proves it: DevTools reports it stopped, and the worker that runs
 * next (the page's next question starts it) starts without the mark set before.
 */
async function stopWorker(): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    const seen = (event: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
      if (!event.versions.some((version) => version.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && version.runningStatus === 'stopped')) return;
      devtools.cdp.off('ServiceWorker.workerVersionUpdated', seen);
      resolve();
    };
    devtools.cdp.on('ServiceWorker.workerVersionUpdated', seen);
  });
  await devtools.cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
}

async function expectFreshWorker(): Promise<void> {
  const worker = await liveWorker();
  expect(await worker.evaluate((name) => (globalThis as Record<string, unknown>)[name] ?? null, MARKER)).toBeNull();
}

async function markWorker(round: number): Promise<void> {
  const worker = await liveWorker();
  await worker.evaluate(([name, value]) => ((globalThis as Record<string, unknown>)[name as string] = value), [MARKER, round] as const);
}

const SENT = uiString('handoffSent').replace('$1', '');
const QUEUED = uiString('handoffQueued').split('$1')[1]!.trim();
const NOT_SAVED = uiString('writeNotSaved');
const CHECKING = uiString('writeChecking');

/** What the page last said about a handoff, once it says something final (not "checking"). */
async function finalWord(page: Page): Promise<'sent' | 'queued' | 'not-saved'> {
  const seen: string[] = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = await layerText(page);
    if (seen.at(-1) !== text) seen.push(text);
    if (text.includes(NOT_SAVED)) return 'not-saved';
    if (text.includes(SENT)) return 'sent';
    if (text.includes(QUEUED)) return 'queued';
    await page.waitForTimeout(100);
  }
  throw new Error(`The page said nothing final within 60 s; it showed: ${JSON.stringify(seen)}`);
}

/**
 * The agent closes the last message (its × button) before the next click, so the next
 * message is told apart from it; a message that went by itself (6 s) needs no closing.
 */
async function toastGone(page: Page): Promise<void> {
  if ((await layerText(page)).replace(CHECKING, '') !== '') {
    await clickInJetway(page, { label: uiString('cardClose') }).catch((error: unknown) => {
      // Gone by itself between the read and the click: nothing to close.
      if (!String(error).includes('No Jetway element')) throw error;
    });
  }
  await expect.poll(async () => (await layerText(page)).replace(CHECKING, ''), { timeout: 30_000, intervals: [200] }).toBe('');
}

/**
 * The agent hands off `post`, and clicks again each time the page says it was not saved;
 * `afterClick` runs right after every click (the fault). Returns every word the page said.
 */
async function handOffObeying(page: Page, post: Locator, fault: { beforeClick?(): Promise<void>; afterClick?(): Promise<void>; afterWord?(): Promise<void> } = {}): Promise<string[]> {
  const said: string[] = [];
  for (let click = 0; click < 10; click++) {
    await toastGone(page);
    const control = await handOffControlIn(post);
    await fault.beforeClick?.();
    await clickHandOff(control);
    await fault.afterClick?.();
    const word = await finalWord(page);
    await fault.afterWord?.();
    said.push(word);
    if (word !== 'not-saved') return said;
  }
  throw new Error(`The page kept saying "not saved": ${said.join(', ')}`);
}

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ server, browser } = rig);
  baggageToken = rig.tokens['Bo Baggage']!;
  extensionId = await extensionIdOf(browser.context);
  await serveSite(browser.context, 'https://x.com', {
    '/home': fixture('x/x-folders/x-home.html'),
    '/i/lists/faults': xTimelinePage(FAULT_POSTS.map((handle, i) => xPostCell(handle, `Customer ${i}`, `My bag never arrived (${i})`, String(1870000000000000000n + BigInt(i))))),
  });
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  devtools = { page, cdp };
});

test.afterAll(async () => rig?.close());

test('server down, then back: the queued handoff goes within seconds of its return, and the popup’s banner goes with it', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached();
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const banner = popup.getByText(uiString('popupOffline'));
  await expect(popup.getByRole('heading', { name: uiString('popupTitle') })).toBeVisible();
  await expect(banner).toHaveCount(0);

  await server.stop();
  await clickHandOff(await handOffControlIn(posts(page).nth(9)));
  expect(await finalWord(page)).toBe('queued');
  // The failed send is what tells the popup: no reload, no sync needed.
  await expect(banner).toBeVisible();
  // Down long enough for the write's backoff to grow past the one-minute alarm's reach.
  await page.waitForTimeout(20_000);

  await server.start();
  const back = Date.now();
  await expect.poll(async () => (await arrivedByHandle()).get('u_f40b6050e2') ?? 0, { timeout: 30_000, intervals: [250] }).toBe(1);
  const delivered = Date.now() - back;
  await expect(banner).toHaveCount(0);
  const bannerGone = Date.now() - back;
  test.info().annotations.push({ type: 'measurement', description: `delivered ${delivered} ms and banner gone ${bannerGone} ms after the server was healthy again` });
  console.log(`server back → handoff delivered in ${delivered} ms, popup banner gone in ${bannerGone} ms`);
  await popup.close();
  await page.close();
});

test('the worker stopped 0–150 ms after each Hand off on 8 posts, the agent clicking again when told: each post arrives exactly once', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached();
  const handles: string[] = [];
  const said: string[][] = [];
  let round = 0;
  for (let index = 0; index < 8; index++) {
    const post = posts(page).nth(index);
    handles.push(await post.locator('[data-testid^="UserAvatar-Container-"]').first().evaluate((node) => node.getAttribute('data-testid')!.replace('UserAvatar-Container-', '')));
    said.push(
      await handOffObeying(page, post, {
        beforeClick: () => markWorker(++round),
        afterClick: async () => {
          await page.waitForTimeout(random(0, 150));
          await stopWorker();
        },
        afterWord: expectFreshWorker,
      }),
    );
  }
  console.log(`what the page said per post: ${said.map((words) => words.join('→')).join(' | ')}`);
  await expect
    .poll(async () => {
      const arrived = await arrivedByHandle();
      return handles.map((handle) => arrived.get(handle) ?? 0);
    }, { timeout: 90_000, intervals: [1_000] })
    .toEqual(handles.map(() => 1));
  // Another round of the outbox (a new worker) sends nothing twice.
  await markWorker(++round);
  await stopWorker();
  await expectFreshWorker();
  const arrived = await arrivedByHandle();
  expect(handles.map((handle) => arrived.get(handle) ?? 0)).toEqual(handles.map(() => 1));
  await page.close();
});

test('the worker stopped every 1–2 s during 20 handoffs: 0 lost, 0 duplicated', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/i/lists/faults');
  await expect(posts(page)).toHaveCount(FAULT_POSTS.length);
  let killing = true;
  let kills = 0;
  const killer = (async () => {
    while (killing) {
      await page.waitForTimeout(random(1_000, 2_000));
      if (!killing) break;
      await markWorker(kills + 1000);
      await stopWorker();
      kills++;
    }
  })();
  const said: string[][] = [];
  try {
    for (let index = 0; index < FAULT_POSTS.length; index++) {
      said.push(await handOffObeying(page, posts(page).nth(index)));
      // An agent closing each message at once hands off faster than the worker is stopped:
      // the next post waits for its stop, so the 20 handoffs see at least 10 of them.
      if (index % 2 === 1) await expect.poll(() => kills, { timeout: 30_000, intervals: [100] }).toBeGreaterThanOrEqual((index + 1) / 2);
    }
  } finally {
    killing = false;
    await killer;
  }
  console.log(`${kills} worker stops; what the page said per post: ${said.map((words) => words.join('→')).join(' | ')}`);
  expect(kills).toBeGreaterThanOrEqual(10);
  await expect
    .poll(async () => {
      const arrived = await arrivedByHandle();
      return FAULT_POSTS.map((handle) => arrived.get(handle) ?? 0);
    }, { timeout: 90_000, intervals: [1_000] })
    .toEqual(FAULT_POSTS.map(() => 1));
  await markWorker(-1);
  await stopWorker();
  await expectFreshWorker();
  const arrived = await arrivedByHandle();
  const counts = FAULT_POSTS.map((handle) => arrived.get(handle) ?? 0);
  test.info().annotations.push({
    type: 'measurement',
    description: `${kills} stops during ${FAULT_POSTS.length} handoffs: lost ${counts.filter((n) => n === 0).length}, duplicated ${counts.filter((n) => n > 1).length}`,
  });
  expect(counts).toEqual(FAULT_POSTS.map(() => 1));
  await page.close();
});
