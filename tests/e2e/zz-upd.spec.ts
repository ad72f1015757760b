import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR, expect, launchWithExtension, serviceWorkerOf, test } from './support/extension';

test('probe update', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'upd-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'updp-'));
  let b = await launchWithExtension({ profile, extensionDir: dir });
  let w = await serviceWorkerOf(b.context);
  await w.evaluate(() => (globalThis as any).chrome.storage.local.set({ probe: 1 }));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: manifest.version + '.1' }));
  appendFileSync(join(dir, 'background.js'), '\nglobalThis.__b = "updated"; chrome.runtime.onInstalled.addListener((d) => { globalThis.__i = d.reason; });\n');
  const page = await b.context.newPage();
  await page.goto('chrome://extensions');
  await page.waitForTimeout(2000);
  const id = new URL(w.url()).host;
  const result = await page.evaluate(async (id) => { await (globalThis as any).chrome.developerPrivate.reload(id, { failQuietly: true }); return 'ok'; }, id).catch((e) => String(e));
  console.log('RELOAD', result);
  for (let i = 0; i < 10; i++) { await page.waitForTimeout(1000); console.log('T', i, b.context.serviceWorkers().length); }
  await page.screenshot({ path: '/tmp/ext-after.png' });
  const p2 = await b.context.newPage(); await p2.goto('chrome-extension://' + id + '/options.html').catch((e) => console.log('OPT', String(e)));
  console.log('OPTTEXT', (await p2.textContent('body').catch(() => 'x'))?.slice(0, 200));
  for (const x of b.context.serviceWorkers()) console.log('W', x.url(), await x.evaluate(() => [(globalThis as any).__b, (globalThis as any).__i, (globalThis as any).chrome.runtime.getManifest().version]).catch((e) => String(e)));
  const nw = await b.context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null);
  if (nw) console.log('NEW', await nw.evaluate(async () => [(globalThis as any).__b, (globalThis as any).__i, (globalThis as any).chrome.runtime.getManifest().version, await (globalThis as any).chrome.storage.local.get('probe')]).catch((e) => String(e)));
  await b.close();
  expect(1).toBe(1);
});
