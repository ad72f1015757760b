import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { auditPage, callApi, createConsoleAccount, signInToConsole, type ConsoleAccount, openConsolePage, consoleNavLink, startConsoleRig, stopConsoleRig } from './support/console';
import { membersCsv } from './support/members';
import type { JetwayServer } from './support/server';

/**
 * The admin's Agents, Tiers and Audit log pages against a real server, in Chromium, driven
 * by the keyboard where a person would: an admin creates an account and reads its password
 * once, signs an agent out everywhere, resets a password, deactivates an agent, edits the
 * tier ladder, and reads and exports what the audit log recorded.
 */
test.describe.configure({ mode: 'serial' });

const ADMIN: ConsoleAccount = { name: 'Ada Admin', team: 'Operations', email: 'ada.admin@airline.example', role: 'admin', password: 'a long and careful passphrase' };
const LEAD: ConsoleAccount = { name: 'Lea Lead', team: 'Social Care', email: 'lea.lead@airline.example', role: 'lead', password: 'another careful passphrase' };

let server: JetwayServer;
let browser: Browser;
let boToken: string;
let samToken: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ server, browser } = await startConsoleRig((stopped) => {
    boToken = stopped.createAgent('Bo Baggage', 'Baggage');
    samToken = stopped.createAgent('Sam Social', 'Social Care');
    createConsoleAccount(stopped, ADMIN);
    createConsoleAccount(stopped, LEAD);
    stopped.importMembers(membersCsv());
  }));
});

test.afterAll(() => stopConsoleRig(server, browser));

const newPage = () => openConsolePage(browser);

const nav = consoleNavLink;

