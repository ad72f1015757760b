import { expect, test } from '@playwright/test';
import { fixture } from './support/extension';
import { launchFirefoxWithAddon, openAndWait, serveSiteInFirefox } from './support/firefox';
import { membersCsv } from './support/members';
import { xPostCell, xTimelinePage } from './support/pages';
import { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial', timeout: 480_000 });

let server: JetwayServer;
let firefox: Awaited<ReturnType<typeof launchFirefoxWithAddon>>;

test.beforeAll(async () => {
  server = new JetwayServer();
  const token = server.createAgent('Erin Agent', 'Social Care');
  server.createAgent('Bo Baggage', 'Baggage');
  server.importMembers(membersCsv());
  await server.start();
  firefox = await launchFirefoxWithAddon();
  (globalThis as { jetwayToken?: string }).jetwayToken = token;
});

test.afterAll(async () => {
  await firefox?.close();
  await server?.dispose();
});

test('Firefox ESR: the add-on starts, signs in and badges the members on a saved X page', async () => {
  const token = (globalThis as { jetwayToken?: string }).jetwayToken!;
  const options = await firefox.browser.newPage();
  await openAndWait(options, firefox.addonPage('options.html'), 'input');
  const serverUrl = await options.waitForSelector('::-p-aria(Server URL)');
  await serverUrl!.click({ count: 3 });
  await serverUrl!.type(server.url);
  await (await options.waitForSelector('::-p-text(Use an access token)'))!.click();
  await (await options.waitForSelector('::-p-aria(Access token)'))!.type(token);
  await (await options.waitForSelector('::-p-aria(Sign in[role="button"])'))!.click();
  // The add-on's pages forbid eval, so wait by text query rather than by a page function.
  await options.waitForSelector('::-p-text(Signed in as Erin Agent)', { timeout: 60_000 });

  const page = await firefox.browser.newPage();
  await serveSiteInFirefox(page, 'https://x.com', {
    '/home': fixture('x/x-folders/x-home.html'),
    '/notifications': xTimelinePage([xPostCell('back_again', 'Back Again', 'Where is my refund?')]),
  });
  await openAndWait(page, 'https://x.com/home', '[data-testid="primaryColumn"]');
  await expect
    .poll(() => page.$$eval('[data-jetway-badge]', (hosts) => hosts.map((host) => host.getAttribute('data-jetway-badge')).sort()), { timeout: 60_000 })
    .toEqual(['u_16f6cd2c6e', 'u_1f01dbe592', 'u_61d40d3e45', 'u_d95bf3e3ae']);

  // The member card comes with the overlay UI, a module the content script imports on the first click.
  expect(await page.$('[data-jetway-layer]')).toBeNull();
  await page.click('[data-jetway-badge="u_d95bf3e3ae"]');
  await page.waitForSelector('[data-jetway-layer]', { timeout: 60_000 });

  await openAndWait(page, 'https://x.com/notifications', '[data-testid="primaryColumn"]');
  await expect.poll(() => page.$$eval('[data-jetway-badge]', (hosts) => hosts.map((host) => host.getAttribute('data-jetway-badge'))), { timeout: 60_000 }).toEqual([
    'back_again',
  ]);
  await page.screenshot({ path: 'test-results/screenshots/firefox-x-badge.png' });
});
