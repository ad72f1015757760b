import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { problemResponse } from '../problem';

/** Where `npm run build:console` puts the Console (Vite's output: index.html and assets/). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist', import.meta.url));

/** Every HTML page the server sends runs only its own scripts and styles and cannot be framed. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `dir` a request path names, or null for anything outside it or hidden (e.g. `.stamp`). */
function fileFor(dir: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const path = resolve(dir, decoded);
  return path.startsWith(dir + sep) ? path : null;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

/**
 * The Console at `/console`: its built files as they are (hashed assets cached for good),
 * and `index.html` for every other path, so the single-page app's own routes load on
 * reload. Every HTML answer carries the strict CSP. Without a build: 503 saying how to make one.
 */
export function consoleRoutes(dir = CONSOLE_DIST) {
  const root = resolve(dir);
  const serveIndex = async () => {
    const html = await readFile(resolve(root, 'index.html'));
    return new Response(html, {
      headers: { 'content-type': TYPES['.html']!, 'content-security-policy': CONSOLE_CSP, 'cache-control': 'no-cache' },
    });
  };
  const serve = async (relative: string, method: string) => {
    if (method !== 'GET' && method !== 'HEAD') return problemResponse(404, 'No such route. See /docs for the API.', undefined, {}, 'route_not_found');
    if (!existsSync(resolve(root, 'index.html'))) {
      return problemResponse(503, 'The Console is not built; run npm run build:console', undefined, { 'retry-after': '60' }, 'console_not_built');
    }
    const file = relative === '' ? null : fileFor(root, relative);
    if (file && file !== resolve(root, 'index.html') && (await isFile(file))) {
      const immutable = relative.startsWith('assets/');
      return new Response(await readFile(file), {
        headers: {
          'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          ...(extname(file).toLowerCase() === '.html' ? { 'content-security-policy': CONSOLE_CSP } : {}),
        },
      });
    }
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must fail loudly.
    if (relative.startsWith('assets/') || relative.startsWith('.')) return problemResponse(404, 'No such file in the Console build.', undefined, {}, 'route_not_found');
    return serveIndex();
  };
  return new Hono<AppEnv>()
    .all('/console', (c) => serve('', c.req.method))
    .all('/console/*', (c) => serve(c.req.path.slice('/console/'.length), c.req.method));
}
