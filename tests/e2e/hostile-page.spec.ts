import type { BrowserContext, Page } from '@playwright/test';
import { badgesOn, clickHandOff, expect, handOffControlIn, layerText, serveSite, fixture, test } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';
import { xPostCell, xTimelinePage } from './support/pages';
import type { JetwayServer } from './support/server';

/**
 * What a hostile script in the page's own world can do to Jetway: nothing. It cannot open
 * a member card (an audited read in the agent's name) with `element.click()` or a made-up
 * key press, cannot hand off or write, and cannot reach the extension or its token by
 * messages or events. The agent's own click and key press still work.
 */

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let erinToken: string;
let leadToken: string;
let baggageToken: string;

const MEMBER = 'u_d95bf3e3ae';
const LOYALTY_NUMBER = 'SK900000001';
/** A post whose time links to another host: its address must never be sent. */
const FOREIGN_POST = 'https://evil.example/back_again/status/1860000000000000042';

interface AuditPage {
  entries: Array<{ action: string; agent: { name: string } | null }>;
}

/** The member card reads the audit log holds for the member, in Erin's name. */
async function cardReadsByErin(): Promise<number> {
  const { status, body } = await server.api<AuditPage>(leadToken, 'GET', `/v1/audit?action=member.card.read&member=${LOYALTY_NUMBER}&limit=1000`);
  expect(status).toBe(200);
  return body.entries.filter((entry) => entry.agent?.name === 'Erin Agent').length;
}

/** Everything Social Care wrote: cases, and handoffs sent. */
async function writes(): Promise<{ cases: number; handoffs: number }> {
  const cases = await server.api<{ cases: unknown[] }>(erinToken, 'GET', '/v1/cases?scope=team&status=all');
  const handoffs = await server.api<{ handoffs: unknown[] }>(baggageToken, 'GET', '/v1/handoffs?box=inbox&status=all');
  return { cases: cases.body.cases.length, handoffs: handoffs.body.handoffs.length };
}

async function openHome(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(4);
  return page;
}

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ server, browser } = rig);
  erinToken = rig.tokens['Erin Agent']!;
  baggageToken = rig.tokens['Bo Baggage']!;
  // A lead of Erin's team reads the team's audit log (created through the running server).
  const created = server.cli(['agents', 'create', '--name', 'Lea Lead', '--team', 'Social Care', '--email', 'lea.lead@airline.example', '--role', 'lead']).trim().split('\n');
  leadToken = created[created.length - 1]!.trim();
  const foreign = xPostCell('back_again', 'Back Again', 'My bag never arrived at ARN', '1860000000000000042').replace(
    'href="/back_again/status/1860000000000000042"',
    `href="${FOREIGN_POST}"`,
  );
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html'), '/foreign-link': xTimelinePage([foreign]) });
});

test.afterAll(async () => rig?.close());

test('security: a page script’s click or key press on a badge opens no card and reads nothing in the agent’s name; the agent’s own click and Enter do', async () => {
  const page = await openHome();
  expect(await cardReadsByErin()).toBe(0);

  const outcome = await page.evaluate((handle) => {
    const host = document.querySelector<HTMLElement>(`[data-jetway-badge="${handle}"]`)!;
    // A hostile script keeps the page where it is: the badge sits inside the author's link.
    document.addEventListener('click', (event) => event.preventDefault());
    host.click();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    host.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    host.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true }));
    host.focus();
    for (const key of ['Enter', ' ']) {
      host.dispatchEvent(new KeyboardEvent('keydown', { key, code: key === ' ' ? 'Space' : 'Enter', bubbles: true, cancelable: true, composed: true }));
      host.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, composed: true }));
    }
    return { focused: document.activeElement === host };
  }, MEMBER);
  expect(outcome.focused).toBe(true);
  await page.waitForTimeout(3_000);
  expect(await layerText(page)).not.toContain('Gold Person');
  expect(await cardReadsByErin()).toBe(0);

  // The agent's own click opens the card, and its read is audited in the agent's name.
  const host = page.locator(`[data-jetway-badge="${MEMBER}"]`).first();
  await host.click();
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  await expect.poll(cardReadsByErin, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screenshots/hostile-page-card-by-agent.png' });
  await page.keyboard.press('Escape');
  await expect.poll(async () => layerText(page)).not.toContain('Gold Person');

  // A real Enter on the focused badge opens it too.
  await host.focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  await page.close();
});

