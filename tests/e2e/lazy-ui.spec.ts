import type { BrowserContext, Page } from '@playwright/test';
import { OVERLAY_UI_FILE } from '../../utils/overlay/ui-file';
import { badgesOn, expect, fixture, handOffControlIn, layerText, serveSite, test } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let browser: { context: BrowserContext; close(): Promise<void> };

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ browser } = rig);
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
});

test.afterAll(async () => rig?.close());

/** Every script the page's renderer parses, the content scripts' isolated world included. */
async function parsedScripts(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  const urls: string[] = [];
  session.on('Debugger.scriptParsed', (event: { url: string }) => urls.push(event.url));
  await session.send('Debugger.enable');
  return urls;
}

const isOverlayUi = (url: string) => url.endsWith(`/${OVERLAY_UI_FILE}`);
const posts = (page: Page) => page.locator('article[data-testid="tweet"]');

test('badges need no overlay UI; the first post the agent reaches loads it, with Hand off there at once', async () => {
  const page = await browser.context.newPage();
  const parsed = await parsedScripts(page);
  await page.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(4);
  expect(parsed.some((url) => url.endsWith('/content-scripts/x.js'))).toBe(true);
  expect(parsed.filter(isOverlayUi)).toEqual([]);

  await handOffControlIn(posts(page).nth(1));
  expect(parsed.filter(isOverlayUi)).toHaveLength(1);
  // Loaded once per page: the card opened later comes from the same module.
  await page.locator('[data-jetway-badge="u_d95bf3e3ae"]').first().click();
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  expect(parsed.filter(isOverlayUi)).toHaveLength(1);
  await page.close();
});

test('on a fresh page the keyboard opens the card: focus and Enter arrive while the module loads, and it loads once', async () => {
  const page = await browser.context.newPage();
  const parsed = await parsedScripts(page);
  await page.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(4);
  // Focusing the badge reaches its post (Hand off starts loading the module); Enter asks for the card at once.
  await page.locator('[data-jetway-badge="u_d95bf3e3ae"]').first().focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  expect(parsed.filter(isOverlayUi)).toHaveLength(1);
  await page.close();
});
