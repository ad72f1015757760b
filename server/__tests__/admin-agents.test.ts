import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentListSchema, AgentPasswordSchema, AuditPageSchema, CreatedAgentSchema, CSRF_HEADER, JETWAY_CHROMIUM_REDIRECT_URI, OAUTH_CLIENT_ID, TokenResponseSchema } from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

const ADMIN_KEY = 'jwa_test-admin-key-of-forty-three-characters-x';
const PASSWORD = 'a long enough passphrase';
const NO_SUCH_AGENT = '00000000-0000-4000-8000-000000000000';

describe.each(engines())('the admin Agents page API on %s', (engine) => {
  let fresh: TestDatabase;
  let server: RunningServer;
  let adminId: string;

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const signIn = async (email: string, password = PASSWORD) => {
    const response = await send('POST', '/auth/session', {}, { email, password });
    expect(response.status).toBe(200);
    return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  };
  /** A whole browser sign-in as the extension makes it: the server's page, the code, the tokens. */
  const browserSignIn = async (email: string, password: string) => {
    const verifier = randomBytes(32).toString('base64url');
    const params = {
      response_type: 'code',
      client_id: OAUTH_CLIENT_ID,
      redirect_uri: JETWAY_CHROMIUM_REDIRECT_URI,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'st',
    };
    const page = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ ...params, email, password }).toString(),
    });
    expect(page.status).toBe(302);
    const code = new URL(page.headers.get('location')!).searchParams.get('code')!;
    const tokens = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: JETWAY_CHROMIUM_REDIRECT_URI, client_id: OAUTH_CLIENT_ID }).toString(),
    });
    expect(tokens.status).toBe(200);
    return TokenResponseSchema.parse(await tokens.json());
  };
  const refresh = (refreshToken: string) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OAUTH_CLIENT_ID }).toString(),
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const asAdmin = async () => {
    const admin = await signIn('ada@ops.example');
    return { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf };
  };

  /** An agent signed in three ways at once: their token, a Console session and a browser sign-in. */
  const signedInEverywhere = async (email: string) => {
    const created = await send('POST', '/admin/v1/agents', await asAdmin(), { name: `Agent ${email}`, team: 'Night', email, role: 'agent', issuePassword: true });
    expect(created.status).toBe(201);
    const { agentId, token, password } = CreatedAgentSchema.parse(await created.json());
    const console = await signIn(email, password!);
    const browser = await browserSignIn(email, password!);
    expect((await send('GET', '/v1/me', bearer(token))).status).toBe(200);
    expect((await send('GET', '/auth/session', { cookie: console.cookie })).status).toBe(200);
    expect((await send('GET', '/v1/me', bearer(browser.access_token))).status).toBe(200);
    return { agentId, token, password: password!, console, browser };
  };
  const stillWorks = async (agent: Awaited<ReturnType<typeof signedInEverywhere>>) => ({
    token: (await send('GET', '/v1/me', bearer(agent.token))).status,
    session: (await send('GET', '/auth/session', { cookie: agent.console.cookie })).status,
    access: (await send('GET', '/v1/me', bearer(agent.browser.access_token))).status,
    refresh: (await refresh(agent.browser.refresh_token)).status,
  });

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    server = await startServer({ db: fresh.db, port: 0, adminKey: ADMIN_KEY, rateLimitPerMinute: 100_000 });
    ({ agentId: adminId } = await createAgent(fresh.db, { name: 'Ada Admin', team: 'Ops', email: 'ada@ops.example', role: 'admin', password: PASSWORD }));
    await createAgent(fresh.db, { name: 'Lee Lead', team: 'Night', email: 'lee@night.example', role: 'lead', password: PASSWORD });
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.dispose();
  });

  it('creates an agent with a password made up by the server, shown once, that signs in; lists the last sign-in', async () => {
    const before = Date.now();
    const created = await send('POST', '/admin/v1/agents', await asAdmin(), { name: 'Nina New', team: 'Night', email: 'nina@night.example', role: 'lead', issuePassword: true });
    expect(created.status).toBe(201);
    const { agentId, password } = CreatedAgentSchema.parse(await created.json());
    expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){4}$/);
    let list = AgentListSchema.parse(await (await send('GET', '/admin/v1/agents', bearer(ADMIN_KEY))).json());
    expect(list.agents.find((agent) => agent.id === agentId)).toMatchObject({ name: 'Nina New', team: 'Night', role: 'lead', email: 'nina@night.example', disabled: false, lastSignInAt: null, hasPassword: true });
    await signIn('nina@night.example', password!);
    list = AgentListSchema.parse(await (await send('GET', '/admin/v1/agents', bearer(ADMIN_KEY))).json());
    const signedIn = Date.parse(list.agents.find((agent) => agent.id === agentId)!.lastSignInAt!);
    expect(signedIn).toBeGreaterThanOrEqual(before - 1000);
    expect(signedIn).toBeLessThanOrEqual(Date.now() + 1000);
    // The password is in that one answer only: the list never carries it.
    expect(JSON.stringify(list)).not.toContain(password!);
    expect((await send('POST', '/admin/v1/agents', bearer(ADMIN_KEY), { name: 'No Mail', team: 'Night', issuePassword: true })).status).toBe(422);
  });

  it('security: sign out everywhere ends the agent’s token, Console session, access and refresh tokens at once; they can sign in again', async () => {
    const agent = await signedInEverywhere('sam@night.example');
    const answer = await send('POST', `/admin/v1/agents/${agent.agentId}/sign-out`, await asAdmin());
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ agentId: agent.agentId, name: 'Agent sam@night.example', sessionsEnded: 1 });
    expect(await stillWorks(agent)).toEqual({ token: 401, session: 401, access: 401, refresh: 400 });
    await signIn('sam@night.example', agent.password);
  });

  it('security: deactivate ends everything at once and refuses a new sign-in; an admin cannot deactivate their own account', async () => {
    const agent = await signedInEverywhere('dee@night.example');
    const answer = await send('POST', `/admin/v1/agents/${agent.agentId}/deactivate`, await asAdmin());
    expect(answer.status).toBe(200);
    expect(await stillWorks(agent)).toEqual({ token: 401, session: 401, access: 401, refresh: 400 });
    expect((await send('POST', '/auth/session', {}, { email: 'dee@night.example', password: agent.password })).status).toBe(403);
    const list = AgentListSchema.parse(await (await send('GET', '/admin/v1/agents', bearer(ADMIN_KEY))).json());
    expect(list.agents.find((listed) => listed.id === agent.agentId)?.disabled).toBe(true);
    expect((await send('POST', `/admin/v1/agents/${adminId}/deactivate`, await asAdmin())).status).toBe(409);
    expect((await send('POST', `/admin/v1/agents/${NO_SUCH_AGENT}/deactivate`, bearer(ADMIN_KEY))).status).toBe(404);
  });

  it('security: reset password answers a new one once; the old one and every session stop working', async () => {
    const agent = await signedInEverywhere('pat@night.example');
    const answer = await send('POST', `/admin/v1/agents/${agent.agentId}/password`, await asAdmin());
    expect(answer.status).toBe(200);
    const { password } = AgentPasswordSchema.parse(await answer.json());
    expect(password).not.toBe(agent.password);
    expect(await stillWorks(agent)).toEqual({ token: 401, session: 401, access: 401, refresh: 400 });
    expect((await send('POST', '/auth/session', {}, { email: 'pat@night.example', password: agent.password })).status).toBe(401);
    await signIn('pat@night.example', password);
  });

  it('audits every change with the admin who made it; the admin key’s changes carry no agent', async () => {
    const { agentId } = CreatedAgentSchema.parse(await (await send('POST', '/admin/v1/agents', bearer(ADMIN_KEY), { name: 'Kim Key', team: 'Night' })).json());
    expect((await send('POST', `/admin/v1/agents/${agentId}/sign-out`, bearer(ADMIN_KEY))).status).toBe(200);
    const admin = await signIn('ada@ops.example');
    const page = AuditPageSchema.parse(await (await send('GET', '/v1/audit?limit=100', { cookie: admin.cookie })).json());
    const mine = (action: string) => page.entries.filter((entry) => entry.action === action && entry.detail.agentId === agentId);
    expect(mine('agent.create')).toEqual([expect.objectContaining({ agent: null, detail: expect.objectContaining({ agentName: 'Kim Key', team: 'Night' }) })]);
    expect(mine('agent.sign_out_everywhere')).toHaveLength(1);
    expect(page.entries.filter((entry) => entry.action === 'agent.deactivate')).toEqual([
      expect.objectContaining({ agent: expect.objectContaining({ id: adminId, name: 'Ada Admin' }), team: 'Ops', detail: expect.objectContaining({ agentName: 'Agent dee@night.example' }) }),
    ]);
    expect(page.entries.filter((entry) => entry.action === 'agent.password_reset')).toHaveLength(1);
  });

  it('security: a lead’s session, an admin session without CSRF and an agent token cannot sign anyone out', async () => {
    const { agentId, token } = await createAgent(fresh.db, { name: 'Target', team: 'Night' });
    const lead = await signIn('lee@night.example');
    const admin = await signIn('ada@ops.example');
    expect((await send('POST', `/admin/v1/agents/${agentId}/sign-out`, { cookie: lead.cookie, [CSRF_HEADER]: lead.csrf })).status).toBe(403);
    expect((await send('POST', `/admin/v1/agents/${agentId}/sign-out`, { cookie: admin.cookie })).status).toBe(403);
    expect((await send('POST', `/admin/v1/agents/${agentId}/password`, bearer(token))).status).toBe(401);
    expect((await send('GET', '/v1/me', bearer(token))).status).toBe(200);
  });
});
