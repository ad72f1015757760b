import type { BrowserContext, Page } from '@playwright/test';
import { expect, extensionIdOf, signIn, storedCounts, test } from './support/extension';
import { setUpJetway, shownDeadline, type JetwayRig } from './support/jetway';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let token: string;
let extensionId: string;

async function openPopup(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width: 380, height: 560 });
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  return page;
}

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']], signIn: false });
  ({ server, browser } = rig);
  token = rig.tokens['Erin Agent']!;
  extensionId = await extensionIdOf(browser.context);
});

test.afterAll(async () => rig?.close());

test('signed out, the popup says so and leads to sign-in; the options page signs in', async () => {
  const popup = await openPopup();
  await expect(popup.getByRole('heading', { name: 'Open cases' })).toBeVisible();
  await expect(popup.getByText('You are signed out')).toBeVisible();
  await popup.screenshot({ path: 'test-results/screenshots/popup-signed-out.png' });
  await popup.close();

  const wrong = await browser.context.newPage();
  await wrong.goto(`chrome-extension://${extensionId}/options.html`);
  await wrong.getByLabel('Server URL').fill(server.url);
  await wrong.getByText('Use an access token').click();
  await wrong.getByLabel('Access token').fill('jw_this-token-is-wrong');
  await wrong.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(wrong.getByRole('alert')).toContainText('did not accept this token');
  await wrong.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await wrong.getByLabel('Access token').fill(token);
  await wrong.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(wrong.getByRole('alert')).toContainText('No Jetway server answered');
  await wrong.close();

  const options = await signIn(browser.context, server.url, token);
  await expect(options.getByText('Signed in as Erin Agent')).toBeVisible();
  await options.screenshot({ path: 'test-results/screenshots/options-signed-in.png', fullPage: true });
  await options.close();
});

test('the popup is empty until a case is opened, then shows it with handle, tier and deadline', async () => {
  const empty = await openPopup();
  await expect(empty.getByText('No open cases for you')).toBeVisible();
  await empty.screenshot({ path: 'test-results/screenshots/popup-empty.png' });
  await empty.close();

  // A case opened through the API for an imported member; a lookup caches the member's tier.
  const opened = await server.api<{ id: string; firstResponseDueAt: string; resolutionDueAt: string }>(token, 'POST', '/v1/cases', {
    identity: { network: 'x', handle: 'u_d95bf3e3ae' },
    subject: 'Bag did not arrive at ARN',
    postUrl: 'https://x.com/u_d95bf3e3ae/status/1796621388997543347',
  });
  expect(opened.status).toBe(201);
  const popup = await openPopup();
  await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ jetway: 'syncNow' }));
  const row = popup.getByRole('listitem').filter({ hasText: '@u_d95bf3e3ae' });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('Bag did not arrive at ARN');
  await expect(row).toContainText(shownDeadline(opened.body));
  await expect(row.getByRole('img', { name: 'Loyalty tier: Gold' })).toBeVisible();
  await popup.screenshot({ path: 'test-results/screenshots/popup-cases.png' });

  await row.getByRole('button', { name: 'Resolve' }).click();
  await expect
    .poll(async () => (await server.api<{ cases: Array<{ id: string; status: string }> }>(token, 'GET', '/v1/cases?scope=team&status=all')).body.cases.find((c) => c.id === opened.body.id)?.status, { timeout: 15_000 })
    .toBe('resolved');
  await expect(popup.getByText('No open cases for you')).toBeVisible({ timeout: 15_000 });
  await popup.close();
});

test('dark theme follows the system', async () => {
  await server.api(token, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'u_1f01dbe592' }, subject: 'Refund for cancelled flight' });
  const popup = await openPopup('dark');
  await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ jetway: 'syncNow' }));
  await expect(popup.getByRole('listitem').filter({ hasText: '@u_1f01dbe592' })).toBeVisible({ timeout: 15_000 });
  const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(21, 24, 28)');
  await popup.screenshot({ path: 'test-results/screenshots/popup-dark.png' });
  await popup.close();
});

test('security: a case holding an address that is not a supported site’s page gets no link in the popup', async () => {
  const handle = 'u_61d40d3e45';
  const opened = await server.api<{ id: string }>(token, 'POST', '/v1/cases', {
    identity: { network: 'x', handle },
    subject: 'Seat refund',
    postUrl: `https://x.com/${handle}/status/1796621388997543347`,
  });
  expect(opened.status).toBe(201);
  const popup = await openPopup();
  await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ jetway: 'syncNow' }));
  const open = popup.getByRole('button', { name: `Open the post by @${handle}` });
  await expect(open).toBeEnabled({ timeout: 15_000 });

  // A case cached before the server refused other addresses: the server is away, so no
  // sync replaces it, and its address is a data: page (a phishing page behind a case).
  await server.stop();
  await popup.evaluate(
    ({ id }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('jetway');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction('cases', 'readwrite');
          const store = tx.objectStore('cases');
          const read = store.get(id);
          read.onsuccess = () => store.put({ ...read.result, postUrl: 'data:text/html,<h1>Sign in again</h1>' });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { id: opened.body.id },
  );
  await popup.reload();
  await expect(popup.getByRole('listitem').filter({ hasText: `@${handle}` })).toContainText('Seat refund');
  await expect(open).toBeDisabled();
  const pagesBefore = browser.context.pages().length;
  await open.click({ force: true });
  await popup.waitForTimeout(500);
  expect(browser.context.pages()).toHaveLength(pagesBefore);
  await popup.close();
  await server.start();
});

test('signing out leaves no member data in the extension database', async () => {
  const popup = await openPopup();
  await expect.poll(async () => (await storedCounts(popup)).cases, { timeout: 10_000 }).toBeGreaterThan(0);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('button', { name: 'Sign out' }).click();
  await expect(options.getByText('Signed out')).toBeVisible();
  expect(await storedCounts(popup)).toEqual({ lookups: 0, cases: 0, handoffs: 0 });
  const session = await popup.evaluate(() => (globalThis as any).chrome.storage.session.get(null));
  expect(JSON.stringify(session)).not.toContain(token);
  const local = await popup.evaluate(() => (globalThis as any).chrome.storage.local.get(null));
  expect(JSON.stringify(local)).not.toContain(token);
  await options.close();
  await popup.close();
});