test('security: a page script cannot hand off: clicks and key presses on the Hand off control do nothing; the agent’s click does, with no foreign address', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/foreign-link');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(1);
  const post = page.locator('article[data-testid="tweet"]').first();
  const control = await handOffControlIn(post);
  const before = await writes();

  await page.evaluate(() => {
    const host = document.querySelector<HTMLElement>('[data-jetway-action="handoff"]')!;
    document.addEventListener('click', (event) => event.preventDefault());
    host.click();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    host.focus();
    for (const key of ['Enter', ' ']) host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
    // Made-up pointer moves over another place do not move the control either.
    document.body.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
  });
  await page.waitForTimeout(3_000);
  // No toast, no menu: nothing happened.
  expect(await layerText(page)).toBe('');
  expect(await writes()).toEqual(before);

  await clickHandOff(control);
  await expect.poll(async () => (await writes()).handoffs, { timeout: 20_000 }).toBe(before.handoffs + 1);
  const { body } = await server.api<{ handoffs: Array<{ transcript: Array<{ url: string | null }> }> }>(baggageToken, 'GET', '/v1/handoffs?box=inbox&status=all');
  const urls = body.handoffs.flatMap((handoff) => handoff.transcript.map((entry) => entry.url));
  expect(urls).not.toContain(FOREIGN_POST);
  expect(urls.every((url) => url === null || url.startsWith('https://x.com/'))).toBe(true);
  await page.close();
});

test('security: a hostile page script that messages the extension gets no answer, no token and causes no write', async () => {
  const page = await openHome();
  await page.locator('article[data-testid="tweet"]').first().hover({ position: { x: 4, y: 4 } });
  await expect(page.locator('[data-jetway-action="handoff"]')).toHaveCount(1, { timeout: 10_000 });
  const before = await writes();
  const readsBefore = await cardReadsByErin();

  const seen = await page.evaluate(async (handle) => {
    const heard: unknown[] = [];
    window.addEventListener('message', (event) => heard.push(event.data));
    const attempts: string[] = [];
    const identity = { network: 'x', handle };
    const transcript = [{ author: `@${handle}`, text: 'forged', postedAt: null, url: 'data:text/html,<h1>Sign in again</h1>' }];
    // Messages shaped like the extension's protocol, to the window and to every frame.
    const forged: unknown[] = [
      { jetway: 'getSession' },
      { jetway: 'getSession', data: {} },
      { jetway: 'enqueueHandoff', data: { writeId: crypto.randomUUID(), identity, transcript, reason: 'forged' } },
      { jetway: 'enqueueCaseOpen', data: { writeId: crypto.randomUUID(), identity, subject: 'forged', postUrl: null } },
      { jetway: 'enqueueLink', data: { writeId: crypto.randomUUID(), identity, loyaltyNumber: 'SK900000002' } },
      { jetway: 'getMemberCard', data: { memberId: '00000000-0000-4000-8000-000000000000' } },
      { jetway: 'signIn', data: { serverUrl: 'https://evil.example', token: 'jw_forged-token-value' } },
      { jetwayTab: 'handOffFocusedPost' },
      { type: 'jetway', verb: 'getSession' },
      JSON.stringify({ jetway: 'getSession' }),
    ];
    for (const message of forged) window.postMessage(message, '*');
    // The runtime of an extension is not reachable from a page it does not list.
    const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
    attempts.push(`runtime: ${typeof runtime?.sendMessage}`);
    // Events on the badge host, the Hand off control and the document.
    const targets = [document, document.querySelector(`[data-jetway-badge="${handle}"]`), document.querySelector('[data-jetway-action="handoff"]'), document.querySelector('[data-jetway-layer]')];
    for (const target of targets) {
      if (!target) continue;
      for (const type of ['jetway', 'jetway:handoff', 'jetway:open-card', 'submit', 'click', 'keydown']) {
        target.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { jetway: 'enqueueHandoff', identity } }));
      }
      target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const globals = Object.keys(window).filter((name) => /jetway|token/i.test(name));
    return { heard: JSON.stringify(heard), forged: forged.map((message) => JSON.stringify(message)), attempts, globals, html: document.documentElement.outerHTML };
  }, MEMBER);

  // The page heard only its own messages back: nothing answered, and no token anywhere it can read.
  expect(JSON.parse(seen.heard).map((message: unknown) => JSON.stringify(message))).toEqual(seen.forged);
  expect(seen.attempts).toEqual(['runtime: undefined']);
  expect(seen.globals).toEqual([]);
  for (const text of [seen.heard, seen.html]) expect(text).not.toContain(erinToken);
  expect(await layerText(page)).not.toContain('Gold Person');
  expect(await writes()).toEqual(before);
  expect(await cardReadsByErin()).toBe(readsBefore);
  await page.close();
});
