import type { BrowserContext } from '@playwright/test';
import { badgesOn, clickHandOff, expect, fixture, handOffControlIn, layerText, serveSite, test } from './support/extension';
import { setUpJetway, type JetwayRig } from './support/jetway';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let baggageToken: string;

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ server, browser } = rig);
  baggageToken = rig.tokens['Bo Baggage']!;
  await serveSite(browser.context, 'https://www.facebook.com', {
    '/fb.user.551c8538/posts/1': fixture('facebook/facebook-post-comments-2025-06.html'),
    '/jetway.airline/posts/1': fixture('facebook/built/page-post-comments.html'),
  });
  await serveSite(browser.context, 'https://business.facebook.com', {
    '/latest/inbox/all': fixture('facebook/built/business-suite-inbox.html'),
  });
});

test.afterAll(async () => rig?.close());

test('the saved real post: its author and every comment by a member get one badge', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://www.facebook.com/fb.user.551c8538/posts/1');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(11);
  for (const badge of await badgesOn(page)) expect(badge).toMatchObject({ handle: 'fb.user.551c8538', label: 'Loyalty tier: Gold' });
  await page.close();
});

test('a Page post: member commenters and repliers get badges, others none, and replies loaded later too', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://www.facebook.com/jetway.airline/posts/1');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(3);
  expect((await badgesOn(page)).map((b) => [b.handle, b.label])).toEqual([
    ['100000000000101', 'Loyalty tier: Platinum'],
    ['anna.lindqvist.9', 'Loyalty tier: Diamond'],
    ['100000000000202', 'Loyalty tier: Silver'],
  ]);
  // "View more replies": Facebook inserts the reply under the comment later.
  await page.evaluate(() => {
    const more = document.querySelector('[data-testid="more-replies"]')!;
    const reply = document.createElement('div');
    reply.setAttribute('role', 'article');
    const link = document.createElement('a');
    link.href = 'https://www.facebook.com/late.replier.5?comment_id=114&__cft__[0]=AZ';
    link.textContent = 'Late Replier';
    const text = document.createElement('div');
    text.textContent = 'Mine arrived yesterday, check the desk.';
    reply.append(link, text);
    more.replaceWith(reply);
  });
  await expect.poll(async () => (await badgesOn(page)).map((b) => b.handle), { timeout: 10_000 }).toContain('late.replier.5');
  await page.screenshot({ path: 'test-results/screenshots/facebook-page-post-badges.png' });
  await page.close();
});

test('a handoff from a reply carries the comment thread', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://www.facebook.com/jetway.airline/posts/1');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(3);
  // Pointing at the reply brings Hand off into the reply itself, not its parent comment.
  const host = await handOffControlIn(page.locator('[data-testid="reply-a1"]'));
  await expect(page.locator('[data-testid="reply-a1"] > [data-jetway-action="handoff"]')).toHaveCount(1);
  await clickHandOff(host);
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Handed off to Baggage');
  const { body } = await server.api<{ handoffs: Array<{ identity: { handle: string }; transcript: Array<{ author: string; text: string }> }> }>(
    baggageToken,
    'GET',
    '/v1/handoffs?box=inbox',
  );
  expect(body.handoffs).toHaveLength(1);
  expect(body.handoffs[0]!.identity.handle).toBe('anna.lindqvist.9');
  expect(body.handoffs[0]!.transcript.map((entry) => entry.author)).toEqual([
    'Jetway Airline (jetway.airline)',
    'Numeric Member (100000000000101)',
    'Vanity Member (anna.lindqvist.9)',
  ]);
  expect(body.handoffs[0]!.transcript[1]!.text).toContain('My bag did not arrive in ARN');
  await page.close();
});

test('the Business Suite inbox: the member in the conversation list and the thread header gets a badge, others none', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://business.facebook.com/latest/inbox/all');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(2);
  for (const badge of await badgesOn(page)) expect(badge).toMatchObject({ handle: '100000000000606', label: 'Loyalty tier: Gold' });
  await page.screenshot({ path: 'test-results/screenshots/facebook-inbox-badges.png' });
  await page.close();
});

test('a handoff from the inbox thread header carries the conversation', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://business.facebook.com/latest/inbox/all');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(2);
  // Focus in the reply box (as an agent answering) brings Hand off into the thread header.
  await page.locator('[role="region"] [role="textbox"]').focus();
  const host = page.locator('[role="region"] [data-jetway-action="handoff"]');
  await expect(host).toHaveCount(1, { timeout: 10_000 });
  await clickHandOff(host);
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Handed off to Baggage');
  await page.screenshot({ path: 'test-results/screenshots/facebook-inbox-handoff.png' });
  const { body } = await server.api<{ handoffs: Array<{ identity: { handle: string }; transcript: Array<{ author: string; text: string; url: string }> }> }>(
    baggageToken,
    'GET',
    '/v1/handoffs?box=inbox',
  );
  const handoff = body.handoffs.find((candidate) => candidate.identity.handle === '100000000000606');
  expect(handoff).toBeDefined();
  expect(handoff!.transcript.map((entry) => [entry.author, entry.text])).toEqual([
    ['Inbox Customer (100000000000606)', 'Where is my refund for JW 118?'],
    ['Inbox Customer (100000000000606)', 'I paid for a seat I never got, booking JWX7Q2.'],
    ['Jetway Airline', 'Hi, we are looking into it now.'],
    ['Inbox Customer (100000000000606)', 'Thank you. It has been two weeks.'],
  ]);
  expect(handoff!.transcript[0]!.url).toBe('https://business.facebook.com/latest/inbox/all');
  await page.close();
});
