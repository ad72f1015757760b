import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { fixture } from './support/extension';
import { launchFirefoxWithAddon, openAndWait, serveSiteInFirefox } from './support/firefox';
import { membersCsv } from './support/members';
import { JetwayServer } from './support/server';

/** Sign in with Jetway in Firefox ESR: identity.launchWebAuthFlow to the server's page and back. */

test.describe.configure({ mode: 'serial', timeout: 480_000 });

const EMAIL = 'erin@airline.example';
const PASSWORD = 'correct horse battery staple';

let server: JetwayServer;
let firefox: Awaited<ReturnType<typeof launchFirefoxWithAddon>>;

test.beforeAll(async () => {
  server = new JetwayServer();
  const created = spawnSync('npx', ['tsx', 'server/bin/cli.ts', 'agents', 'create', '--name', 'Erin Agent', '--team', 'Social Care', '--email', EMAIL, '--password-stdin'], {
    env: { ...process.env, JETWAY_DATA_DIR: server.dataDir },
    encoding: 'utf8',
    input: `${PASSWORD}\n`,
  });
  if (created.status !== 0) throw new Error(created.stderr);
  server.importMembers(membersCsv());
  await server.start();
  firefox = await launchFirefoxWithAddon();
});

test.afterAll(async () => {
  await firefox?.close();
  await server?.dispose();
});

test('Firefox ESR: Sign in with Jetway through the browser sign-in window, then badges', async () => {
  const options = await firefox.browser.newPage();
  await openAndWait(options, firefox.addonPage('options.html'), 'input');
  const serverUrl = await options.waitForSelector('::-p-aria(Server URL)');
  await serverUrl!.click({ count: 3 });
  await serverUrl!.type(server.url);
  const signInWindow = firefox.browser.waitForTarget((target) => target.url().startsWith(`${server.url}/oauth/authorize`), { timeout: 60_000 });
  await (await options.waitForSelector('::-p-text(Sign in with Jetway)'))!.click();
  const serverPage = (await (await signInWindow).page())!;
  await (await serverPage.waitForSelector('::-p-aria(Email)'))!.type(EMAIL);
  await (await serverPage.waitForSelector('::-p-aria(Password)'))!.type(PASSWORD);
  await (await serverPage.waitForSelector('button[type="submit"]'))!.click();
  await options.waitForSelector('::-p-text(Signed in as Erin Agent)', { timeout: 60_000 });
  await options.screenshot({ path: 'test-results/screenshots/firefox-signed-in-with-jetway.png' });

  const page = await firefox.browser.newPage();
  await serveSiteInFirefox(page, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
  await openAndWait(page, 'https://x.com/home', '[data-testid="primaryColumn"]');
  await expect
    .poll(() => page.$$eval('[data-jetway-badge]', (hosts) => hosts.length), { timeout: 60_000 })
    .toBe(4);
});
