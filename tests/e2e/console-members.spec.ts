import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { auditPage, callApi, createConsoleAccount, signInToConsole, type ConsoleAccount, openConsolePage, consoleNavLink, startConsoleRig, stopConsoleRig } from './support/console';
import { membersCsv } from './support/members';
import type { JetwayServer } from './support/server';

/**
 * The admin's Members page against a real server, in Chromium, by keyboard where a person
 * would: a 20,000-row member file imported with its progress and every row answering
 * lookup at once; a file with bad rows reported by line and downloaded; a member found and
 * erased after confirming; leads and agents kept out; Swedish; an unreachable server.
 */
test.describe.configure({ mode: 'serial' });

const ADMIN: ConsoleAccount = { name: 'Ada Admin', team: 'Operations', email: 'ada.admin@airline.example', role: 'admin', password: 'a long and careful passphrase' };
const LEAD: ConsoleAccount = { name: 'Lea Lead', team: 'Social Care', email: 'lea.lead@airline.example', role: 'lead', password: 'another careful passphrase' };
const AGENT: ConsoleAccount = { name: 'Alex Agent', team: 'Social Care', email: 'alex.agent@airline.example', role: 'agent', password: 'yet another careful passphrase' };
const HEADER = 'loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language';
const TIERS = ['member', 'silver', 'gold', 'platinum', 'diamond', 'concierge'];
const BULK = 20_000;

let server: JetwayServer;
let browser: Browser;
let samToken: string;
const files = join('test-results', 'e2e', 'members-files');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(files, { recursive: true });
  ({ server, browser } = await startConsoleRig((stopped) => {
    samToken = stopped.createAgent('Sam Social', 'Social Care');
    for (const account of [ADMIN, LEAD, AGENT]) createConsoleAccount(stopped, account);
    stopped.importMembers(membersCsv());
  }));
});

test.afterAll(() => stopConsoleRig(server, browser));

const newPage = () => openConsolePage(browser);

const nav = consoleNavLink;

/** A member file written where the browser can pick it. */
function memberFile(name: string, content: string | Buffer): string {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
}

async function openMembers(page: Page, account: ConsoleAccount = ADMIN): Promise<void> {
  await signInToConsole(page, server.url, account);
  await nav(page, 'Members').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Members');
}

/** Picks the file in the Members file input and presses Import from the keyboard. */
async function importFile(page: Page, path: string, button = 'Import'): Promise<void> {
  await page.getByLabel(/^(Members file|Medlemsfil)$/).setInputFiles(path);
  await page.getByRole('button', { name: button, exact: true }).press('Enter');
}

test('an admin imports a 20,000-row file: a progress bar counts the rows, then "Imported 20,000 new", and every row answers lookup at once', async () => {
  test.setTimeout(480_000);
  const bulk = Array.from({ length: BULK }, (_, i) => `SK6${String(i).padStart(8, '0')},Bulk Member ${i},${TIERS[i % TIERS.length]},bulk_${i},,ARN,email,en`);
  const path = memberFile('members-20000.csv', `${HEADER}\n${bulk.join('\n')}\n`);

  const page = await newPage();
  await openMembers(page);
  await auditPage(page, 'console-members');
  await importFile(page, path);
  await expect(page.getByRole('button', { name: 'Importing…' })).toBeVisible();

  // The bar counts stored rows of the file's valid rows, in numbers and for assistive technology.
  const bar = page.getByRole('progressbar', { name: 'Import of members-20000.csv' });
  await expect(bar).toHaveAttribute('aria-valuemax', String(BULK));
  await expect(page.locator('.import-progress').getByText(/^[\d,]+ of 20,000 rows$/)).toBeVisible();
  // The number and the words read together, as one state of the page.
  const [now, words] = await bar.evaluate((element) => [element.getAttribute('aria-valuenow'), element.nextElementSibling?.textContent]);
  const done = Number(now);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThanOrEqual(BULK);
  expect(words).toBe(`${done.toLocaleString('en-GB')} of 20,000 rows`);
  await page.screenshot({ path: join('test-results', 'screenshots', 'console-members-progress.png'), fullPage: true });

  await expect(page.getByRole('status').filter({ hasText: 'Imported 20,000 new, updated 0; rejected 0.' })).toBeVisible({ timeout: 300_000 });
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();

  // Every row, through the API as an agent's extension asks: 100 handles a request. The
  // misses are gathered and checked once (an expect per row would be 20,000 report steps).
  const misses: string[] = [];
  for (let start = 0; start < BULK; start += 100) {
    const handles = Array.from({ length: 100 }, (_, k) => `bulk_${start + k}`);
    const answer = await callApi<{ results: Array<{ handle: string; member: { displayName: string; tierId: string } | null }> }>(server, samToken, 'POST', '/v1/lookup', {
      identities: handles.map((handle) => ({ network: 'x', handle })),
    });
    if (answer.status !== 200) {
      misses.push(`rows ${start + 2}–${start + 101}: HTTP ${answer.status}`);
      continue;
    }
    const found = new Map(answer.body.results.map((result) => [result.handle, result.member]));
    for (const [k, handle] of handles.entries()) {
      const i = start + k;
      const member = found.get(handle);
      if (member?.displayName !== `Bulk Member ${i}` || member.tierId !== TIERS[i % TIERS.length]) misses.push(`row ${i + 2} (${handle}): ${JSON.stringify(member)}`);
    }
  }
  expect(misses).toEqual([]);
  await page.context().close();
});

