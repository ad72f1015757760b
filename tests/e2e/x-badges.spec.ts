import type { BrowserContext, Page } from '@playwright/test';
import { badgesOn, expect, extensionIdOf, fixture, layerText, serveSite, test } from './support/extension';
import { E2E_MEMBERS, TIER_NAMES } from './support/members';
import { xPostCell, xTimelinePage } from './support/pages';
import { setUpJetway, type JetwayRig } from './support/jetway';
import type { JetwayServer } from './support/server';

test.describe.configure({ mode: 'serial' });

let rig: JetwayRig;
let server: JetwayServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

const tierOf = (handle: string) => TIER_NAMES[E2E_MEMBERS.find((m) => m.xHandle === handle)!.tier]!;

test.beforeAll(async () => {
  rig = await setUpJetway({ agents: [['Erin Agent', 'Social Care'], ['Bo Baggage', 'Baggage']] });
  ({ server, browser } = rig);
  await serveSite(browser.context, 'https://x.com', {
    '/home': fixture('x/x-folders/x-home.html'),
    '/explore': xTimelinePage([xPostCell('hostile_one', '<img src=x onerror="window.__pwned=1">\u202Eevil' + 'N'.repeat(10_000), '<script>window.__pwned=2</script> my bag <b>is</b> lost')]),
    '/notifications': xTimelinePage([xPostCell('back_again', 'Back Again', 'Where is my refund?')]),
  });
});

test.afterAll(async () => rig?.close());

test('every member handle in posts gets one badge with the right tier, and others none', async () => {
  page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(page)).length, { timeout: 15_000 }).toBe(4);
  const badges = await badgesOn(page);
  expect(badges.map((b) => b.handle).sort()).toEqual(['u_16f6cd2c6e', 'u_1f01dbe592', 'u_61d40d3e45', 'u_d95bf3e3ae']);
  for (const badge of badges) expect(badge.label).toBe(`Loyalty tier: ${tierOf(badge.handle)}`);
  // The light DOM carries the marker attribute only.
  const attributes = await page.locator('[data-jetway-badge]').evaluateAll((hosts) => hosts.map((h) => h.getAttributeNames()));
  for (const names of attributes) expect(names).toEqual(['data-jetway-badge']);
  await page.screenshot({ path: 'test-results/screenshots/x-home-badges-light.png' });
});

test('posts appended later (infinite scroll) get badges', async () => {
  await page.evaluate((cell) => {
    const list = document.querySelector('[data-testid="cellInnerDiv"]')!.parentElement!;
    const template = document.createElement('template');
    template.innerHTML = cell;
    list.append(template.content);
  }, xPostCell('late_member', 'Late Member', 'Delayed again at ARN'));
  await expect.poll(async () => (await badgesOn(page)).filter((b) => b.handle === 'late_member').map((b) => b.label), { timeout: 10_000 }).toEqual([
    'Loyalty tier: Concierge',
  ]);
});

test('a new tab badges handles the background already knows in the same task the post arrives in', async () => {
  const second = await browser.context.newPage();
  await second.goto('https://x.com/home');
  await expect.poll(async () => (await badgesOn(second)).length, { timeout: 15_000 }).toBe(4);
  // Whether the badge is there when the task that appended the post ends: only an answer
  // the tab already holds can be (asking the background takes a message round trip).
  const badgedAtOnce = await second.evaluate(
    (cell) =>
      new Promise<boolean>((resolve) => {
        const list = document.querySelector('[data-testid="cellInnerDiv"]')!.parentElement!;
        const template = document.createElement('template');
        template.innerHTML = cell;
        const added = template.content.firstElementChild!;
        list.append(added);
        setTimeout(() => resolve(added.querySelector('[data-jetway-badge="late_member"]') !== null), 0);
      }),
    xPostCell('late_member', 'Late Member', 'Still waiting at ARN'),
  );
  expect(badgedAtOnce).toBe(true);
  await second.close();
});

