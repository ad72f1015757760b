import type { BrowserContext, Page } from '@playwright/test';
import { clickHandOff, clickInJetway, expect, fixture, handOffControlIn, layerText, serveSite, test } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let token: string;
let colleague: string;

interface CaseView {
  id: string;
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

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Dana Berg', 'Social Care']] });
  ({ server, browser } = rig);
  token = rig.tokens['Erin Agent']!;
  colleague = rig.tokens['Dana Berg']!;
  await serveSite(browser.context, 'https://x.com', { '/home': fixture('x/x-folders/x-home.html') });
});

test.afterAll(async () => rig?.close());

test('the card warns when a colleague holds the case, and the agent can take it and add a note', async () => {
  const opened = await server.api<CaseView>(colleague, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'u_d95bf3e3ae' }, subject: 'Lost bag' });
  expect(opened.status).toBe(201);
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect(page.locator('[data-jetway-badge="u_d95bf3e3ae"]')).toHaveCount(1, { timeout: 15_000 });
  await openCard(page, 'u_d95bf3e3ae');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toMatch(/Held by Dana Berg since \d{1,2}[:.]\d{2}/);
  expect(await layerText(page)).toContain('Dana Berg is already working on this case');
  expect(await layerText(page)).toMatch(/First response · due in 1[45] min/);
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
