import { createServer, type Server } from 'node:http';
import { expect, test, type Browser } from '@playwright/test';
import { assertConsoleBuilt, auditPage, callApi, createConsoleAccount, launchConsoleBrowser, signInToConsole, type ConsoleAccount } from './support/console';
import { JetwayServer } from './support/server';

/**
 * A Baggage lead connects the team's own tool in the Console: adds an endpoint and sees its
 * secret once, sees a delivery that failed (the receiver was down) and retries it once the
 * receiver is back, sets Slack and email notices, rotates the secret and removes the endpoint.
 */
test.describe.configure({ mode: 'serial' });

const LEAD: ConsoleAccount = { name: 'Lena Lead', team: 'Baggage', email: 'lena.lead@airline.example', role: 'lead', password: 'a long lead passphrase' };

let server: JetwayServer;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
let socialToken: string;
let healthy = false;
const answers: number[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  assertConsoleBuilt();
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const status = healthy ? 204 : 500;
      answers.push(status);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/jetway`;
  // The first failure is the last try, so a failed delivery shows at once.
  server = new JetwayServer({ JETWAY_WEBHOOK_GIVE_UP_AFTER_MS: '0' });
  // Before the server starts: the embedded database has one process at a time.
  socialToken = server.createAgent('Erin Agent', 'Social Care');
  createConsoleAccount(server, LEAD);
  await server.start();
  browser = await launchConsoleBrowser();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
});

test('a lead adds an endpoint, retries a failed delivery, sets notices, rotates and removes', async () => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ locale: 'en-GB', colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInToConsole(page, server.url, LEAD);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooks and notices');
  await expect(page.getByText('No endpoints yet.')).toBeVisible();

  await page.getByRole('textbox', { name: /^URL/ }).fill(receiverUrl);
  await page.getByRole('checkbox', { name: 'case.opened' }).uncheck();
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
  const endpoints = page.getByRole('region', { name: 'Webhook endpoints' });
  const row = endpoints.getByRole('row').filter({ hasText: receiverUrl });
  await expect(row).toContainText('Delivering');
  await expect(row).not.toContainText('case.opened');

  // Social Care hands a customer to Baggage while the receiver is down.
  const me = await callApi<{ handoffTargets: Array<{ id: string; name: string }> }>(server, socialToken, 'GET', '/v1/me');
  const baggage = me.body.handoffTargets.find((team) => team.name === 'Baggage')!;
  const created = await callApi(server, socialToken, 'POST', '/v1/handoffs', {
    identity: { network: 'x', handle: 'late_bag' },
    toTeamId: baggage.id,
    reason: 'Bag missing',
    transcript: [{ author: '@late_bag', text: 'Where is my bag?', postedAt: null, url: null }],
  });
  expect(created.status).toBe(201);
  await expect.poll(() => answers.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

  const failed = page.getByRole('region', { name: 'Failed deliveries' });
  await expect(async () => {
    await page.reload();
    await expect(failed.getByRole('button', { name: `Retry handoff.created to ${receiverUrl}` })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(failed).toContainText('HTTP 500');
  await expect(row).toContainText('Failing');
  await auditPage(page, 'console-webhooks', { docImage: 'console-webhooks' });

  healthy = true;
  await failed.getByRole('button', { name: `Retry handoff.created to ${receiverUrl}` }).click();
  await expect(page.getByText('Queued: it is delivered again now.')).toBeVisible();
  await expect.poll(() => answers.at(-1), { timeout: 60_000 }).toBe(204);
  await expect(async () => {
    await page.reload();
    await expect(failed).toContainText('Nothing failed', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  const notices = page.getByRole('region', { name: 'Slack and email notices' });
  await notices.getByLabel('Slack incoming-webhook URL').fill('https://hooks.slack.example.com/services/T0/B0/x');
  await notices.getByLabel('Email address').fill('baggage-desk@airline.example');
  await notices.getByRole('button', { name: 'Save notices' }).click();
  await expect(page.getByText('Notices saved.')).toBeVisible();
  await page.reload();
  await expect(notices.getByLabel('Email address')).toHaveValue('baggage-desk@airline.example');

  const first = await page.getByTestId('webhook-secret').count();
  expect(first).toBe(0);
  await row.getByRole('button', { name: `Rotate the secret of ${receiverUrl}` }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);

  await page.getByLabel('Language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooks och aviseringar');
  await expect(page.getByRole('region', { name: 'Misslyckade leveranser' })).toBeVisible();
  await auditPage(page, 'console-webhooks-sv');
  await page.getByLabel('Språk').selectOption('en');

  await row.getByRole('button', { name: `Remove ${receiverUrl}` }).click();
  await expect(page.getByText('Endpoint removed.')).toBeVisible();
  await expect(page.getByText('No endpoints yet.')).toBeVisible();
  await context.close();
});
