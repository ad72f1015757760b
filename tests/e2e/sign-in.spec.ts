import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { JETWAY_EXTENSION_ID } from '@/utils/contract/oauth';
import { badgesOn, EXTENSION_DIR, expect, extensionIdOf, fixture, launchWithExtension, layerText, serveSite, serviceWorkerOf, storedCounts, storedTokens, test } from './support/extension';
import { membersCsv } from './support/members';
import { JetwayServer } from './support/server';

/**
 * Issue #18's acceptance: Sign in with Jetway through the server's own page, a session that
 * survives a stopped worker, a browser restart and an extension update, and a revoked agent
 * signed out.
 */

test.describe.configure({ mode: 'serial' });

const EMAIL = 'erin@airline.example';
const PASSWORD = 'correct horse battery staple';
/** The four member handles on the saved X home page. */
const X_HOME_BADGES = 4;

let server: JetwayServer;
let profile: string;
/** The extension this profile runs: a copy of the build, so a test can update it in place. */
let extensionDir: string;
let browser: { context: BrowserContext; close(): Promise<void> };
/** Every URL the browser asked for, to prove no token ever travels in one. */
const urlsSeen: string[] = [];

function runCli(args: string[], input?: string): string {
  const outcome = spawnSync('npx', ['tsx', 'server/bin/cli.ts', ...args], {
    env: { ...process.env, JETWAY_DATA_DIR: server.dataDir },
    encoding: 'utf8',
    input,
  });
  if (outcome.status !== 0) throw new Error(`jetway ${args.join(' ')} failed (${outcome.status}): ${outcome.stderr}`);
  return outcome.stdout;
}

async function launch(): Promise<void> {
  browser = await launchWithExtension({ profile, extensionDir });
  browser.context.on('request', (request) => urlsSeen.push(request.url()));
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
}

async function optionsPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${await extensionIdOf(browser.context)}/options.html`);
  return page;
}

async function xHome(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  return page;
}

test.beforeAll(async () => {
  // Two CLI runs and a server start: slow on a busy machine.
  test.setTimeout(300_000);
  server = new JetwayServer();
  runCli(['agents', 'create', '--name', 'Erin Agent', '--team', 'Social Care', '--email', EMAIL, '--password-stdin'], `${PASSWORD}\n`);
  server.importMembers(membersCsv());
  await server.start();
  profile = mkdtempSync(join(tmpdir(), 'jetway-sign-in-profile-'));
  extensionDir = mkdtempSync(join(tmpdir(), 'jetway-sign-in-extension-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  await launch();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

test('Sign in with Jetway: the server page, email and password, and options says who is signed in', async () => {
  expect(await extensionIdOf(browser.context)).toBe(JETWAY_EXTENSION_ID);
  const options = await optionsPage();
  await options.getByLabel('Server URL').fill(server.url);
  // The token form waits behind its disclosure.
  await expect(options.getByLabel('Access token')).toBeHidden();
  const signInTab = browser.context.waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in with Jetway' }).click();
  const serverPage = await signInTab;
  await expect(options.getByText('Sign in on the Jetway page that opened in a new tab.')).toBeVisible();
  await serverPage.waitForURL(`${server.url}/oauth/authorize?**`);
  const authorize = new URL(serverPage.url());
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`chrome-extension://${JETWAY_EXTENSION_ID}/signed-in.html`);

  await serverPage.getByLabel('Email').fill(EMAIL);
  await serverPage.getByLabel('Password').fill(PASSWORD);
  await serverPage.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(serverPage.getByText('Signed in as Erin Agent · Social Care. You can close this tab.')).toBeVisible({ timeout: 30_000 });
  // The code left the address bar as soon as the page read it.
  expect(serverPage.url()).toBe(`chrome-extension://${JETWAY_EXTENSION_ID}/signed-in.html`);
  await serverPage.screenshot({ path: 'test-results/screenshots/sign-in-done.png' });
  // The sign-in tab closes itself.
  await serverPage.waitForEvent('close', { timeout: 15_000 });

  await expect(options.getByRole('status').filter({ hasText: 'Signed in as Erin Agent' })).toHaveText('Signed in as Erin Agent · Social Care');
  await expect(options.getByText('Sign in on the Jetway page that opened')).toHaveCount(0);
  await options.screenshot({ path: 'test-results/screenshots/options-signed-in-with-jetway.png', fullPage: true });
  await options.close();

  const x = await xHome();
  await expect.poll(async () => (await badgesOn(x)).length, { timeout: 30_000 }).toBe(X_HOME_BADGES);
  await x.close();
});

