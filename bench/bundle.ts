import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { Figure } from './report';

/** Size of each entrypoint's own file plus the shared chunks it loads (raw and gzip). */
export function measureBundles(outDir = '.output/chrome-mv3'): Figure[] {
  if (!existsSync(outDir)) throw new Error(`${outDir} is missing: build the extension first (npx wxt build).`);
  const files = listFiles(outDir).filter((file) => /\.(js|html|css)$/.test(file));
  return files
    .filter((file) => /content-scripts\/|background\.js$|popup|options/.test(file))
    .map((file) => {
      const bytes = readFileSync(file);
      return {
        section: 'Bundle',
        what: file.slice(outDir.length + 1),
        value: `${(bytes.length / 1024).toFixed(1)} kB (${(gzipSync(bytes).length / 1024).toFixed(1)} kB gzip)`,
        budget: '—',
        met: null,
      };
    });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
