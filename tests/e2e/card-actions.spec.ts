import type { BrowserContext, Page } from '@playwright/test';
import { cardStatusPlace, clickHandOff, clickInJetway, expect, extensionIdOf, fixture, handOffControlIn, insideBox, layerText, moveToEdge, serveSite, signIn, test, uiString } from './support/extension';
import { setUpJetway, shownDeadline, type JetwayRig } from './support/jetway';
import { ServerProxy } from './support/proxy';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let token: string;
let colleague: string;
/** Between the extension and the server: what reached the server, and the card's refreshes held back when a test says. */
let proxy: ServerProxy;

interface CaseView {
  id: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  version: number;
  assignee: { name: string } | null;
  status: string;
  identity: { handle: string };
}

async function teamCases(): Promise<CaseView[]> {
  return (await server.api<{ cases: CaseView[] }>(token, 'GET', '/v1/cases?scope=team&status=all')).body.cases;
}

async function openCard(page: Page, handle: string): Promise<void> {
  const badge = page.locator(`[data-jetway-badge="${handle}"]`).first();
  await badge.scrollIntoViewIfNeeded();
  await badge.click();
}

interface StoredWrite {
  path: string;
  state: string;
  attempts: number;
  lastError: { status: number } | null;
}

/** The extension's outbox, read from one of its pages. */
async function outboxOf(page: Page): Promise<StoredWrite[]> {
  return page.evaluate(
    () =>
      new Promise<StoredWrite[]>((resolve, reject) => {
        const open = indexedDB.open('jetway');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result as StoredWrite[]);
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Dana Berg', 'Social Care']], signIn: false });
  ({ server, browser } = rig);
  token = rig.tokens['Erin Agent']!;
  colleague = rig.tokens['Dana Berg']!;
  proxy = new ServerProxy(server.url);
  await proxy.start();
  await (await signIn(browser.context, proxy.url, token)).close();
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
});

test.afterAll(async () => {
  await rig?.close();
  await proxy?.stop();
});

test('the card warns when a colleague holds the case, and the agent can take it and add a note', async () => {
  const opened = await server.api<CaseView>(colleague, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'u_d95bf3e3ae' }, subject: 'Lost bag' });
  expect(opened.status).toBe(201);
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge="u_d95bf3e3ae"]')).toHaveCount(1, { timeout: 15_000 });
  await openCard(page, 'u_d95bf3e3ae');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toMatch(/Held by Dana Berg since \d{1,2}[:.]\d{2}/);
  expect(await layerText(page)).toContain('Dana Berg is already working on this case');
  expect(await layerText(page)).toMatch(shownDeadline(opened.body));
  // The holder shows from the badge's answer at once; the actions once the full card has loaded.
  await expect.poll(async () => layerText(page), { timeout: 15_000 }).toContain('Take case');
  await page.screenshot({ path: 'test-results/screenshots/x-card-collision.png' });

  await clickInJetway(page, { text: 'Take case' });
  await expect.poll(async () => (await teamCases()).find((c) => c.id === opened.body.id)?.assignee?.name, { timeout: 15_000 }).toBe('Erin Agent');

  await clickInJetway(page, { tag: 'TEXTAREA' });
  await page.keyboard.type('Asked for the bag tag number by DM');
  await clickInJetway(page, { text: 'Add note' });
  await expect
    .poll(async () => (await server.api<{ notes: Array<{ text: string; author: { name: string } }> }>(token, 'GET', `/v1/cases/${opened.body.id}/notes`)).body.notes, { timeout: 15_000 })
    .toEqual([expect.objectContaining({ text: 'Asked for the bag tag number by DM', author: expect.objectContaining({ name: 'Erin Agent' }) })]);
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Asked for the bag tag number by DM');

  await clickInJetway(page, { text: 'Resolve' });
  await expect.poll(async () => (await teamCases()).find((c) => c.id === opened.body.id)?.status, { timeout: 15_000 }).toBe('resolved');
  await page.close();
});

