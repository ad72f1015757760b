import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ALL_MATCHES } from '../../utils/sites/registry';

/**
 * Reads the manifests `npm run build` wrote (the e2e suite runs after the build): every
 * page a content script runs on must be covered by a host permission, in both builds.
 */
const BUILDS = [
  { name: 'Chrome MV3', dir: '.output/chrome-mv3' },
  { name: 'Firefox MV2', dir: '.output/firefox-mv2' },
];

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: Array<{ matches: string[] }>;
}

/** `scheme://host/path` of a match pattern (`<all_urls>` is never used by Jetway). */
function parts(pattern: string): { scheme: string; host: string; path: string } {
  const match = /^(\*|https?|wss?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!match) throw new Error(`Not a match pattern: ${pattern}`);
  return { scheme: match[1]!, host: match[2]!, path: match[3]! };
}

/** Whether every URL `inner` matches is also matched by `outer` (match-pattern semantics). */
function covers(outer: string, inner: string): boolean {
  const a = parts(outer);
  const b = parts(inner);
  const scheme = a.scheme === b.scheme || (a.scheme === '*' && ['http', 'https', '*'].includes(b.scheme));
  const host =
    a.host === '*' ||
    a.host === b.host ||
    (a.host.startsWith('*.') && (b.host === a.host.slice(2) || b.host.endsWith(a.host.slice(1))));
  const path = a.path === '/*' || a.path === b.path;
  return scheme && host && path;
}

function hostPermissionsOf(manifest: Manifest): string[] {
  // MV2 keeps host permissions among the permissions.
  const listed = manifest.manifest_version >= 3 ? (manifest.host_permissions ?? []) : (manifest.permissions ?? []);
  return listed.filter((entry) => entry.includes('://'));
}

for (const build of BUILDS) {
  test(`${build.name}: every content-script match is covered by a host permission`, () => {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(`${build.dir}/manifest.json`, 'utf8')) as Manifest;
    } catch (error) {
      throw new Error(`${build.dir}/manifest.json is missing: run \`npm run build\` before the e2e suite (${String(error)})`);
    }
    const hostPermissions = hostPermissionsOf(manifest);
    const matches = (manifest.content_scripts ?? []).flatMap((script) => script.matches);
    expect(matches.length).toBeGreaterThan(0);
    const uncovered = matches.filter((match) => !hostPermissions.some((permission) => covers(permission, match)));
    expect(uncovered, `content-script matches without a host permission in ${build.dir}`).toEqual([]);
    // And both are the registry's: no site listed anywhere else.
    expect([...new Set(matches)].sort()).toEqual([...ALL_MATCHES].sort());
    expect([...hostPermissions].sort()).toEqual([...ALL_MATCHES].sort());
  });
}

test('the coverage check itself tells covered from uncovered patterns', () => {
  expect(covers('https://x.com/*', 'https://x.com/*')).toBe(true);
  expect(covers('https://*.facebook.com/*', 'https://web.facebook.com/*')).toBe(true);
  expect(covers('*://*/*', 'https://mobile.x.com/*')).toBe(true);
  expect(covers('https://x.com/*', 'https://mobile.x.com/*')).toBe(false);
  expect(covers('https://www.facebook.com/*', 'https://web.facebook.com/*')).toBe(false);
  expect(covers('http://x.com/*', 'https://x.com/*')).toBe(false);
});
