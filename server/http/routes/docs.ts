import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../context';

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: object;
}

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:13px}';

/** The docs page loads nothing and runs nothing; its one inline style is allowed by its hash. */
const DOCS_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/** A self-contained docs page listing every route of the OpenAPI document (no CDN assets). */
export function docsPage(document: OpenApiDocument): string {
  const rows = Object.entries(document.paths ?? {}).flatMap(([path, operations]: [string, Record<string, { summary?: string } | undefined>]) =>
    Object.entries(operations ?? {}).map(
      ([method, operation]) =>
        `<tr><td><code>${escapeHtml(method.toUpperCase())}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation?.summary ?? '')}</td></tr>`,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Every <code>/v1</code> route needs <code>Authorization: Bearer &lt;agent token&gt;</code> or the Console's session cookie (changes then also send <code>X-Jetway-CSRF</code>). Writes take an <code>Idempotency-Key</code>.
Errors are <code>application/problem+json</code>. The machine-readable contract is <a href="/openapi.json">/openapi.json</a>.</p>
<table><thead><tr><th>method</th><th>path</th><th>what it does</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
}

/** The machine-readable contract and its readable list, made from the app's routes when asked. */
export function docsRoutes(document: () => OpenApiDocument) {
  return new Hono<AppEnv>().get('/openapi.json', (c) => c.json(document())).get('/docs', (c) => c.html(docsPage(document()), 200, { 'content-security-policy': DOCS_CSP }));
}