test('security: tokens never reach a URL, the page or the sign-in pages', async () => {
  const { access, refresh } = await storedTokens(browser.context);
  expect(access).toMatch(/.{20,}/);
  expect(refresh).toMatch(/.{20,}/);
  for (const url of urlsSeen) {
    expect(url).not.toContain(access!);
    expect(url).not.toContain(refresh!);
  }
  const x = await xHome();
  await expect.poll(async () => (await badgesOn(x)).length, { timeout: 30_000 }).toBe(X_HOME_BADGES);
  // Nothing in the page's DOM, its storage or its globals carries a token.
  const pageState = await x.evaluate(() => JSON.stringify({ html: document.documentElement.outerHTML, local: { ...localStorage }, session: { ...sessionStorage }, names: Object.keys(window) }));
  expect(pageState).not.toContain(access!);
  expect(pageState).not.toContain(refresh!);

  // Jetway's own content script, in its isolated world on the page, cannot read the
  // extension's storage at all: neither the session store nor the local one.
  const cdp = await browser.context.newCDPSession(x);
  const worlds: Array<{ id: number; name: string; origin: string }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const extensionId = await extensionIdOf(browser.context);
  await expect.poll(() => worlds.some((world) => world.origin.includes(extensionId)), { timeout: 15_000 }).toBe(true);
  const contentWorld = worlds.find((world) => world.origin.includes(extensionId))!;
  for (const area of ['session', 'local']) {
    const { result } = await cdp.send('Runtime.evaluate', {
      contextId: contentWorld.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `chrome.storage.${area}.get(null).then((items) => 'read: ' + JSON.stringify(items), (error) => 'refused: ' + error.message)`,
    });
    expect(String(result.value), `content script reading storage.${area}`).toMatch(/^refused: /);
  }
  await cdp.detach();
  await x.close();
  // The refresh token is not in extension storage a content script could read.
  const worker = await serviceWorkerOf(browser.context);
  const local = await worker.evaluate(async () => JSON.stringify(await (globalThis as any).chrome.storage.local.get(null)));
  expect(local).not.toContain(refresh!);
  expect(local).not.toContain(access!);
});

test('a stopped worker keeps the agent signed in', async () => {
  const worker = await serviceWorkerOf(browser.context);
  await worker.evaluate(() => ((globalThis as { __jetwayMarker?: number }).__jetwayMarker = 1));
  const x = await xHome();
  const cdp = await browser.context.newCDPSession(x);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await x.close();

  const after = await xHome();
  await expect.poll(async () => (await badgesOn(after)).length, { timeout: 30_000 }).toBe(X_HOME_BADGES);
  // The worker that answered is a new one: the marker went with the old.
  await expect
    .poll(async () => {
      const current = browser.context.serviceWorkers().at(-1)!;
      return current.evaluate(() => (globalThis as { __jetwayMarker?: number }).__jetwayMarker ?? 'restarted').catch(() => 'stopped');
    })
    .toBe('restarted');
  await after.close();
});

