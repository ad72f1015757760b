import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the e2e suite drives: `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`,
 * then Playwright's managed Chromium. Extensions need a real Chromium build (branded
 * Chrome ignores `--load-extension`).
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', managedChromium()];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Chromium found for the e2e tests. Set CHROMIUM_PATH to a Chromium binary, install one ' +
      '(Debian/Ubuntu: `sudo apt-get install chromium`), or run `npx playwright install chromium`.',
  );
}

function managedChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
