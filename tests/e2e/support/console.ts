import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { findChromium } from './chromium';
import { JetwayServer } from './server';

export interface ConsoleAccount {
  name: string;
  team: string;
  email: string;
  role: 'agent' | 'lead' | 'admin';
  /** At least 12 characters. */
  password: string;
}

/**
 * Creates an agent who can sign in to the Console (email + password) and returns the
 * personal access token the CLI prints last. The password goes in on stdin, never in argv.
 * Run it while the server is stopped: the embedded database has one process at a time.
 */
export function createConsoleAccount(server: JetwayServer, account: ConsoleAccount): string {
  const outcome = spawnSync(
    'npx',
    ['tsx', 'server/bin/cli.ts', 'agents', 'create', '--name', account.name, '--team', account.team, '--email', account.email, '--role', account.role, '--password-stdin'],
    { env: { ...process.env, JETWAY_DATA_DIR: server.dataDir }, input: `${account.password}\n`, encoding: 'utf8' },
  );
  if (outcome.status !== 0) throw new Error(`jetway agents create ${account.email} failed (${outcome.status}): ${outcome.stderr}`);
  const lines = outcome.stdout.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}

/** The built Console (`npm run build:console`) that the server serves at /console/. */
export function assertConsoleBuilt(): void {
  if (!existsSync(join('console', 'dist', 'index.html'))) {
    throw new Error('console/dist is missing: run `npm run build:console` first (npm run test:e2e does).');
  }
}

/** A plain Chromium (no extension): the Console is an ordinary web page. */
export function launchConsoleBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * A Console spec's server and browser, for its `beforeAll`: `prepare` adds agents, accounts
 * and members while the server is still stopped (the embedded database has one process at
 * a time), `started` does what needs the running server (handoffs made through the API).
 */
export async function startConsoleRig(
  prepare: (server: JetwayServer) => void,
  started?: (server: JetwayServer) => Promise<void>,
): Promise<{ server: JetwayServer; browser: Browser }> {
  assertConsoleBuilt();
  const server = new JetwayServer();
  prepare(server);
  await server.start();
  await started?.(server);
  return { server, browser: await launchConsoleBrowser() };
}

/** The `afterAll` of `startConsoleRig`: either may be missing when `beforeAll` failed. */
export async function stopConsoleRig(server: JetwayServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.dispose();
}

/** A fresh Console tab in its own context: British English, light, desktop size, downloads allowed. */
export async function openConsolePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', colorScheme: 'light', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  return context.newPage();
}

/** A link of the Console's top navigation, by its exact name. */
export const consoleNavLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });

export async function signInToConsole(page: Page, baseUrl: string, account: Pick<ConsoleAccount, 'email' | 'password'>): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const SCREENSHOTS = join('test-results', 'screenshots');
/** The screenshots docs/console.md shows. */
const DOC_IMAGES = join('docs', 'images');

/**
 * The page in light and in dark: axe-core finds no serious or critical violation in
 * either (contrast differs between them), and each is saved as `<name>-<scheme>.png`.
 * With `docImage` and `JETWAY_DOC_IMAGES=1` in the environment, the same two are also
 * written as the documentation's `docs/images/<docImage>.png` (light) and
 * `<docImage>-dark.png`; a plain test run leaves the committed images alone.
 */
export async function auditPage(page: Page, name: string, options: { docImage?: string } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, `serious or critical axe-core violations on ${name} (${colorScheme})`).toEqual([]);
    const screenshot = await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
    if (options.docImage && process.env.JETWAY_DOC_IMAGES === '1') writeFileSync(join(DOC_IMAGES, `${options.docImage}${colorScheme === 'dark' ? '-dark' : ''}.png`), screenshot);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Calls the API with a personal access token, with an Idempotency-Key on writes. */
export async function callApi<T = unknown>(server: JetwayServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