test('opening a case from the card makes the agent its holder', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge="u_1f01dbe592"]')).toHaveCount(1, { timeout: 15_000 });
  await openCard(page, 'u_1f01dbe592');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('No open case');
  await clickInJetway(page, { text: 'Open a case' });
  await expect
    .poll(async () => (await teamCases()).find((c) => c.identity.handle === 'u_1f01dbe592' && c.status === 'open')?.assignee?.name, { timeout: 15_000 })
    .toBe('Erin Agent');
  await page.close();
});

test('linking a handle by loyalty number gives it a badge; unlinking takes it away', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge]').first()).toBeAttached({ timeout: 15_000 });
  // u_a98f02102c is no member yet: link them through the Hand off menu.
  const post = page.locator('article[data-testid="tweet"]').filter({ has: page.locator('[data-testid="User-Name"] a[href="/u_a98f02102c"]') }).first();
  await clickHandOff(await handOffControlIn(post), 'menu');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Link this customer');
  await clickInJetway(page, { tag: 'INPUT' });
  await page.keyboard.type('SK900000006');
  await clickInJetway(page, { text: 'Link' });
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Linked to the member');
  const lookup = await server.api<{ results: Array<{ member: { displayName: string } | null }> }>(token, 'POST', '/v1/lookup', {
    identities: [{ network: 'x', handle: 'u_a98f02102c' }],
  });
  expect(lookup.body.results[0]!.member?.displayName).toBe('Hostile Name');

  const fresh = await browser.context.newPage();
  await fresh.goto('https://x.com/home');
  await expect(fresh.locator('[data-jetway-badge="u_a98f02102c"]')).toHaveCount(1, { timeout: 15_000 });
  await openCard(fresh, 'u_a98f02102c');
  await expect.poll(async () => layerText(fresh), { timeout: 10_000 }).toContain('Unlink this handle');
  await clickInJetway(fresh, { text: 'Unlink this handle' });
  await expect
    .poll(async () => (await server.api<{ results: Array<{ member: unknown }> }>(token, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'u_a98f02102c' }] })).body.results[0]!.member, { timeout: 15_000 })
    .toBeNull();
  await fresh.close();
  await page.close();
});

