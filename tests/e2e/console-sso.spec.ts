import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import Provider from 'oidc-provider';
import { assertConsoleBuilt, createConsoleAccount, launchConsoleBrowser } from './support/console';
import { JetwayServer } from './support/server';

/**
 * The Console's company sign-in, end to end in Chromium: a real OpenID provider
 * (oidc-provider) on loopback, the Jetway server configured for it through its environment,
 * and a person who presses "Sign in with Airline ID", signs in at the provider and lands in
 * the Console signed in. An email Jetway does not know is refused with a clear message.
 */
test.describe.configure({ mode: 'serial' });

const PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  bo: { email: 'bo.baggage@airline.example', email_verified: true, name: 'Bo Baggage' },
  stranger: { email: 'stranger@airline.example', email_verified: true, name: 'Some Stranger' },
};

let idp: Server;
let server: JetwayServer;
let browser: Browser;

function listen(http: Server, port = 0): Promise<number> {
  return new Promise((resolve) => http.listen(port, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  assertConsoleBuilt();
  idp = createServer();
  const issuer = `http://127.0.0.1:${await listen(idp)}`;
  const secret = randomBytes(24).toString('base64url');
  server = new JetwayServer({
    JETWAY_OIDC_ISSUER: issuer,
    JETWAY_OIDC_CLIENT_ID: 'jetway-server',
    JETWAY_OIDC_CLIENT_SECRET: secret,
    JETWAY_OIDC_NAME: 'Airline ID',
  });
  // The server's port is fixed first: the provider must know the callback it may return to.
  const probe = createServer();
  server.port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'jetway-server', client_secret: secret, redirect_uris: [`${server.url}/oauth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: (_ctx, sub) => (PEOPLE[sub] ? { accountId: sub, claims: () => ({ sub, ...PEOPLE[sub]! }) } : undefined),
  });
  idp.on('request', provider.callback());
  createConsoleAccount(server, { name: 'Bo Baggage', team: 'Baggage', email: 'bo.baggage@airline.example', role: 'agent', password: 'correct horse battery staple' });
  await server.start();
  browser = await launchConsoleBrowser();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await new Promise((resolve) => idp?.close(resolve));
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  // Nothing leaves the machine (the provider's development pages ask for a web font).
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return context.newPage();
}

/** The provider's own development pages: its login form, then its consent. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('Sign in with Airline ID: the provider\'s page, then the Console, signed in', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('link', { name: 'Sign in with Airline ID' }).click();
  await signInAtProvider(page, 'bo');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).pathname.startsWith('/console')).toBe(true);
  await expect(page.getByText('Bo Baggage').first()).toBeVisible();
});

test('an email Jetway does not know is refused with a clear message', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/console/`);
  await page.getByRole('link', { name: 'Sign in with Airline ID' }).click();
  await signInAtProvider(page, 'stranger');
  await expect(page.getByRole('heading', { name: 'Company sign-in did not work' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveText('No Jetway account uses stranger@airline.example. Ask your Jetway administrator to add you.');
});
