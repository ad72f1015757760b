import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        define: { __JETWAY_DEFAULT_SERVER__: JSON.stringify('http://127.0.0.1:8787') },
        test: {
          name: 'unit',
          include: ['{utils,entrypoints,components,console/src,tests}/**/__tests__/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/unit-setup.ts'],
          // Sized for a busy 2-core runner: parsing a large saved page, or starting a real
          // server for the background's round trips, can take many seconds there.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/__tests__/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/__tests__/global-setup.ts'],
          // Sized for a busy 2-core runner: a test may start a server (60 s there) more than
          // once, or seed the 10,000 demo members first (`npm start` twice).
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