test('closing and relaunching the browser on the same profile keeps the agent signed in', async () => {
  test.setTimeout(180_000);
  const before = await storedTokens(browser.context);
  await browser.close();
  await launch();
  const x = await xHome();
  await expect.poll(async () => (await badgesOn(x)).length, { timeout: 30_000 }).toBe(X_HOME_BADGES);
  await x.close();
  // The session store was emptied with the browser: the background refreshed, and the refresh token rotated.
  const after = await storedTokens(browser.context);
  expect(after.access).not.toBe(before.access);
  expect(after.refresh).not.toBe(before.refresh);
  const options = await optionsPage();
  await expect(options.getByText('Signed in as Erin Agent')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toHaveCount(0);
  await options.close();
});

test('an extension update keeps the agent signed in', async () => {
  test.setTimeout(180_000);
  const before = await storedTokens(browser.context);
  const id = await extensionIdOf(browser.context);
  // A new version of the extension on disk, as an update delivers it: a higher version and a
  // changed background script that notes why the browser started it.
  const manifestPath = join(extensionDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string; background: { service_worker: string } };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: `${manifest.version}.1` }));
  appendFileSync(
    join(extensionDir, manifest.background.service_worker),
    '\nchrome.runtime.onInstalled.addListener((details) => { globalThis.__jetwayInstalled = details.reason; });\n',
  );
  // The browser installs it the way it installs any new version of an unpacked extension.
  const extensions = await browser.context.newPage();
  await extensions.goto('chrome://extensions');
  await expect(extensions.locator('extensions-manager')).toBeAttached();
  // Developer mode, as for any unpacked extension; then the new version replaces the old.
  await extensions.evaluate(async (extensionId) => {
    const developer = (globalThis as any).chrome.developerPrivate;
    await developer.updateProfileConfiguration({ inDeveloperMode: true });
    await developer.reload(extensionId, { failQuietly: true });
  }, id);

  // The agent goes on working: the page wakes the new version, which badges without a new sign-in.
  const x = await xHome();
  await expect.poll(async () => (await badgesOn(x)).length, { timeout: 30_000 }).toBe(X_HOME_BADGES);
  const installedAs = () =>
    Promise.all(browser.context.serviceWorkers().map((worker) => worker.evaluate(() => (globalThis as { __jetwayInstalled?: string }).__jetwayInstalled ?? null).catch(() => null)));
  await expect.poll(installedAs, { timeout: 30_000 }).toContain('update');
  await x.close();
  await extensions.close();
  // The update emptied the session store: the new version refreshed, and the refresh token rotated.
  const after = await storedTokens(browser.context);
  expect(after.access).not.toBeNull();
  expect(after.access).not.toBe(before.access);
  expect(after.refresh).not.toBeNull();
  expect(after.refresh).not.toBe(before.refresh);
  const options = await optionsPage();
  await expect(options.getByText('Signed in as Erin Agent')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toHaveCount(0);
  await options.close();
});

test('a revoked agent is signed out within 90 s and no badge shows', async () => {
  test.setTimeout(300_000);
  const options = await optionsPage();
  await expect(options.getByText('Signed in as Erin Agent')).toBeVisible();
  // Member answers this browser holds from the badges shown so far: they go with the session.
  await expect.poll(async () => (await storedCounts(options)).lookups, { timeout: 30_000 }).toBeGreaterThan(0);
  // The administrator revokes the agent while the server runs (the command goes through the
  // server with the data dir's admin key): every token of the agent stops working at once.
  expect(runCli(['agents', 'revoke', '--email', EMAIL])).toContain('Erin Agent');

  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toBeVisible({ timeout: 90_000 });
  await expect(options.getByRole('alert')).toContainText('Your Jetway session has ended');
  await options.screenshot({ path: 'test-results/screenshots/options-session-ended.png', fullPage: true });
  const x = await xHome();
  // The page's first badge attempt is answered "signed out": it says why, and no badge appears.
  await expect.poll(() => layerText(x), { timeout: 30_000 }).toContain('Your Jetway session has ended, so badges are off.');
  expect(await badgesOn(x)).toHaveLength(0);
  await x.screenshot({ path: 'test-results/screenshots/x-session-ended-notice.png' });
  expect(await storedTokens(browser.context)).toEqual({ access: null, refresh: null });
  expect(await storedCounts(options)).toEqual({ lookups: 0, cases: 0, handoffs: 0 });
  await x.close();
  // The popup says the session ended, and offers the way back.
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${await extensionIdOf(browser.context)}/popup.html`);
  await expect(popup.getByRole('alert')).toHaveText('Your Jetway session has ended. Sign in again to see badges, cases and handoffs.');
  await expect(popup.getByRole('button', { name: 'Sign in with Jetway' })).toBeVisible();
  await popup.screenshot({ path: 'test-results/screenshots/popup-session-ended.png' });
  await popup.close();
});
