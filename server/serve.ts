/**
 * Kept only for entrypoints/background/__tests__/real-server.ts, which imports this path;
 * new code imports from `server/index.ts`. Remove once that test does too.
 */
export { startServer, type RunningServer } from './bin/serve';
