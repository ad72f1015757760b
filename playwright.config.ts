import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One Chromium with the extension at a time: the machine has two cores and each test
  // file starts its own server and browser profile.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  // Sized for a busy 2-core runner: a test starts a server (up to 60 s there) and a browser.
  // Waits are conditions with generous limits, never fixed sleeps.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
});