test('the member card opens on the badge, shows the member, and closes with Escape', async () => {
  const host = page.locator('[data-jetway-badge="u_d95bf3e3ae"]').first();
  await host.scrollIntoViewIfNeeded();
  // The badge sits inside the author's profile link: the click opens the card and nothing else.
  expect(await host.evaluate((element) => element.closest('a[href]') !== null)).toBe(true);
  const urlBefore = page.url();
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __pageSaw: string[] }).__pageSaw = seen;
    for (const type of ['click', 'keydown']) document.body.addEventListener(type, (event) => seen.push(event.type), true);
  });
  await host.click();
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  const pageSaw = () => page.evaluate(() => (window as unknown as { __pageSaw: string[] }).__pageSaw.splice(0));
  expect(await pageSaw()).toEqual([]);
  const text = await layerText(page);
  expect(text).toContain('•••• 0001');
  expect(text).toContain('ARN');
  expect(text).not.toContain('SK900000001');
  await page.screenshot({ path: 'test-results/screenshots/x-member-card.png' });
  await page.keyboard.press('Escape');
  await expect.poll(async () => layerText(page)).not.toContain('Gold Person');
  // Keyboard: focus the badge and press Enter.
  await host.focus();
  await pageSaw();
  await page.keyboard.press('Enter');
  await expect.poll(async () => layerText(page), { timeout: 10_000 }).toContain('Gold Person');
  expect(await pageSaw()).toEqual([]);
  expect(page.url()).toBe(urlBefore);
  await page.mouse.click(5, 5);
  await expect.poll(async () => layerText(page)).not.toContain('Gold Person');
});

test('security: hostile display names and post text render as text and run nothing', async () => {
  const hostile = await browser.context.newPage();
  const dialogs: string[] = [];
  hostile.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await hostile.goto('https://x.com/explore');
  await expect.poll(async () => (await badgesOn(hostile)).map((b) => b.label), { timeout: 15_000 }).toEqual(['Loyalty tier: Silver']);
  await hostile.locator('[data-jetway-badge]').click();
  await expect.poll(async () => layerText(hostile), { timeout: 10_000 }).toContain('Hostile Name');
  expect(await hostile.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await hostile.locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);
  await hostile.close();
});

test('with the server stopped the page keeps working, and badges come back when it returns', async () => {
  await server.stop();
  const offline = await browser.context.newPage();
  const errors: string[] = [];
  offline.on('pageerror', (error) => errors.push(error.message));
  await offline.goto('https://x.com/notifications');
  await offline.waitForTimeout(2_000);
  expect(await badgesOn(offline)).toEqual([]);
  // The host page still works: its own links and text are untouched.
  await expect(offline.getByText('Where is my refund?')).toBeVisible();
  await server.start();
  await expect.poll(async () => (await badgesOn(offline)).map((b) => b.label), { timeout: 45_000, intervals: [1_000] }).toEqual([
    'Loyalty tier: Gold',
  ]);
  expect(errors).toEqual([]);
  await offline.close();
});

/** The built Article pages with member handles in place of their invented ones. */
const ARTICLE_MEMBERS: Record<string, string> = {
  art_author: 'u_d95bf3e3ae',
  art_embedded: 'u_1f01dbe592',
  art_quoted: 'u_16f6cd2c6e',
  art_replier1: 'u_61d40d3e45',
  art_replier2: 'back_again',
  art_replier3: 'not_a_member',
};

function articlePage(path: string): string {
  return Object.entries(ARTICLE_MEMBERS).reduce((html, [built, member]) => html.replaceAll(built, member), fixture(path));
}

const ARTICLE_PAGES = [
  ['an Article that is its own post', 'x/built/x-article-status.html', '/u_d95bf3e3ae/status/1900000000000000100', ['back_again', 'u_16f6cd2c6e', 'u_1f01dbe592', 'u_61d40d3e45', 'u_d95bf3e3ae']],
  ['an Article inside its post', 'x/built/x-article-status-in-post.html', '/u_d95bf3e3ae/status/1900000000000000101', ['back_again', 'u_16f6cd2c6e', 'u_1f01dbe592', 'u_61d40d3e45', 'u_d95bf3e3ae']],
  ['an Article’s own page', 'x/built/x-article-page.html', '/u_d95bf3e3ae/article/1900000000000000100', ['u_1f01dbe592', 'u_d95bf3e3ae']],
] as const;

