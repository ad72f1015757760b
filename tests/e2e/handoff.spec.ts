import type { BrowserContext, Page } from '@playwright/test';
import { clickHandOff, clickInJetway, expect, extensionIdOf, fixture, handOffControlIn, layerText, serveSite, test } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let baggageToken: string;

const FIRST_POST = 'https://x.com/u_d95bf3e3ae/status/1796621388997543347';

interface StoredHandoff {
  id: string;
  status: string;
  reason: string;
  identity: { handle: string };
  toTeam: { name: string };
  transcript: Array<{ author: string; text: string; url: string | null }>;
}

async function inbox(): Promise<StoredHandoff[]> {
  const { body } = await server.api<{ handoffs: StoredHandoff[] }>(baggageToken, 'GET', '/v1/handoffs?box=inbox&status=all');
  return body.handoffs;
}

/** Points at the post with this index and clicks its `Hand off`. */
async function handOffPost(page: Page, index: number): Promise<void> {
  await clickHandOff(await handOffControlIn(posts(page).nth(index)));
}

function posts(page: Page) {
  return page.locator('article[data-testid="tweet"]');
}

async function stopServiceWorker(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('ServiceWorker.enable');
  await session.send('ServiceWorker.stopAllWorkers');
  await session.detach();
}

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ server, browser } = rig);
  baggageToken = rig.tokens['Bo Baggage']!;
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
});

test.afterAll(async () => rig?.close());

test('a handoff made while the server is down is queued, survives a stopped worker, and arrives exactly once', async () => {
  test.setTimeout(150_000);
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 15_000 });
  await server.stop();

  await handOffPost(page, 0);
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('queued');
  await page.screenshot({ path: 'test-results/screenshots/x-handoff-queued-toast.png' });

  // The worker is stopped between the click and the server's return: the write is on disk.
  await stopServiceWorker(page);
  await server.start();
  // Opening the popup wakes the worker, which resumes its outbox on start.
  const id = await extensionIdOf(browser.context);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);

  await expect.poll(async () => (await inbox()).length, { timeout: 100_000, intervals: [2_000] }).toBe(1);
  await page.waitForTimeout(3_000);
  const [handoff] = await inbox();
  expect(await inbox()).toHaveLength(1);
  expect(handoff!.identity.handle).toBe('u_d95bf3e3ae');
  expect(handoff!.toTeam.name).toBe('Baggage');
  const entry = handoff!.transcript.find((e) => e.url === FIRST_POST);
  expect(entry).toBeDefined();
  const postText = await page.evaluate(() => document.querySelector('article[data-testid="tweet"]')?.querySelector('[data-testid="tweetText"]')?.textContent ?? '');
  expect(entry!.text).toBe(postText.replace(/\s+/g, ' ').trim());
  expect(entry!.author).toContain('@u_d95bf3e3ae');
  await popup.close();
  await page.close();
});

test('a handoff with the server up is sent at once, and Undo cancels it', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 15_000 });
  await handOffPost(page, 1);
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Handed off to Baggage');
  await page.screenshot({ path: 'test-results/screenshots/x-handoff-sent-toast.png' });
  await expect.poll(async () => (await inbox()).length).toBe(2);
  const sent = (await inbox()).find((h) => h.identity.handle === 'u_1f01dbe592');
  expect(sent?.status).toBe('sent');

  // Undo sits in the toast (bottom centre), inside Jetway's closed layer.
  await clickInJetway(page, { text: 'Undo' });
  await expect.poll(async () => (await inbox()).find((h) => h.id === sent!.id)?.status, { timeout: 20_000 }).toBe('cancelled');
  await page.close();
});

test('the menu hands off to another team with a reason', async () => {
  const before = (await inbox()).length;
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 15_000 });
  await clickHandOff(await handOffControlIn(posts(page).nth(2)), 'menu');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Hand off to a team');
  await page.screenshot({ path: 'test-results/screenshots/x-handoff-menu.png' });
  // The team select has focus: type the reason after tabbing to it, then submit.
  await page.keyboard.press('Tab');
  await page.keyboard.type('Refund for cancelled flight');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await inbox()).length, { timeout: 15_000 }).toBe(before + 1);
  const latest = (await inbox())[0]!;
  expect(latest).toMatchObject({ status: 'sent', reason: 'Refund for cancelled flight', toTeam: { name: 'Baggage' } });
  await page.close();
});

test('Hand off follows the pointer and keyboard focus: one control, in the post the agent is on', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 15_000 });
  await expect(page.locator('[data-jetway-action="handoff"]')).toHaveCount(0);
  await handOffControlIn(posts(page).nth(0));
  await handOffControlIn(posts(page).nth(3));
  await expect(posts(page).nth(0).locator('[data-jetway-action="handoff"]')).toHaveCount(0);
  // X's keyboard navigation focuses posts: the control comes along, inside the post's action bar.
  await posts(page).nth(5).evaluate((post) => (post as HTMLElement).focus());
  await expect(posts(page).nth(5).locator('[role="group"] [data-jetway-action="handoff"]')).toHaveCount(1);
  await expect(page.locator('[data-jetway-action="handoff"]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/x-handoff-control.png' });
  await page.close();
});
