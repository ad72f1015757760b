import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { auditPage, callApi, createConsoleAccount, signInToConsole, type ConsoleAccount, openConsolePage, startConsoleRig, stopConsoleRig } from './support/console';
import type { JetwayServer } from './support/server';
import { clearOfTimesOfDay } from '../clock';

/**
 * The lead's dashboard against a real server: Social Care hands three conversations to
 * Baggage and one to Refunds through the API; its lead signs in to the Console, opens
 * Dashboard and finds exactly those handoffs by receiving team, drawn, as a table and as CSV.
 */
test.describe.configure({ mode: 'serial' });

const LEAD: ConsoleAccount = { name: 'Lea Lead', team: 'Social Care', email: 'lea.lead@airline.example', role: 'lead', password: 'a long and careful passphrase' };
const AGENT: ConsoleAccount = { name: 'Bo Baggage', team: 'Baggage', email: 'bo.baggage@airline.example', role: 'agent', password: 'correct horse battery staple' };

let server: JetwayServer;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(120_000 + 6 * 60_000);
  // The dashboard's default period is today (the team's day, UTC): it must not turn between the handoffs made here and the checks.
  await clearOfTimesOfDay('UTC', ['24:00'], 5 * 60_000);
  let socialToken = '';
  ({ server, browser } = await startConsoleRig(
    (stopped) => {
      socialToken = stopped.createAgent('Erin Agent', 'Social Care');
      stopped.createAgent('Rita Refunds', 'Refunds');
      createConsoleAccount(stopped, LEAD);
      createConsoleAccount(stopped, AGENT);
    },
    async (running) => {
      const me = await callApi<{ handoffTargets: Array<{ id: string; name: string }> }>(running, socialToken, 'GET', '/v1/me');
      const teamId = (name: string) => me.body.handoffTargets.find((team) => team.name === name)!.id;
      const handOff = async (handle: string, team: string) => {
        const created = await callApi(running, socialToken, 'POST', '/v1/handoffs', {
          identity: { network: 'x', handle },
          toTeamId: teamId(team),
          reason: `About ${handle}`,
          transcript: [{ author: `@${handle}`, text: 'Where is my bag?', postedAt: new Date().toISOString(), url: null }],
        });
        expect(created.status).toBe(201);
      };
      for (const handle of ['bag_one', 'bag_two', 'bag_three']) await handOff(handle, 'Baggage');
      await handOff('refund_one', 'Refunds');
    },
  ));
});

test.afterAll(() => stopConsoleRig(server, browser));

const newPage = () => openConsolePage(browser);

test('a lead opens Dashboard: the handoffs by receiving team are drawn, shown as a table and exported exactly as made', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, LEAD);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard · Social Care');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  const handoffs = page.getByRole('region', { name: 'Handoffs by receiving team' });
  await expect(handoffs.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  await expect(handoffs.locator('.recharts-bar-rectangle path')).toHaveCount(2);
  const table = handoffs.getByRole('table', { name: 'Handoffs by receiving team' });
  await expect(table).toBeHidden();

  // Keyboard only: the toggle is reached and pressed like any button.
  const toggle = handoffs.getByRole('button', { name: 'Show as table' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(table).toBeVisible();
  const cells = async (name: string) => table.getByRole('row', { name: new RegExp(`^${name}\\b`) }).getByRole('cell').allTextContents();
  await expect(table.getByRole('columnheader')).toHaveText(['Team', 'New', 'Accepted', 'Resolved', 'Sent back', 'Cancelled', 'Total', 'Median to accept (min)']);
  expect(await table.getByRole('rowheader').allTextContents()).toEqual(['Baggage', 'Refunds']);
  expect(await cells('Baggage')).toEqual(['3', '0', '0', '0', '0', '3', '—']);
  expect(await cells('Refunds')).toEqual(['1', '0', '0', '0', '0', '1', '—']);

  const download = page.waitForEvent('download');
  await handoffs.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^jetway-handoffs-social-care-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv).toBe('Team,New,Accepted,Resolved,Sent back,Cancelled,Total,Median to accept (min)\r\nBaggage,3,0,0,0,0,3,\r\nRefunds,1,0,0,0,0,1,\r\n');

  // Four cases were opened today, all four still open and held by the agent who handed them off.
  const cases = page.getByRole('region', { name: 'Cases' });
  await cases.getByRole('button', { name: 'Show as table' }).click();
  await expect(cases.getByRole('row', { name: /^Opened/ }).getByRole('cell')).toHaveText('4');
  await expect(cases.getByRole('row', { name: /^Open now/ }).getByRole('cell')).toHaveText('4');
  const agents = page.getByRole('region', { name: 'Load per agent' });
  await agents.getByRole('button', { name: 'Show as table' }).click();
  await expect(agents.getByRole('row', { name: /^Erin Agent/ }).getByRole('cell')).toHaveText(['4', '0']);

  await auditPage(page, 'console-dashboard', { docImage: 'console-dashboard' });

  // Another period keeps the same handoffs (all made today); the choice is kept in the address.
  await page.getByText('7 days', { exact: true }).click();
  await expect(page).toHaveURL(/period=7d/);
  await expect(table.getByRole('row', { name: /^Baggage/ }).getByRole('cell').last()).toHaveText('—');
  expect(await cells('Baggage')).toEqual(['3', '0', '0', '0', '0', '3', '—']);

  // A custom period asks for its days first.
  await page.getByText('Custom', { exact: true }).click();
  await expect(page.getByText('Choose the first and the last day.')).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  // Ninety days back, whatever today is (a custom period is at most 92 days).
  const firstDay = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  // Longer than 92 days is said at once, and asks nothing of the server.
  await page.getByLabel('First day').fill(new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel('Last day').fill(today);
  await expect(page.getByText('A custom period spans at most 92 days.')).toBeVisible();
  await page.getByLabel('First day').fill(firstDay);
  await page.getByLabel('Last day').fill(today);
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  await handoffs.getByRole('button', { name: 'Show as table' }).click();
  expect(await cells('Refunds')).toEqual(['1', '0', '0', '0', '0', '1', '—']);

  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Översikt · Social Care');
  await expect(page.getByRole('region', { name: 'Överlämningar per mottagande team' }).getByRole('button', { name: 'Visa som tabell' })).toBeVisible();
  await auditPage(page, 'console-dashboard-sv');
  await page.context().close();
});

test('an agent has no Dashboard link, and the address says the dashboard is for leads and admins', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, AGENT);
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  await page.goto(`${server.url}/console/dashboard`);
  await expect(page.getByText('The dashboard is for team leads and admins.')).toBeVisible();
  await page.context().close();
});