test('Take case after a colleague took it is refused at once: the card says so, shows the colleague, and nothing is sent again', async () => {
  const handle = 'u_61d40d3e45';
  // Dana opens the case and puts it back for anyone to take.
  const opened = await server.api<CaseView>(colleague, 'POST', '/v1/cases', { identity: { network: 'x', handle }, subject: 'Seat refund' });
  expect(opened.status).toBe(201);
  const released = await server.api<CaseView>(colleague, 'PATCH', `/v1/cases/${opened.body.id}`, { assignee: null, version: opened.body.version });
  expect(released.status).toBe(200);

  const page = await browser.context.newPage();
  // Room for the whole card below its badge, the refusal at its foot included, in the screenshot.
  await page.setViewportSize({ width: 1280, height: 1200 });
  await page.goto('https://x.com/home');
  await expect(page.locator(`[data-jetway-badge="${handle}"]`)).toHaveCount(1, { timeout: 15_000 });
  await moveToEdge(page.locator(`[data-jetway-badge="${handle}"]`), 'top');
  await openCard(page, handle);
  // The full card has loaded once "Take case" shows.
  await expect.poll(async () => layerText(page), { timeout: 15_000 }).toContain(uiString('cardTakeCase'));
  expect(await layerText(page)).toContain(uiString('cardUnassigned'));

  // From here the card's refreshes stay on their way: it shows the case as the agent loaded
  // it, whatever its refresh timer does. Then Dana takes the case.
  proxy.holdBack((route) => route.startsWith('GET /v1/members/'));
  const taken = await server.api<CaseView>(colleague, 'PATCH', `/v1/cases/${opened.body.id}`, { assignee: 'me', version: released.body.version });
  expect(taken.status).toBe(200);
  const take = `PATCH /v1/cases/${opened.body.id}`;
  expect(proxy.count(take)).toBe(0);

  await clickInJetway(page, { text: uiString('cardTakeCase') });
  await expect.poll(async () => layerText(page), { timeout: 15_000 }).toContain(uiString('writeConflict'));
  const refused = await layerText(page);
  // Where the agent can read it: inside the card as it is scrolled now, below its other sections.
  const place = await cardStatusPlace(page);
  expect(place.card && place.status && insideBox(place.status, place.card), JSON.stringify(place)).toBe(true);
  expect(refused).not.toContain(uiString('actionQueued'));
  expect(refused).toContain(uiString('cardUnassigned'));
  expect(proxy.count(take)).toBe(1);
  expect((await teamCases()).find((c) => c.id === opened.body.id)?.assignee?.name).toBe('Dana Berg');

  // The card asked for the case again: once that answer comes, Dana is shown as its holder.
  proxy.release();
  await expect.poll(async () => layerText(page), { timeout: 30_000 }).toMatch(/Held by Dana Berg since \d{1,2}[:.]\d{2}/);
  const refreshed = await layerText(page);
  expect(refreshed).toContain('Dana Berg is already working on this case');
  expect(refreshed).toContain(uiString('writeConflict'));
  expect(refreshed).not.toContain(uiString('cardUnassigned'));
  const placeAfter = await cardStatusPlace(page);
  expect(placeAfter.card && placeAfter.status && insideBox(placeAfter.status, placeAfter.card), JSON.stringify(placeAfter)).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/x-card-take-conflict.png' });

  // Refused, not waiting: the outbox keeps it as failed after its one attempt, and the popup says why.
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${await extensionIdOf(browser.context)}/popup.html`);
  const takes = () => outboxOf(popup).then((writes) => writes.filter((write) => write.path === `/v1/cases/${opened.body.id}`));
  expect(await takes()).toEqual([expect.objectContaining({ state: 'failed', attempts: 1, lastError: expect.objectContaining({ status: 409 }) })]);
  await expect(popup.getByRole('alert').filter({ hasText: uiString('outboxTake') })).toContainText(uiString('writeConflict'));
  await popup.screenshot({ path: 'test-results/screenshots/popup-take-conflict.png' });

  // Another write sends what is due in the outbox: the refused change is not among it.
  await clickInJetway(page, { tag: 'TEXTAREA' });
  await page.keyboard.type('Seat moved to 14C');
  await clickInJetway(page, { text: uiString('cardAddNote') });
  await expect.poll(() => proxy.count(`POST /v1/cases/${opened.body.id}/notes`), { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => (await outboxOf(popup)).filter((write) => write.path === `/v1/cases/${opened.body.id}/notes`).map((write) => write.state), { timeout: 15_000 }).toEqual(['sent']);
  expect(proxy.count(take)).toBe(1);
  expect(await takes()).toEqual([expect.objectContaining({ state: 'failed', attempts: 1 })]);
  expect((await teamCases()).find((c) => c.id === opened.body.id)?.assignee?.name).toBe('Dana Berg');
  await popup.close();

  // The same line at the card's foot on a dark page, after a note that is saved.
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.body.style.backgroundColor = 'rgb(0, 0, 0)'));
  await openCard(page, handle);
  await expect.poll(async () => layerText(page), { timeout: 15_000 }).toContain('Seat moved to 14C');
  await clickInJetway(page, { tag: 'TEXTAREA' });
  await page.keyboard.type('Window seat confirmed');
  await clickInJetway(page, { text: uiString('cardAddNote') });
  await expect.poll(async () => layerText(page), { timeout: 15_000 }).toContain(uiString('actionSaved'));
  const placeDark = await cardStatusPlace(page);
  expect(placeDark.card && placeDark.status && insideBox(placeDark.status, placeDark.card), JSON.stringify(placeDark)).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/x-card-status-dark.png' });
  await page.close();
});