test('a file with bad rows lists each by line and reason, downloads them as CSV, and refuses files that are not member files', async () => {
  const path = memberFile(
    'members-with-errors.csv',
    [
      HEADER,
      'SK710000001,Good One,gold,good_one,,ARN,email,en',
      'SK1,Too Short,silver,,,,,', // line 3
      'SK710000002,Good Two,silver,,,CPH,sms,sv',
      'SK710000003,Odd Tier,unobtainium,,,,,', // line 5
      'SK710000004,Too,few', // line 6
      'SK900000001,Renamed Gold,gold,u_d95bf3e3ae,fb.user.551c8538,ARN,email,en', // an update of a member already stored
    ].join('\n'),
  );
  const page = await newPage();
  await openMembers(page);

  // No file yet: said at the field.
  await page.getByRole('button', { name: 'Import', exact: true }).press('Enter');
  await expect(page.getByText('Choose a file first.')).toBeVisible();
  await expect(page.getByLabel('Members file')).toBeFocused();

  await importFile(page, path);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 new, updated 1; rejected 3.' })).toBeVisible();
  const rejected = page.getByRole('region', { name: 'Rejected rows of members-with-errors.csv' });
  await expect(rejected.getByRole('row')).toHaveCount(4);
  await expect(rejected.getByRole('row', { name: /^3 / })).toContainText('loyaltyNumber must be 4–32 letters, digits or dashes');
  await expect(rejected.getByRole('row', { name: /^5 / })).toContainText('unknown tier "unobtainium"');
  await expect(rejected.getByRole('row', { name: /^6 / })).toContainText('expected 8 fields, found 3');
  await auditPage(page, 'console-members-rejected');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download rejected rows (CSV)' }).press('Enter');
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('members-with-errors-rejected.csv');
  expect(readFileSync(await saved.path(), 'utf8').trim().split('\r\n')).toEqual([
    'line,reason',
    '3,"loyaltyNumber must be 4–32 letters, digits or dashes"',
    '5,"unknown tier ""unobtainium"" (known: member, silver, gold, platinum, diamond, concierge)"',
    '6,"expected 8 fields, found 3"',
  ]);
  const lookup = await callApi<{ results: Array<{ member: { displayName: string } | null }> }>(server, samToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'good_one' }] });
  expect(lookup.body.results[0]!.member?.displayName).toBe('Good One');

  // A spreadsheet saved as .xlsx, and an empty file: refused before anything is sent.
  await importFile(page, memberFile('members.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00])));
  await expect(page.getByRole('alert')).toHaveText('members.xlsx is neither CSV nor JSON Lines. Save it from the spreadsheet as CSV (UTF-8) and try again.');
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveCount(0);
  await importFile(page, memberFile('empty.csv', ''));
  await expect(page.getByRole('alert')).toHaveText('empty.csv is empty.');
  // A text file with no member header: the server stores nothing and says why, at line 1.
  await importFile(page, memberFile('notes.txt', 'Dear team,\nplease import the attached members.\n'));
  await expect(page.getByRole('alert')).toHaveText('Imported 0 new, updated 0; rejected 1. Nothing was imported.');
  await expect(page.getByRole('region', { name: 'Rejected rows of notes.txt' }).getByRole('row', { name: /^1 / })).toContainText('header lacks loyaltyNumber, name, tier');
  await page.context().close();
});

