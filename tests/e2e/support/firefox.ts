import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_BUILD = resolve('.output/firefox-mv2');
const ADDON_ID = 'jetway@jetway.example';
/** A fixed internal UUID for the add-on, so the test knows its moz-extension:// pages' address. */
const ADDON_UUID = '5f1e7c2a-8d7b-4c61-9a55-0f3b2f1d9e01';

/** Firefox ESR (Debian's `firefox-esr`), or `FIREFOX_PATH`. */
export function findFirefox(): string {
  for (const candidate of [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('No Firefox found for the Firefox smoke test. Install one (Debian: `apt-get install firefox-esr`) or set FIREFOX_PATH.');
}

/** Headless Firefox (WebDriver BiDi) with the built add-on installed as a temporary add-on. */
export async function launchFirefoxWithAddon(): Promise<{ browser: Browser; addonPage(path: string): string; close(): Promise<void> }> {
  if (!existsSync(join(FIREFOX_BUILD, 'manifest.json'))) throw new Error('The Firefox build is missing: run `npm run build` first (npm test does).');
  const profile = mkdtempSync(join(tmpdir(), 'jetway-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    userDataDir: profile,
    protocolTimeout: 120_000,
    // Firefox 153 lets WebDriver navigate only to http(s), file, blob and about:blank unless
    // the browser allows system access; the add-on's own pages are moz-extension://.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }) },
  });
  await browser.installExtension(FIREFOX_BUILD);
  return {
    browser,
    addonPage: (path) => `moz-extension://${ADDON_UUID}/${path}`,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a URL and waits for a selector. Navigation to a moz-extension:// page never reports
 * its load over BiDi in Firefox ESR 140, so the page's content is what proves it loaded.
 */
export async function openAndWait(page: Page, url: string, selector: string): Promise<void> {
  // On a busy machine a just-installed add-on's page can miss its first navigation (the
  // tab stays blank): open it again until the content shows, for up to three minutes.
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(() => undefined);
    const remaining = deadline - Date.now();
    try {
      await page.waitForSelector(selector, { timeout: Math.max(1_000, Math.min(45_000, remaining)) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
  }
}

/** Answers every https request to `origin` with the given pages by path (404 for anything else). */
export async function serveSiteInFirefox(page: Page, origin: string, pages: Record<string, string>): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin) {
      void request.continue();
      return;
    }
    const html = pages[url.pathname];
    void request.respond(html === undefined ? { status: 404, body: '' } : { status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}