async function signInStatus(email: string, password: string): Promise<number> {
  const response = await fetch(`${server.url}/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return response.status;
}

test('an admin creates an account, signs an agent out everywhere, resets a password and deactivates an agent, by keyboard', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, ADMIN);
  await nav(page, 'Agents').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agents');
  const list = page.getByRole('region', { name: 'All agents' });
  await expect(list.getByRole('row', { name: /Bo Baggage/ })).toContainText('No Console account (token only)');
  await expect(list.getByRole('row', { name: /Ada Admin/ })).not.toContainText('No sign-in recorded');
  await auditPage(page, 'console-agents', { docImage: 'console-agents' });

  // Create: the password is made up by the server and shown once.
  const create = page.getByRole('region', { name: 'Create an agent' });
  await create.getByLabel('Name', { exact: true }).fill('Nina New');
  await create.getByLabel('Email', { exact: true }).fill('nina.new@airline.example');
  await create.getByLabel('Team', { exact: true }).selectOption('Social Care');
  await create.getByLabel('Role', { exact: true }).selectOption('lead');
  await create.getByRole('button', { name: 'Create agent' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Nina New is created.' })).toContainText('shown only this once');
  const password = (await page.getByTestId('issued-password').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){4}$/);
  await expect(list.getByRole('row', { name: /Nina New/ })).toContainText('Team lead');

  // Nina signs in to the Console in another browser; the admin signs her out everywhere.
  const nina = await newPage();
  await signInToConsole(nina, server.url, { email: 'nina.new@airline.example', password });
  await page.reload();
  await expect(list.getByRole('row', { name: /Nina New/ })).not.toContainText('No sign-in recorded');
  await list.getByRole('button', { name: 'Sign Nina New out everywhere' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Sign Nina New out everywhere?' });
  await expect(dialog).toBeVisible();
  await auditPage(page, 'console-agents-confirm');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Nina New is signed out everywhere: 1 Console session ended' })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Sign Nina New out everywhere' })).toBeFocused();
  await nina.reload();
  await expect(nina.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await nina.context().close();

  // Reset: a new password, shown once; the old one no longer signs in.
  await list.getByRole('button', { name: "Reset Nina New's password" }).press('Enter');
  await page.getByRole('dialog', { name: "Reset Nina New's password?" }).getByRole('button', { name: 'Reset password' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: "Nina New's password is reset" })).toBeVisible();
  const reset = (await page.getByTestId('issued-password').textContent())!.trim();
  expect(reset).not.toBe(password);
  expect(await signInStatus('nina.new@airline.example', password)).toBe(401);
  expect(await signInStatus('nina.new@airline.example', reset)).toBe(200);

  // Deactivate: Bo's token stops at once; Escape cancels, Enter confirms.
  expect((await callApi(server, boToken, 'GET', '/v1/me')).status).toBe(200);
  await list.getByRole('button', { name: 'Deactivate Bo Baggage' }).press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await callApi(server, boToken, 'GET', '/v1/me')).status).toBe(200);
  await list.getByRole('button', { name: 'Deactivate Bo Baggage' }).press('Enter');
  await page.getByRole('dialog', { name: 'Deactivate Bo Baggage?' }).getByRole('button', { name: 'Deactivate' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Bo Baggage is deactivated' })).toBeVisible();
  await expect(list.getByRole('row', { name: /Bo Baggage/ })).toContainText('Deactivated');
  expect((await callApi(server, boToken, 'GET', '/v1/me')).status).toBe(401);
  // No admin can deactivate their own account from here.
  await expect(list.getByRole('button', { name: 'Deactivate Ada Admin' })).toHaveCount(0);

  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenter');
  await expect(page.getByRole('region', { name: 'Alla agenter' }).getByRole('row', { name: /Bo Baggage/ })).toContainText('Inaktiverad');
  await auditPage(page, 'console-agents-sv');
  await page.context().close();
});

test('an admin renames and reorders the tiers, sees each colour’s measured contrast, and agents read the new ladder', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, ADMIN);
  await nav(page, 'Tiers').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tiers');
  // Every default colour is visible on light and on dark pages.
  const ladder = page.getByRole('table');
  const silverRow = page.getByRole('row').filter({ has: page.getByLabel('Name of tier silver') });
  const conciergeRow = page.getByRole('row').filter({ has: page.getByLabel('Name of tier concierge') });
  await expect(silverRow).toContainText('Light pages 3.23:1');
  await expect(conciergeRow).toContainText('Dark pages 3.18:1');
  await expect(ladder.getByRole('row')).toHaveCount(7);
  await expect(ladder).not.toContainText('Hard to see');
  await auditPage(page, 'console-tiers', { docImage: 'console-tiers' });

  // A pale Silver is hard to see on light pages and a deep Concierge on dark ones: measured, not guessed.
  await page.getByLabel('Colour of Silver (#rrggbb)').fill('#c0c0c0');
  await expect(silverRow).toContainText('Hard to see on light pages: 1.69:1, under 3:1.');
  await expect(silverRow).not.toContainText('Hard to see on dark pages');
  await page.getByLabel('Colour of Concierge (#rrggbb)').fill('#4c1d95');
  await expect(conciergeRow).toContainText('Hard to see on dark pages: 1.51:1, under 3:1.');
  await expect(conciergeRow).not.toContainText('Hard to see on light pages');
  await page.getByLabel('Colour of Silver (#rrggbb)').fill('#6f7b88');
  await page.getByLabel('Colour of Concierge (#rrggbb)').fill('#8b5cf6');
  await expect(ladder).not.toContainText('Hard to see');

  await page.getByLabel('Name of tier gold').fill('Guld');
  await page.getByRole('button', { name: 'Move Diamond up (a lower tier)' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Diamond is now number 4 of 6.' })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Move Diamond up (a lower tier)' })).toBeFocused();
  await page.getByRole('button', { name: 'Save tiers' }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Tiers saved.' })).toBeVisible();

  const me = await callApi<{ tiers: Array<{ id: string; name: string; colour: string }> }>(server, samToken, 'GET', '/v1/me');
  expect(me.body.tiers.map((tier) => tier.id)).toEqual(['member', 'silver', 'gold', 'diamond', 'platinum', 'concierge']);
  expect(me.body.tiers.find((tier) => tier.id === 'gold')?.name).toBe('Guld');
  expect(me.body.tiers.find((tier) => tier.id === 'silver')?.colour).toBe('#6f7b88');
  expect(me.body.tiers.find((tier) => tier.id === 'concierge')?.colour).toBe('#8b5cf6');
  await page.reload();
  await expect(page.getByLabel('Name of tier gold')).toHaveValue('Guld');
  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nivåer');
  await auditPage(page, 'console-tiers-sv');
  await page.context().close();
});

test('an admin reads what was done in the audit log, filters it and downloads the rows as CSV; a lead sees their team’s', async () => {
  // Sam (Social Care) opens a member card: a read of member data, audited.
  const lookup = await callApi<{ results: Array<{ member: { id: string } | null }> }>(server, samToken, 'POST', '/v1/lookup', { identities: [{ network: 'x', handle: 'u_d95bf3e3ae' }] });
  expect((await callApi(server, samToken, 'GET', `/v1/members/${lookup.body.results[0]!.member!.id}`)).status).toBe(200);

  const page = await newPage();
  await signInToConsole(page, server.url, ADMIN);
  await nav(page, 'Audit log').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  const entries = page.getByRole('region', { name: 'Entries, newest first' });
  await expect(entries.getByRole('row', { name: /Deactivated an agent/ })).toContainText('Bo Baggage');
  await expect(entries.getByRole('row', { name: /Opened a member card/ })).toContainText('Gold Person (•••• 0001)');
  await auditPage(page, 'console-audit', { docImage: 'console-audit' });

  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Signed an agent out everywhere' });
  await page.getByRole('button', { name: 'Show entries' }).press('Enter');
  await expect(page).toHaveURL(/action=agent\.sign_out_everywhere/);
  await expect(entries.getByRole('row')).toHaveCount(2);
  await expect(entries.getByRole('row').nth(1)).toContainText('Ada Admin (Operations)');
  await expect(entries.getByRole('row').nth(1)).toContainText('Nina New');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV of these entries' }).press('Enter');
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('time,action,agent,agentEmail,team,member,loyaltyNumber,network,handle,detail');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain('agent.sign_out_everywhere,Ada Admin,ada.admin@airline.example,Operations');
  await expect(page.getByRole('status').filter({ hasText: '1 entry saved as CSV.' })).toBeVisible();

  await page.getByLabel('Member (loyalty number)').fill('sk900000001');
  await page.getByLabel('Action', { exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Show entries' }).press('Enter');
  // The card read, and the lookup before it once the lookup audit's batch is written.
  await expect(entries.getByRole('row', { name: /Opened a member card/ })).toContainText('Sam Social (Social Care)');
  await expect(entries.getByRole('row', { name: /Deactivated an agent/ })).toHaveCount(0);
  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Granskningslogg');
  await auditPage(page, 'console-audit-sv');
  await page.context().close();

  const lead = await newPage();
  await signInToConsole(lead, server.url, LEAD);
  await expect(nav(lead, 'Agents')).toHaveCount(0);
  await nav(lead, 'Audit log').click();
  const leadEntries = lead.getByRole('region', { name: 'Entries, newest first' });
  await expect(leadEntries.getByRole('row', { name: /Opened a member card/ })).toContainText('Sam Social (Social Care)');
  await expect(leadEntries.getByRole('row', { name: /Deactivated an agent/ })).toHaveCount(0);
  await expect(lead.getByLabel('Agent', { exact: true })).toContainText('Sam Social (Social Care)');
  await expect(lead.getByLabel('Agent', { exact: true })).not.toContainText('Bo Baggage');
  await lead.context().close();
});
