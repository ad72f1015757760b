import { expect, test, type Browser } from '@playwright/test';
import { auditPage, callApi, createConsoleAccount, signInToConsole, type ConsoleAccount, openConsolePage, startConsoleRig, stopConsoleRig } from './support/console';
import type { JetwayServer } from './support/server';

/**
 * The admin's Teams page against a real server: an admin sets Baggage's time zone,
 * first-response minutes and sundown; a Baggage agent's deadlines follow at once. Then the
 * admin narrows Social Care's handoff targets to Baggage: a Social Care agent sees only
 * Baggage, and a handoff to Refunds is refused.
 */
test.describe.configure({ mode: 'serial' });

const ADMIN: ConsoleAccount = { name: 'Ada Admin', team: 'Operations', email: 'ada.admin@airline.example', role: 'admin', password: 'a long and careful passphrase' };
const LEAD: ConsoleAccount = { name: 'Lea Lead', team: 'Social Care', email: 'lea.lead@airline.example', role: 'lead', password: 'another careful passphrase' };

let server: JetwayServer;
let browser: Browser;
let baggageToken: string;
let socialToken: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, browser } = await startConsoleRig((stopped) => {
    baggageToken = stopped.createAgent('Bo Baggage', 'Baggage');
    socialToken = stopped.createAgent('Sam Social', 'Social Care');
    stopped.createAgent('Rita Refunds', 'Refunds');
    createConsoleAccount(stopped, ADMIN);
    createConsoleAccount(stopped, LEAD);
  }));
});

test.afterAll(() => stopConsoleRig(server, browser));

const newPage = () => openConsolePage(browser);

test('an admin sets a team’s time zone, first-response minutes and sundown; the team’s agents follow at once', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, ADMIN);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Teams');
  const baggage = page.getByRole('region', { name: 'Baggage' });
  await expect(baggage.getByLabel('Time zone')).toHaveValue('UTC');
  await expect(baggage.getByLabel('First response (minutes)')).toHaveValue('15');
  await expect(baggage.getByLabel('Sundown (local time)')).toHaveValue('24:00');
  await auditPage(page, 'console-teams', { docImage: 'console-teams' });

  await baggage.getByLabel('Time zone').selectOption('Europe/Stockholm');
  await baggage.getByLabel('First response (minutes)').fill('10');
  await baggage.getByLabel('Sundown (local time)').fill('17:00');
  await baggage.getByRole('button', { name: 'Save Baggage' }).press('Enter');
  await expect(baggage.getByRole('status')).toHaveText('Saved Baggage.');
  const me = await callApi<{ team: { deadlines: unknown } }>(server, baggageToken, 'GET', '/v1/me');
  expect(me.body.team.deadlines).toEqual({ timeZone: 'Europe/Stockholm', firstResponseMinutes: 10, dayEndsAt: '17:00' });

  await page.reload();
  await expect(page.getByRole('region', { name: 'Baggage' }).getByLabel('First response (minutes)')).toHaveValue('10');
  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Team');
  await expect(page.getByRole('region', { name: 'Baggage' }).getByRole('button', { name: 'Spara Baggage' })).toBeVisible();
  await auditPage(page, 'console-teams-sv');
  await page.context().close();
});

test('an admin narrows Social Care’s handoff targets to Baggage from the keyboard; its agents can hand off only there', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, ADMIN);
  await page.goto(`${server.url}/console/teams`);
  const social = page.getByRole('region', { name: 'Social Care' });
  const targets = social.getByRole('group', { name: 'Hands off to' });
  // Every other team, as before targets could be chosen.
  for (const team of ['Baggage', 'Operations', 'Refunds']) await expect(targets.getByRole('checkbox', { name: team })).toBeChecked();
  await expect(targets.getByRole('checkbox')).toHaveCount(3);

  await targets.getByRole('checkbox', { name: 'Operations' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(targets.getByRole('checkbox', { name: 'Refunds' })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(social.getByRole('button', { name: 'Save Social Care' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(social.getByRole('status')).toHaveText('Saved Social Care.');
  await expect(targets.getByRole('checkbox', { name: 'Baggage' })).toBeChecked();
  await expect(targets.getByRole('checkbox', { name: 'Refunds' })).not.toBeChecked();
  await auditPage(page, 'console-teams-targets');

  const me = await callApi<{ handoffTargets: Array<{ id: string; name: string }> }>(server, socialToken, 'GET', '/v1/me');
  expect(me.body.handoffTargets.map((team) => team.name)).toEqual(['Baggage']);
  // The admin's own session reads the team ids, as the page does.
  const teams = (await (await page.request.get(`${server.url}/admin/v1/teams`)).json()) as { teams: Array<{ id: string; name: string }> };
  const refunds = teams.teams.find((team) => team.name === 'Refunds')!;
  const transcript = [{ author: '@frequent_flyer', text: 'Still no refund', postedAt: '2026-11-24T08:00:00.000Z', url: 'https://x.com/frequent_flyer/status/2' }];
  const refused = await callApi<{ code: string }>(server, socialToken, 'POST', '/v1/handoffs', {
    identity: { network: 'x', handle: 'frequent_flyer' },
    toTeamId: refunds.id,
    reason: 'Refund',
    transcript,
  });
  expect(refused.status).toBe(422);
  expect(refused.body.code).toBe('handoff_not_target');

  await page.reload();
  await expect(page.getByRole('region', { name: 'Social Care' }).getByRole('checkbox', { name: 'Refunds' })).not.toBeChecked();
  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('region', { name: 'Social Care' }).getByRole('group', { name: 'Lämnar över till' })).toBeVisible();
  await auditPage(page, 'console-teams-targets-sv');
  await page.context().close();
});

test('a lead has no Teams link, and the page says teams are set up by admins', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, LEAD);
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Teams' })).toHaveCount(0);
  await page.goto(`${server.url}/console/teams`);
  await expect(page.getByText('Teams are set up by admins.')).toBeVisible();
  await page.context().close();
});
