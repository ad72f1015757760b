import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { JETWAY_EXTENSION_ID } from '@/utils/contract/oauth';
import { badgesOn, expect, extensionIdOf, fixture, launchWithExtension, serveSite, storedTokens, test } from './support/extension';
import { E2E_MEMBERS, membersCsv, TIER_NAMES } from './support/members';
import { AIRLINE_ID_PEOPLE, CompanyIdentityProvider, forgetIdpSession, IDP_NAME, keepOnLoopback, signInAtIdp, type IdpLogin } from './support/oidc';
import { JetwayServer } from './support/server';

/**
 * Issue #18's acceptance with the company's identity provider: in Chromium with the built
 * extension on a persistent profile, Sign in with Jetway → the server's page → Sign in with
 * Airline ID → the provider's login and consent → back to the extension, signed in, and a
 * saved X page shows the member's badge. A person the airline's provider knows but Jetway
 * does not is refused; a server with a default team adds them on first sign-in instead.
 */

test.describe.configure({ mode: 'serial' });

const TEAM = 'Social Care';
const NEWCOMERS_TEAM = 'Baggage';
/** The Gold member whose post is on the saved X home page. */
const MEMBER = E2E_MEMBERS[0]!;

let idp: CompanyIdentityProvider;
/** Knows Dana Berg; refuses every other email. */
let server: JetwayServer;
/** The same provider, with `JETWAY_OIDC_DEFAULT_TEAM`: an unknown verified email becomes an agent. */
let newcomers: JetwayServer;
let profile: string;
let browser: { context: BrowserContext; close(): Promise<void> };

test.beforeAll(async () => {
  // A CLI run, two server starts and a browser: slow on a busy machine.
  test.setTimeout(300_000);
  idp = await CompanyIdentityProvider.start();
  server = new JetwayServer(idp.jetwayEnv());
  newcomers = new JetwayServer(idp.jetwayEnv({ JETWAY_OIDC_DEFAULT_TEAM: NEWCOMERS_TEAM }));
  await idp.acceptCallbacksOf(server, newcomers);
  // An agent who signs in only through the company: no Jetway password.
  server.cli(['agents', 'create', '--name', AIRLINE_ID_PEOPLE.dana.name, '--team', TEAM, '--email', AIRLINE_ID_PEOPLE.dana.email]);
  server.importMembers(membersCsv());
  await server.start();
  await newcomers.start();
  profile = mkdtempSync(join(tmpdir(), 'jetway-sso-profile-'));
  browser = await launchWithExtension({ profile });
  await keepOnLoopback(browser.context);
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await newcomers?.dispose();
  await idp?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function optionsPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${await extensionIdOf(browser.context)}/options.html`);
  return page;
}

/**
 * From the options page through the company's provider as `login`: Sign in with Jetway, the
 * server's page, Sign in with Airline ID, the provider's login and consent. Returns the tab
 * the sign-in ran in, wherever the server then sent it.
 */
async function signInWithCompany(options: Page, serverUrl: string, login: IdpLogin): Promise<Page> {
  await options.getByLabel('Server URL').fill(serverUrl);
  const opened = browser.context.waitForEvent('page');
  await options.getByRole('button', { name: 'Sign in with Jetway' }).click();
  const tab = await opened;
  await tab.waitForURL(`${serverUrl}/oauth/authorize?**`);
  await tab.getByRole('link', { name: `Sign in with ${IDP_NAME}` }).click();
  await signInAtIdp(tab, login);
  return tab;
}

test('a person Jetway does not know is refused with the server\'s message, and the extension stays signed out', async () => {
  expect(await extensionIdOf(browser.context)).toBe(JETWAY_EXTENSION_ID);
  const options = await optionsPage();
  const tab = await signInWithCompany(options, server.url, 'stranger');

  await expect(tab.getByRole('heading', { name: 'Company sign-in did not work' })).toBeVisible({ timeout: 30_000 });
  await expect(tab.getByRole('alert')).toHaveText(`No Jetway account uses ${AIRLINE_ID_PEOPLE.stranger.email}. Ask your Jetway administrator to add you.`);
  // The refusal is the server's page: the tab never went back to the extension with a code.
  expect(new URL(tab.url()).origin).toBe(server.url);
  await tab.screenshot({ path: 'test-results/screenshots/sso-unknown-email.png' });
  await tab.close();

  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toBeVisible();
  await expect(options.getByText('Signed in as')).toHaveCount(0);
  expect(await storedTokens(browser.context)).toEqual({ access: null, refresh: null });
  await options.close();
  await forgetIdpSession(browser.context);
});

test(`Sign in with ${IDP_NAME}: the provider's pages, back to the extension signed in, and the member's badge on X`, async () => {
  const options = await optionsPage();
  const tab = await signInWithCompany(options, server.url, 'dana');

  const signedIn = `Signed in as ${AIRLINE_ID_PEOPLE.dana.name} · ${TEAM}`;
  await expect(tab.getByText(`${signedIn}. You can close this tab.`)).toBeVisible({ timeout: 30_000 });
  // The code left the address bar as soon as the page read it.
  expect(tab.url()).toBe(`chrome-extension://${JETWAY_EXTENSION_ID}/signed-in.html`);
  await tab.waitForEvent('close', { timeout: 15_000 });

  await expect(options.getByRole('status').filter({ hasText: 'Signed in as' })).toHaveText(signedIn);
  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toHaveCount(0);
  // A team made on the command line has no handoff teams yet: the agent is told where they come from.
  await expect(options.getByRole('combobox', { name: 'Default handoff team' })).toHaveText(
    "Your team has no handoff teams yet; an admin sets them on the Console's Teams page",
  );
  for (const colorScheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme });
    await options.screenshot({ path: `test-results/screenshots/options-signed-in-with-airline-id-${colorScheme}.png`, fullPage: true });
  }
  await options.close();

  const x = await browser.context.newPage();
  await x.goto('https://x.com/home');
  await expect
    .poll(async () => (await badgesOn(x)).filter((badge) => badge.handle === MEMBER.xHandle).map((badge) => badge.label), { timeout: 30_000 })
    .toEqual([`Loyalty tier: ${TIER_NAMES[MEMBER.tier]}`]);
  await x.close();
  await forgetIdpSession(browser.context);
});

test('with a default team, the server adds a person it does not know on their first company sign-in', async () => {
  const options = await optionsPage();
  await options.getByRole('button', { name: 'Sign out' }).click();
  await expect(options.getByRole('button', { name: 'Sign in with Jetway' })).toBeVisible();

  const tab = await signInWithCompany(options, newcomers.url, 'nova');
  const signedIn = `Signed in as ${AIRLINE_ID_PEOPLE.nova.name} · ${NEWCOMERS_TEAM}`;
  await expect(tab.getByText(`${signedIn}. You can close this tab.`)).toBeVisible({ timeout: 30_000 });
  await tab.waitForEvent('close', { timeout: 15_000 });
  await expect(options.getByRole('status').filter({ hasText: 'Signed in as' })).toHaveText(signedIn);
  await options.close();
});
