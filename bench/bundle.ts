import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './report';

/** The raised budget (docs/extension.md, "What a page loads"): each content script, raw. */
export const CONTENT_SCRIPT_BUDGET_BYTES = 150_000;

/**
 * Size of each entrypoint's own file plus the shared chunks it loads (raw and gzip). The
 * content scripts (what every page parses before its first badge) carry the budget; the
 * overlay UI module they import when first needed is shown for information.
 */
export function measureBundles(outDir = '.output/chrome-mv3'): Figure[] {
  if (!existsSync(outDir)) throw new Error(`${outDir} is missing: build the extension first (npx wxt build).`);
  const files = listFiles(outDir).filter((file) => /\.(js|html|css)$/.test(file));
  return files
    .filter((file) => /content-scripts\/|background\.js$|popup|options/.test(file))
    .map((file) => {
      const bytes = readFileSync(file);
      const what = file.slice(outDir.length + 1);
      const contentScript = /^content-scripts\/[^/]+\.js$/.test(what);
      return {
        section: 'Bundle',
        what: contentScript ? `${what} (content script)` : what,
        value: `${(bytes.length / 1000).toFixed(1)} kB (${(gzipSync(bytes).length / 1000).toFixed(1)} kB gzip)`,
        budget: contentScript ? `≤ ${CONTENT_SCRIPT_BUDGET_BYTES / 1000} kB` : '—',
        met: contentScript ? bytes.length <= CONTENT_SCRIPT_BUDGET_BYTES : null,
      };
    });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
