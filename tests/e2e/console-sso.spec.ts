import { expect, test, type Browser, type Page } from '@playwright/test';
import { assertConsoleBuilt, createConsoleAccount, launchConsoleBrowser } from './support/console';
import { AIRLINE_ID_PEOPLE, CompanyIdentityProvider, IDP_NAME, keepOnLoopback, signInAtIdp } from './support/oidc';
import { JetwayServer } from './support/server';

/**
 * The Console's company sign-in, end to end in Chromium: the suite's real OpenID provider
 * on loopback, the Jetway server configured for it through its environment, and a person
 * who presses "Sign in with Airline ID", signs in at the provider and lands in the Console
 * signed in. An email Jetway does not know is refused with a clear message.
 */
test.describe.configure({ mode: 'serial' });

let idp: CompanyIdentityProvider;
let server: JetwayServer;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  assertConsoleBuilt();
  idp = await CompanyIdentityProvider.start();
  server = new JetwayServer(idp.jetwayEnv());
  await idp.acceptCallbacksOf(server);
  const bo = AIRLINE_ID_PEOPLE.bo;
  createConsoleAccount(server, { name: bo.name, team: 'Baggage', email: bo.email, role: 'agent', password: 'correct horse battery staple' });
  await server.start();
  browser = await launchConsoleBrowser();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await idp?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  await keepOnLoopback(context);
  return context.newPage();
}

test(`Sign in with ${IDP_NAME}: the provider's page, then the Console, signed in`, async () => {
  const page = await newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('link', { name: `Sign in with ${IDP_NAME}` }).click();
  await signInAtIdp(page, 'bo');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).pathname.startsWith('/console')).toBe(true);
  await expect(page.getByText(AIRLINE_ID_PEOPLE.bo.name).first()).toBeVisible();
});

test('an email Jetway does not know is refused with a clear message', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('link', { name: `Sign in with ${IDP_NAME}` }).click();
  await signInAtIdp(page, 'stranger');
  await expect(page.getByRole('heading', { name: 'Company sign-in did not work' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveText(`No Jetway account uses ${AIRLINE_ID_PEOPLE.stranger.email}. Ask your Jetway administrator to add you.`);
});