test('an admin finds a member by loyalty number or handle and erases them after confirming; the search then no longer finds them', async () => {
  // A case about the member, which the erasure keeps, emptied.
  expect((await callApi(server, samToken, 'POST', '/v1/cases', { identity: { network: 'x', handle: 'back_again' }, subject: 'Back Again lost a bag at ARN' })).status).toBe(201);

  const page = await newPage();
  await openMembers(page);
  const search = page.getByLabel('Loyalty number or handle');
  const results = page.getByRole('region', { name: 'Members found' });
  await search.fill('sk900000007');
  await search.press('Enter');
  const row = results.getByRole('row', { name: /Back Again/ });
  await expect(row).toContainText('•••• 0007');
  await expect(row).not.toContainText('SK900000007');
  await expect(row.getByRole('img', { name: 'Loyalty tier: Gold' })).toBeVisible();
  await expect(row.getByRole('link', { name: '@back_again' })).toHaveAttribute('href', 'https://x.com/back_again');

  await search.fill('@Back_Again');
  await page.getByRole('button', { name: 'Search' }).press('Enter');
  await expect(results.getByRole('row')).toHaveCount(2);
  await expect(results.getByRole('row', { name: /Back Again/ })).toContainText('•••• 0007');

  // Escape cancels: nothing is erased.
  await results.getByRole('button', { name: 'Erase Back Again' }).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Erase Back Again (•••• 0007)?' });
  await expect(dialog).toContainText('Removed for good:');
  await expect(dialog).toContainText('1 linked handle on X or Facebook');
  await expect(dialog).toContainText('Kept, anonymised:');
  await expect(dialog).toContainText('so the counts and deadlines on the dashboard still add up');
  await expect(dialog).toContainText('This cannot be undone.');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await auditPage(page, 'console-members-erase');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(results.getByRole('button', { name: 'Erase Back Again' })).toBeFocused();
  const before = await callApi<{ results: Array<{ member: unknown }> }>(server, samToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'back_again' }] });
  expect(before.body.results[0]!.member).not.toBeNull();

  await results.getByRole('button', { name: 'Erase Back Again' }).press('Enter');
  await dialog.getByRole('button', { name: 'Erase member' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Back Again (•••• 0007) is erased.' })).toHaveText(
    'Back Again (•••• 0007) is erased. Linked handles deleted: 1. Kept, anonymised: cases 1, handoffs 0, notes 0.',
  );
  // The same search ran again: nobody holds the handle any more.
  await expect(page.getByRole('status').filter({ hasText: 'No member has the loyalty number or handle @Back_Again.' })).toBeVisible();
  await search.fill('SK900000007');
  await search.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'No member has the loyalty number or handle SK900000007.' })).toBeVisible();
  const after = await callApi<{ results: Array<{ member: unknown }> }>(server, samToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'back_again' }] });
  expect(after.body.results[0]!.member).toBeNull();
  await page.context().close();
});

test('a lead and an agent have no Members link; the page and the API refuse them', async () => {
  for (const account of [LEAD, AGENT]) {
    const page = await newPage();
    await signInToConsole(page, server.url, account);
    await expect(nav(page, 'Members')).toHaveCount(0);
    await page.goto(`${server.url}/console/members`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Members');
    await expect(page.getByText('Members are managed by admins.')).toBeVisible();
    await expect(page.getByLabel('Members file')).toHaveCount(0);
    await expect(page.getByLabel('Loyalty number or handle')).toHaveCount(0);
    // Their session, straight at the API, as a curious user might.
    const statuses = await page.evaluate(async () => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const headers = { 'x-jetway-csrf': session.csrfToken };
      const search = await fetch('/admin/v1/members?q=SK900000001');
      const erase = await fetch('/admin/v1/members/erase', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ loyaltyNumber: 'SK900000001' }) });
      const upload = await fetch('/admin/v1/members/import', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: 'loyaltyNumber,name,tier\nSK7777777,Not Stored,gold\n' });
      return [search.status, erase.status, upload.status];
    });
    expect(statuses, account.role).toEqual([403, 403, 403]);
    await page.context().close();
  }
  const still = await callApi<{ results: Array<{ member: { displayName: string } | null }> }>(server, samToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'u_d95bf3e3ae' }] });
  expect(still.body.results[0]!.member?.displayName).toBe('Renamed Gold');
});

test('in Swedish: labels, progress and result; with the server down, the page says nothing was imported', async () => {
  const page = await newPage();
  await openMembers(page);
  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medlemmar');
  await expect(nav(page, 'Medlemmar')).toBeVisible();
  await expect(page.getByLabel('Medlemsfil')).toBeVisible();
  await expect(page.getByLabel('Lojalitetsnummer eller konto')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sök', exact: true })).toBeVisible();
  await importFile(
    page,
    memberFile('medlemmar.jsonl', [JSON.stringify({ loyaltyNumber: 'SK720000001', name: 'Åsa Öberg', tier: 'gold', xHandle: 'asa_oberg' }), '{inte json'].join('\n')),
    'Importera',
  );
  await expect(page.getByRole('status').filter({ hasText: 'Importerade 1 nya, uppdaterade 0; avvisade 1.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Avvisade rader i medlemmar.jsonl' }).getByRole('row', { name: /^2 / })).toHaveText('2inte giltig JSON');
  await page.getByLabel('Lojalitetsnummer eller konto').fill('asa_oberg');
  await page.getByRole('button', { name: 'Sök', exact: true }).press('Enter');
  await expect(page.getByRole('region', { name: 'Hittade medlemmar' }).getByRole('row', { name: /Åsa Öberg/ })).toContainText('•••• 0001');
  await auditPage(page, 'console-members-sv');

  // The server goes away: the upload fails and the page claims nothing.
  await page.getByLabel('Språk').selectOption('en');
  await server.stop();
  await importFile(page, memberFile('after-outage.csv', `${HEADER}\nSK730000001,After Outage,gold,,,,,\n`));
  await expect(page.getByRole('alert')).toHaveText("Can't reach the Jetway server. Check your connection, then try again. Nothing was imported.");
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveCount(0);
  await page.context().close();
});
