import { expect, test, type Browser } from '@playwright/test';
import { auditPage, callApi, createConsoleAccount, signInToConsole, type ConsoleAccount, openConsolePage, startConsoleRig, stopConsoleRig } from './support/console';
import { membersCsv } from './support/members';
import type { JetwayServer } from './support/server';

/**
 * The receiving team's side of a handoff, end to end against a real server: Social Care
 * hands a Gold member's X conversation to Baggage through the API; a Baggage agent signs in
 * to the Console, finds it by the customer's handle, reads it, accepts and resolves it; an
 * agent of a third team never sees it.
 */
test.describe.configure({ mode: 'serial' });

const HANDLE = 'u_d95bf3e3ae';
const POSTS = [
  `https://x.com/${HANDLE}/status/1796621388997543347`,
  `https://x.com/${HANDLE}/status/1796621388997543350`,
];
const BAGGAGE: ConsoleAccount = { name: 'Bo Baggage', team: 'Baggage', email: 'bo.baggage@airline.example', role: 'agent', password: 'correct horse battery staple' };
const LOUNGES: ConsoleAccount = { name: 'Lo Lounge', team: 'Lounges', email: 'lo.lounge@airline.example', role: 'agent', password: 'another long passphrase here' };
const OUTCOME = 'Bag traced to CPH, delivered to the customer’s home tonight; 1,500 points goodwill.';

let server: JetwayServer;
let browser: Browser;
let socialToken: string;
let baggageToken: string;
let loungesToken: string;
let handoffId: string;

interface StoredHandoff {
  id: string;
  status: string;
  outcome: string | null;
  preferredChannel: string | null;
  history: Array<{ action: string; by: { name: string }; note: string | null }>;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, browser } = await startConsoleRig(
    (stopped) => {
      socialToken = stopped.createAgent('Erin Agent', 'Social Care');
      baggageToken = createConsoleAccount(stopped, BAGGAGE);
      loungesToken = createConsoleAccount(stopped, LOUNGES);
      stopped.importMembers(membersCsv());
    },
    async (running) => {
      const me = await callApi<{ handoffTargets: Array<{ id: string; name: string }> }>(running, socialToken, 'GET', '/v1/me');
      expect(me.status).toBe(200);
      const baggage = me.body.handoffTargets.find((team) => team.name === 'Baggage');
      expect(baggage, 'Social Care can hand off to Baggage').toBeTruthy();

      const created = await callApi<StoredHandoff>(running, socialToken, 'POST', '/v1/handoffs', {
        identity: { network: 'x', handle: HANDLE },
        toTeamId: baggage!.id,
        reason: 'Bag lost on the CPH connection; Gold member, complaining in public.',
        transcript: [
          { author: `Gold Person (@${HANDLE})`, text: 'My bag never arrived in Stockholm after the CPH connection. Three days now!', postedAt: new Date(Date.now() - 30 * 60_000).toISOString(), url: POSTS[0] },
          { author: `Gold Person (@${HANDLE})`, text: 'Still nothing. File ref ARNSK12345.', postedAt: new Date(Date.now() - 10 * 60_000).toISOString(), url: POSTS[1] },
        ],
      });
      expect(created.status).toBe(201);
      handoffId = created.body.id;
    },
  ));
});

test.afterAll(() => stopConsoleRig(server, browser));

const newPage = () => openConsolePage(browser);

test('sign-in page: labelled fields, a clear error for a wrong password, accessible in light and dark', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/console/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the Jetway Console');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeAttached();
  await expect(page.getByRole('main')).toBeVisible();

  await page.getByLabel('Email').fill(BAGGAGE.email);
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
  await auditPage(page, 'console-sign-in');
  await page.context().close();
});

test('a Baggage agent finds the handoff by handle, reads it, accepts it and resolves it', async () => {
  test.setTimeout(90_000);
  const page = await newPage();
  await signInToConsole(page, server.url, BAGGAGE);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Baggage inbox');
  await expect(page.getByRole('radio', { name: 'Open 1' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'New 1' })).toBeVisible();
  await page.getByLabel('Search by handle or name').fill(HANDLE);
  const row = page.getByRole('listitem').filter({ hasText: `@${HANDLE}` });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('img', { name: 'Loyalty tier: Gold' })).toBeVisible();
  await expect(row).toContainText('2 messages');
  await expect(row).toContainText('From Social Care');
  await expect(row).toContainText('New');
  await expect(row.locator('[data-urgency]')).toBeVisible();
  await auditPage(page, 'console-inbox');

  await row.getByRole('link', { name: new RegExp(`@${HANDLE}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/console/handoffs/${handoffId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Handoff for @${HANDLE}`);
  await expect(page.getByText('2 messages captured')).toBeVisible();
  const postLinks = page.getByRole('link', { name: /Open the post by/ });
  await expect(postLinks).toHaveCount(2);
  expect(await postLinks.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))).toEqual(POSTS);

  const reply = page.getByRole('region', { name: 'Reply to the customer' });
  await expect(reply).toContainText('X direct message');
  await expect(reply.getByRole('link', { name: new RegExp(`Message @${HANDLE} on X`) })).toHaveAttribute('href', `https://x.com/${HANDLE}`);

  const member = page.getByRole('region', { name: 'Member' });
  await expect(member).toContainText('Gold Person');
  await expect(member).toContainText('•••• 0001');
  await expect(member).toContainText('ARN');
  await expect(page.getByRole('region', { name: 'Sent by' })).toContainText('Erin Agent, Social Care');
  await auditPage(page, 'console-handoff');

  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByText('Accepted. The handoff is yours to resolve.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Bo Baggage (Baggage) accepted it');

  await page.getByRole('button', { name: 'Resolve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolve this handoff' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Outcome')).toBeFocused();
  await dialog.getByLabel('Outcome').fill(OUTCOME);
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Resolved. The sending team can see the outcome.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Bo Baggage (Baggage) resolved it');
  await expect(page.getByRole('region', { name: 'History' })).toContainText(OUTCOME);
  await expect(page.getByText('This handoff is closed: there is nothing left to do.')).toBeVisible();

  const stored = await callApi<{ handoff: StoredHandoff }>(server, baggageToken, 'GET', `/v1/handoffs/${handoffId}`);
  expect(stored.body.handoff.status).toBe('resolved');
  expect(stored.body.handoff.outcome).toBe(OUTCOME);
  expect(stored.body.handoff.history.map((event) => event.action)).toEqual(['created', 'accepted', 'resolved']);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the Jetway Console');
  expect(await page.evaluate(async () => (await fetch('/auth/session')).status)).toBe(401);
  await page.context().close();
});

test('an agent of a third team sees nothing of it', async () => {
  const page = await newPage();
  await signInToConsole(page, server.url, LOUNGES);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lounges inbox');
  await page.getByRole('radio', { name: /^All/ }).check();
  await page.getByLabel('Search by handle or name').fill(HANDLE);
  await expect(page.getByText('No handoffs match these filters.')).toBeVisible();
  await expect(page.getByText(`@${HANDLE}`)).toHaveCount(0);

  await page.goto(`${server.url}/console/handoffs/${handoffId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("This handoff doesn't exist, or it isn't your team's.");
  await expect(page.getByText('Gold Person')).toHaveCount(0);

  const direct = await callApi(server, loungesToken, 'GET', `/v1/handoffs/${handoffId}`);
  expect([403, 404]).toContain(direct.status);
  await page.context().close();
});
