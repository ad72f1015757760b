import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The product icon has one source, `components/icons/jetway.svg`; the Console serves it as `jetway.svg`. */
function jetwayIcon(): Plugin {
  const source = fileURLToPath(new URL('../components/icons/jetway.svg', import.meta.url));
  return {
    name: 'jetway-icon',
    configureServer(server) {
      server.middlewares.use('/console/jetway.svg', (_request, response) => {
        response.setHeader('content-type', 'image/svg+xml');
        response.end(readFileSync(source));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'jetway.svg', source: readFileSync(source) });
    },
  };
}

/**
 * The Console: a static React app the Jetway server serves at `/console/` under a strict
 * CSP (no inline scripts or styles), so every script and stylesheet is emitted as a file.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react(), jetwayIcon()],
  resolve: {
    // The same `@/` alias as the extension, so the contract is imported once, by one name.
    alias: { '@': repoRoot.replace(/\/$/, '') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs; the CSP allows files from 'self'.
    assetsInlineLimit: 0,
    // Vite's module preload polyfill is an inline script; modern browsers do not need it.
    modulePreload: { polyfill: false },
  },
  server: {
    fs: { allow: [repoRoot] },
    // `npm run dev -- --config console/vite.config.ts` against a local server on :8787.
    proxy: { '/auth': 'http://127.0.0.1:8787', '/oauth': 'http://127.0.0.1:8787', '/v1': 'http://127.0.0.1:8787' },
  },
});
