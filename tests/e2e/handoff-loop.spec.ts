import type { Browser, BrowserContext, Page } from '@playwright/test';
import { auditPage, assertConsoleBuilt, createConsoleAccount, launchConsoleBrowser, signInToConsole } from './support/console';
import { clickHandOff, expect, extensionIdOf, fixture, handOffControlIn, launchWithExtension, layerText, serveSite, signIn, test } from './support/extension';
import { membersCsv } from './support/members';
import { JetwayServer } from './support/server';

/**
 * The whole loop of a handoff, as issue #17 asks: an agent hands off a saved real X post
 * from the extension; the receiving team finds it in the Console, sees the post and the
 * customer's preferred channel, accepts and resolves it; each status comes back to the
 * sender's popup ("Handed off").
 */
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const HANDLE = 'u_d95bf3e3ae';
const POST = 'https://x.com/u_d95bf3e3ae/status/1796621388997543347';
const BAGGAGE = { name: 'Bo Baggage', team: 'Baggage', email: 'bo.baggage@airline.example', role: 'agent' as const, password: 'correct horse battery staple' };

let server: JetwayServer;
let extension: { context: BrowserContext; close(): Promise<void> };
let consoleBrowser: Browser;
let popup: Page;

test.beforeAll(async () => {
  assertConsoleBuilt();
  server = new JetwayServer();
  const token = server.createAgent('Erin Agent', 'Social Care');
  createConsoleAccount(server, BAGGAGE);
  server.importMembers(membersCsv());
  await server.start();
  extension = await launchWithExtension();
  await (await signIn(extension.context, server.url, token)).close();
  await serveSite(extension.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
  consoleBrowser = await launchConsoleBrowser();
});

test.afterAll(async () => {
  await consoleBrowser?.close();
  await extension?.close();
  await server?.dispose();
});

/**
 * The popup's row for the customer, once the "Handed off" tab has read its list (the list,
 * or the words that it is empty); anything but exactly one row answers with what the tab
 * shows, so a failed wait says what the agent saw.
 */
async function handedOffRow(): Promise<string> {
  await popup.reload();
  await popup.getByRole('tab', { name: 'Handed off' }).click();
  const list = popup.getByRole('list', { name: 'Your handoffs of the last 7 days' });
  await expect(list.or(popup.getByText('You have handed nothing off in the last 7 days.'))).toBeVisible();
  const row = list.getByRole('listitem').filter({ hasText: `@${HANDLE}` });
  const rows = await row.count();
  return rows === 1 ? row.innerText() : `${rows} rows for @${HANDLE}; the popup shows: ${await popup.locator('main').innerText()}`;
}

test('hand off from X → Baggage accepts and resolves in the Console → the sender sees each status in the popup', async () => {
  const page = await extension.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 30_000 });
  await clickHandOff(await handOffControlIn(page.locator('article[data-testid="tweet"]').first()));
  await expect.poll(() => layerText(page), { timeout: 30_000 }).toMatch(/Handed off|queued/i);

  popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${await extensionIdOf(extension.context)}/popup.html`);
  await expect.poll(handedOffRow, { timeout: 90_000, intervals: [3_000] }).toContain('Sent to Baggage');

  const desk = await (await consoleBrowser.newContext({ locale: 'en-GB' })).newPage();
  await signInToConsole(desk, server.url, BAGGAGE);
  await desk.getByRole('searchbox').fill(HANDLE);
  await desk.getByRole('link', { name: new RegExp(HANDLE) }).first().click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText(HANDLE);
  await expect(desk.locator(`a[href="${POST}"]`)).toHaveCount(1);
  await expect(desk.getByText(/Message @u_d95bf3e3ae on X/)).toBeVisible();

  await desk.getByRole('button', { name: 'Accept' }).click();
  await expect.poll(handedOffRow, { timeout: 90_000, intervals: [3_000] }).toMatch(/Accepted by Baggage · .* · Bo Baggage/);
  await popup.screenshot({ path: 'test-results/screenshots/popup-handed-off-accepted.png' });

  await desk.getByRole('button', { name: 'Resolve' }).click();
  const dialog = desk.getByRole('dialog');
  await dialog.getByRole('textbox').fill('Bag found at CPH, couriered to the customer today.');
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect.poll(handedOffRow, { timeout: 90_000, intervals: [3_000] }).toContain('Resolved · Bag found at CPH, couriered to the customer today.');
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: 'test-results/screenshots/popup-handed-off-dark.png' });
  await auditPage(desk, 'console-handoff-resolved');
});