for (const [name, path, url, members] of ARTICLE_PAGES) {
  test(`X Articles: on ${name}, every member author is badged once (author, embedded posts, replies)`, async () => {
    await serveSite(browser.context, 'https://x.com', { [url]: articlePage(path) });
    const article = await browser.context.newPage();
    await article.goto(`https://x.com${url}`);
    await expect.poll(async () => (await badgesOn(article)).map((b) => b.handle).sort(), { timeout: 15_000 }).toEqual([...members]);
    for (const badge of await badgesOn(article)) expect(badge.label).toBe(`Loyalty tier: ${tierOf(badge.handle)}`);
    // The author's badge is in the Article's header, by the title, not on the card after the body.
    const inHeader = await article.locator('[data-jetway-badge="u_d95bf3e3ae"]').evaluate((host) => host.closest('[itemprop="author"], [data-testid="User-Name"]') !== null);
    expect(inHeader).toBe(true);
    await article.close();
  });
}

const THEMES = {
  light: { background: 'rgb(255, 255, 255)', text: 'rgb(15, 20, 25)' },
  dim: { background: 'rgb(21, 32, 43)', text: 'rgb(247, 249, 249)' },
  dark: { background: 'rgb(0, 0, 0)', text: 'rgb(231, 233, 234)' },
} as const;

/** A small page imitating X's layout and theme colours around the sanitized post cells. */
function themedTimeline(theme: keyof typeof THEMES): string {
  const colours = THEMES[theme];
  const cells = [
    xPostCell('u_d95bf3e3ae', 'Gold Person', 'My bag did not arrive at ARN'),
    xPostCell('u_1f01dbe592', 'Diamond Person', 'Flight cancelled, need a rebooking'),
    xPostCell('somebody_else', 'Not A Member', 'Nice lounge today'),
  ];
  return xTimelinePage(cells).replace(
    '<body style="background-color: rgb(255, 255, 255)">',
    `<body style="background-color: ${colours.background}; color: ${colours.text}; font: 15px system-ui, sans-serif; margin: 0">
<style>
  #timeline { max-width: 598px; margin: 0 auto; border-inline: 1px solid rgba(128,128,128,.35); }
  article { padding: 12px 16px; border-bottom: 1px solid rgba(128,128,128,.35); }
  [data-testid="User-Name"] { display: flex; gap: 4px; align-items: baseline; }
  [data-testid="User-Name"] a { color: inherit; text-decoration: none; }
  [data-testid="User-Name"] > div, [data-testid="User-Name"] a > div { display: flex; align-items: center; }
  [data-testid="User-Name"] > div:last-child, [data-testid="User-Name"] > div:last-child a { color: rgb(113, 118, 123); }
  [data-testid="Tweet-User-Avatar"] { display: none; }
  [role="group"] { display: flex; gap: 40px; margin-top: 8px; }
  [role="group"] button { background: none; border: none; color: rgb(113, 118, 123); }
</style>`,
  );
}

test('badges read well in X light, dim and dark themes without shifting the host layout', async () => {
  for (const theme of Object.keys(THEMES) as Array<keyof typeof THEMES>) {
    await serveSite(browser.context, 'https://x.com', { [`/i/theme-${theme}`]: themedTimeline(theme) });
    const themed = await browser.context.newPage();
    await themed.goto(`https://x.com/i/theme-${theme}`);
    await expect.poll(async () => (await badgesOn(themed)).length, { timeout: 15_000 }).toBe(2);
    // The badge sits on the name's line: the author row is no taller than the name itself.
    const rows = await themed.locator('[data-testid="User-Name"]').evaluateAll((blocks) => blocks.map((b) => b.getBoundingClientRect().height));
    for (const height of rows) expect(height).toBeLessThan(30);
    await themed.screenshot({ path: `test-results/screenshots/x-badges-${theme}.png`, clip: { x: 300, y: 0, width: 680, height: 420 } });
    await themed.close();
  }
});

test('site health: posts whose authors cannot be read show as "X layout changed" in the popup', async () => {
  test.setTimeout(60_000);
  const broken = `<!doctype html><html><body><main>${'<article data-testid="tweet"><div>a post whose author block moved</div></article>'.repeat(5)}</main></body></html>`;
  await serveSite(browser.context, 'https://x.com', { '/i/changed-layout': broken });
  const page = await browser.context.newPage();
  await page.goto('https://x.com/i/changed-layout');
  const id = await extensionIdOf(browser.context);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await expect(popup.getByText('X layout changed')).toBeVisible({ timeout: 30_000 });
  await popup.close();
  await page.close();
});
