import type { BrowserContext, Page } from '@playwright/test';
import { clickHandOff, expect, fixture, handOffControlIn, insideWindow, layerControls, layerText, moveToEdge, serveSite, test, type Edge } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

const SMALL = { width: 800, height: 500 };
const NARROW = { width: 420, height: 500 };
const HANDLE = 'u_d95bf3e3ae';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ browser } = rig);
  // An open case with a note: the card at its tallest (case actions, note form, notes).
  const token = rig.tokens['Erin Agent']!;
  const opened = await rig.server.api<{ id: string }>(token, 'POST', '/v1/cases', { identity: { network: 'x', handle: HANDLE }, subject: 'Lost bag' });
  expect(opened.status).toBe(201);
  expect((await rig.server.api(token, 'POST', `/v1/cases/${opened.body.id}/notes`, { text: 'Asked for the bag tag number by DM' })).status).toBe(201);
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
  page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator(`[data-jetway-badge="${HANDLE}"]`).first()).toBeAttached({ timeout: 15_000 });
});

test.afterAll(async () => rig?.close());

async function badgeAt(edge: Edge) {
  const badge = page.locator(`[data-jetway-badge="${HANDLE}"]`).first();
  return { badge, box: await moveToEdge(badge, edge) };
}

async function expectAllInside(size: { width: number; height: number }, what: string) {
  const { panel, controls } = await layerControls(page);
  expect(panel, `${what}: a panel is open`).not.toBeNull();
  expect(insideWindow(panel!, size), `${what}: the panel ${JSON.stringify(panel)} is inside ${size.width}×${size.height}`).toBe(true);
  expect(controls.length).toBeGreaterThan(2);
  for (const control of controls) expect(insideWindow(control, size), `${what}: ${control.name} ${JSON.stringify(control)}`).toBe(true);
}

const activeIs = (attribute: string) => page.evaluate((name) => document.activeElement?.hasAttribute(name) ?? false, attribute);

for (const edge of ['bottom', 'top', 'left', 'right'] as const) {
  test(`the member card opened from a badge at the ${edge} of a small window has every control inside it`, async () => {
    const size = edge === 'left' || edge === 'right' ? NARROW : SMALL;
    await page.setViewportSize(size);
    const { badge, box } = await badgeAt(edge);
    expect(insideWindow(box, size)).toBe(true);
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => layerText(page), { timeout: 10_000 }).toContain('Asked for the bag tag number');
    await expectAllInside(size, `card, badge at the ${edge}`);

    // Keyboard focus stays in the card, both ways round; Escape gives it back to the badge.
    expect(await activeIs('data-jetway-layer')).toBe(true);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await activeIs('data-jetway-layer')).toBe(true);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+Tab');
    expect(await activeIs('data-jetway-layer')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => layerText(page)).not.toContain('Asked for the bag tag number');
    expect(await activeIs('data-jetway-badge')).toBe(true);
  });
}

test('the card near the bottom of a short window, light and dark, looks right', async () => {
  await page.setViewportSize(SMALL);
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => (document.body.style.backgroundColor = dark ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)'), theme === 'dark');
    const { badge } = await badgeAt('bottom');
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => layerText(page), { timeout: 10_000 }).toContain('Asked for the bag tag number');
    await expectAllInside(SMALL, `card (${theme})`);
    await page.screenshot({ path: `test-results/screenshots/card-bottom-${theme}.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => layerText(page)).not.toContain('Asked for the bag tag number');
  }
});

for (const edge of ['bottom', 'top', 'left', 'right'] as const) {
  test(`the Hand off menu opened at the ${edge} of a small window has every control inside it`, async () => {
    const size = edge === 'left' || edge === 'right' ? NARROW : SMALL;
    await page.setViewportSize(size);
    await page.evaluate(() => (document.body.style.backgroundColor = 'rgb(255, 255, 255)'));
    const posts = page.locator('article[data-testid="tweet"]');
    const post = posts.nth(1);
    const control = await handOffControlIn(post);
    await moveToEdge(control, edge);
    await clickHandOff(control, 'menu');
    await expect.poll(() => layerText(page), { timeout: 10_000 }).toContain('by loyalty number');
    await expectAllInside(size, `Hand off menu at the ${edge}`);
    await page.screenshot({ path: `test-results/screenshots/handoff-menu-${edge}.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => layerText(page)).not.toContain('by loyalty number');
  });
}
