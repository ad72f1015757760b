import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { OVERLAY_UI_FILE } from '../../utils/overlay/ui-file';
import { ALL_MATCHES } from '../../utils/sites/registry';

/** What the packages an airline's IT distributes must carry (the builds `npm test` made before this suite). */
const BUILDS = { chrome: resolve('.output/chrome-mv3'), firefox: resolve('.output/firefox-mv2') } as const;
const ICON_SIZES = ['16', '32', '48', '128'];
/** The raised budget (docs/extension.md, "What a page loads"): what every X or Facebook page parses before its first badge. */
const CONTENT_SCRIPT_BYTES = 150_000;
/** Marks of React (its element symbol) and of Zod (its base schema's name), in minified code too. */
const UI_LIBRARY_MARKS = { React: 'react.transitional.element', Zod: '$ZodType' };

function manifestOf(dir: string): Record<string, unknown> {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`No build at ${dir}: run npm run build first (npm test does).`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** The 8-byte PNG signature, then the IHDR chunk's width and height. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

for (const [browser, dir] of Object.entries(BUILDS)) {
  test(`${browser} build carries the Jetway icon at 16, 32, 48 and 128 px, also on the toolbar button`, () => {
    const manifest = manifestOf(dir);
    const icons = z.record(z.string(), z.string()).parse(manifest.icons);
    expect(Object.keys(icons).sort()).toEqual([...ICON_SIZES].sort());
    for (const size of ICON_SIZES) {
      expect(pngSize(join(dir, icons[size]!))).toEqual({ width: Number(size), height: Number(size) });
    }
    const action = z.object({ default_icon: z.record(z.string(), z.string()) }).parse(manifest.action ?? manifest.browser_action);
    for (const path of Object.values(action.default_icon)) expect(existsSync(join(dir, path))).toBe(true);
  });
}

for (const [browser, dir] of Object.entries(BUILDS)) {
  test(`${browser}: each content script is at most 150 kB, with neither React nor Zod; the overlay UI loads beside it`, () => {
    const scripts = readdirSync(join(dir, 'content-scripts')).filter((name) => name.endsWith('.js'));
    expect(scripts.sort()).toEqual(['facebook.js', 'x.js']);
    for (const script of scripts) {
      const code = readFileSync(join(dir, 'content-scripts', script), 'utf8');
      expect(Buffer.byteLength(code), `${script} is ${Buffer.byteLength(code)} bytes`).toBeLessThanOrEqual(CONTENT_SCRIPT_BYTES);
      for (const [library, mark] of Object.entries(UI_LIBRARY_MARKS)) expect(code.includes(mark), `${script} carries ${library}`).toBe(false);
    }
    // The card and Hand off are a module the content scripts import: it must be there, and
    // web accessible on the supported sites' pages only. In Chromium the sign-in return page is
    // web accessible to server origins only, so the server's sign-in page can send the agent back.
    const overlayUi = readFileSync(join(dir, OVERLAY_UI_FILE), 'utf8');
    expect(overlayUi).toContain(UI_LIBRARY_MARKS.React);
    const resources = manifestOf(dir).web_accessible_resources;
    if (browser === 'firefox') expect(resources).toEqual([OVERLAY_UI_FILE]);
    else
      expect(resources).toEqual([
        { resources: [OVERLAY_UI_FILE], matches: ALL_MATCHES },
        { resources: ['signed-in.html'], matches: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'] },
      ]);
  });
}

test('Firefox (Manifest V2): Alt+Shift+J opens the popup through _execute_browser_action', () => {
  const commands = z.record(z.string(), z.unknown()).parse(manifestOf(BUILDS.firefox).commands);
  expect(Object.keys(commands)).toContain('_execute_browser_action');
  expect(Object.keys(commands)).not.toContain('_execute_action');
  expect(Object.keys(z.record(z.string(), z.unknown()).parse(manifestOf(BUILDS.chrome).commands))).toContain('_execute_action');
});

test('Firefox keeps the optional permission for the server origin (optional_permissions in Manifest V2)', () => {
  const firefox = manifestOf(BUILDS.firefox);
  const chrome = manifestOf(BUILDS.chrome);
  expect(firefox.optional_permissions).toEqual(chrome.optional_host_permissions);
  expect(firefox.optional_permissions).toContain('http://127.0.0.1/*');
});

test("Mozilla's add-ons linter finds no error and no missing data-collection declaration", () => {
  const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', BUILDS.firefox, '--self-hosted', '--output', 'json'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const report = z
    .object({ errors: z.array(z.object({ code: z.string() })), warnings: z.array(z.object({ code: z.string() })) })
    .parse(JSON.parse(lint.stdout));
  expect(report.errors).toEqual([]);
  const codes = report.warnings.map((warning) => warning.code);
  expect(codes).not.toContain('MISSING_DATA_COLLECTION_PERMISSIONS');
  expect(codes).not.toContain('KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION');
});
