import type { BrowserContext, Page } from '@playwright/test';
import { badgesOn, expect, fixture, launchWithExtension, layerText, serveSite, signIn, test } from './support/extension';
import { E2E_MEMBERS, membersCsv, TIER_NAMES } from './support/members';
import { xPostCell, xTimelinePage } from './support/pages';
import { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

const tierOf = (handle: string) => TIER_NAMES[E2E_MEMBERS.find((m) => m.xHandle === handle)!.tier]!;

test.beforeAll(async () => {
  server = new JetwayServer();
  const token = server.createAgent('Erin Agent', 'Social Care');
  server.createAgent('Bo Baggage', 'Baggage');
  server.importMembers(membersCsv());
  await server.start();
  browser = await launchWithExtension();
  await serveSite(browser.context, 'https://x.com', {
    '/home': fixture('x/x-folders/x-home.html'),
    '/explore': xTimelinePage([xPostCell('hostile_one', '<img src=x onerror="window.__pwned=1">\u202Eevil' + 'N'.repeat(10_000), '<script>window.__pwned=2</script> my bag <b>is</b> lost')]),
    '/notifications': xTimelinePage([xPostCell('back_again', 'Back Again', 'Where is my refund?')]),
  });
  await (await signIn(browser.context, server.url, token)).close();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

test('every member handle in posts gets one badge with the right tier, and others none', async () => {
  page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(4);
  const badges = await badgesOn(page);
  expect(badges.map((b) => b.handle).sort()).toEqual(['u_16f6cd2c6e', 'u_1f01dbe592', 'u_61d40d3e45', 'u_d95bf3e3ae']);
  for (const badge of badges) expect(badge.label).toBe(`Loyalty tier: ${tierOf(badge.handle)}`);
  // The light DOM carries the marker attribute only.
  const attributes = await page.locator('[data-jetway-badge]').evaluateAll((hosts) => hosts.map((h) => h.getAttributeNames()));
  for (const names of attributes) expect(names).toEqual(['data-jetway-badge']);
  await page.screenshot({ path: 'test-results/screenshots/x-home-badges-light.png' });
});

test('posts appended later (infinite scroll) get badges', async () => {
  await page.evaluate((cell) => {
    const list = document.querySelector('[data-testid="cellInnerDiv"]')!.parentElement!;
    const template = document.createElement('template');
    template.innerHTML = cell;
    list.append(template.content);
  }, xPostCell('late_member', 'Late Member', 'Delayed again at ARN'));
  await expect.poll(async () => (await badgesOn(page)).filter((b) => b.handle === 'late_member').map((b) => b.label), { timeout: 10_000 }).toEqual([
    'Loyalty tier: Concierge',
  ]);
});

test('the member card opens on the badge, shows the member, and closes with Escape', async () => {
  const host = page.locator('[data-jetway-badge="u_d95bf3e3ae"]').first();
  await host.scrollIntoViewIfNeeded();
  await host.click();
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  const text = await layerText(page);
  expect(text).toContain('•••• 0001');
  expect(text).toContain('ARN');
  expect(text).not.toContain('SK900000001');
  await page.screenshot({ path: 'test-results/screenshots/x-member-card.png' });
  await page.keyboard.press('Escape');
  await expect.poll(async () => layerText(page)).not.toContain('Gold Person');
  // Keyboard: focus the badge and press Enter.
  await host.focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  await page.mouse.click(5, 5);
  await expect.poll(async () => layerText(page)).not.toContain('Gold Person');
});

test('security: hostile display names and post text render as text and run nothing', async () => {
  const hostile = await browser.context.newPage();
  const dialogs: string[] = [];
  hostile.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await hostile.goto('https://x.com/explore');
  await expect.poll(async () => (await badgesOn(hostile)).map((b) => b.label), { timeout: 15_000 }).toEqual(['Loyalty tier: Silver']);
  await hostile.locator('[data-jetway-badge]').click();
  await expect.poll(async () => layerText(hostile), { timeout: 10_000 }).toContain('Hostile Name');
  expect(await hostile.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await hostile.locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);
  await hostile.close();
});

test('with the server stopped the page keeps working, and badges come back when it returns', async () => {
  await server.stop();
  const offline = await browser.context.newPage();
  const errors: string[] = [];
  offline.on('pageerror', (error) => errors.push(error.message));
  await offline.goto('https://x.com/notifications');
  await offline.waitForTimeout(2_000);
  expect(await badgesOn(offline)).toEqual([]);
  // The host page still works: its own links and text are untouched.
  await expect(offline.getByText('Where is my refund?')).toBeVisible();
  await server.start();
  await expect.poll(async () => (await badgesOn(offline)).map((b) => b.label), { timeout: 45_000, intervals: [1_000] }).toEqual([
    'Loyalty tier: Gold',
  ]);
  expect(errors).toEqual([]);
  await offline.close();
});
