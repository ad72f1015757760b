import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSessionSchema, CSRF_HEADER, MeSchema, ProblemSchema, SESSION_COOKIE } from '../../utils/contract';
import { startServer } from '../bin/serve';
import { createApp } from '../http/app';
import { apiClient, bodyOf, engines, read, startTestServer, type ApiClient, type TestServer } from './harness';

const PASSWORD = 'correct horse battery staple';
const HOUR = 60 * 60_000;

/** The session cookie a sign-in set, and what its Set-Cookie said about it. */
function sessionCookie(headers: Headers): { value: string; attributes: string[] } | null {
  const line = headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!line) return null;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair!.slice(SESSION_COOKIE.length + 1), attributes };
}

describe.each(engines())('Console accounts and sessions on %s', (engine) => {
  let server: TestServer;
  /** How far the server's clock runs ahead of the real one. */
  let ahead = 0;

  const signIn = (email: string, password: string) => read(server.api(null).auth.session.$post({ json: { email, password } }));
  /** Signs in and answers a client that carries the session cookie (and the CSRF token unless told not to). */
  const signedIn = async (email: string, password = PASSWORD) => {
    const answer = await signIn(email, password);
    expect(answer.status, answer.text).toBe(200);
    const session = ConsoleSessionSchema.parse(answer.json);
    const cookie = sessionCookie(answer.headers)!;
    const as = (headers: Record<string, string>) => server.api(null, { headers: { cookie: `${SESSION_COOKIE}=${cookie.value}`, ...headers } });
    return { session, cookie, api: as({ [CSRF_HEADER]: session.csrfToken }), withoutCsrf: as({}), as };
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { now: () => new Date(Date.now() + ahead) });
    await server.account({ name: 'Bo Lind', team: 'Baggage', email: 'Lead@Baggage.example', role: 'lead', password: PASSWORD });
    await server.account({ name: 'Ola Agent', team: 'Baggage', email: 'ola@baggage.example', password: PASSWORD });
    await server.token('Ana Agent', 'Social Care');
  });
  afterAll(async () => server?.close());

  it('signs in by email (any case) and password: an HttpOnly, SameSite=Strict session cookie and the session with its CSRF token', async () => {
    const answer = await signIn('lead@BAGGAGE.example', PASSWORD);
    expect(answer.status).toBe(200);
    const session = ConsoleSessionSchema.parse(answer.json);
    expect(session.account).toMatchObject({ name: 'Bo Lind', email: 'lead@baggage.example', role: 'lead' });
    expect(session.team.name).toBe('Baggage');
    expect(session.teams.map((team) => team.name)).toEqual(['Social Care']);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(8 * HOUR - 60_000);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(8 * HOUR + 1_000);
    const cookie = sessionCookie(answer.headers)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(cookie.attributes).not.toContain('Secure');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('security: the cookie is Secure when the request came over https', async () => {
    const app = createApp({ db: server.db });
    const response = await app.request('https://jetway.example/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ola@baggage.example', password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(sessionCookie(response.headers)!.attributes).toContain('Secure');
  });

  it('security: the database keeps only a hash of the session cookie', async () => {
    const { cookie } = await signedIn('ola@baggage.example');
    const rows = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM console_sessions');
    expect(rows.map((row) => row.token_hash)).toContain(createHash('sha256').update(cookie.value).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(cookie.value);
  });

  it('security: a wrong password and an unknown email get the same answer, and no cookie', async () => {
    const wrong = await signIn('ola@baggage.example', 'not the password at all');
    const unknown = await signIn('nobody@baggage.example', PASSWORD);
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(ProblemSchema.parse(answer.json).detail).toBe('Email or password is wrong.');
      expect(sessionCookie(answer.headers)).toBeNull();
    }
    expect(wrong.text).toBe(unknown.text);
  });

  it('security: an agent without a password cannot sign in', async () => {
    await server.account({ name: 'Token Only', team: 'Baggage', email: 'token.only@baggage.example' });
    expect((await signIn('token.only@baggage.example', '')).status).toBe(400);
    expect((await signIn('token.only@baggage.example', PASSWORD)).status).toBe(401);
  });

  it('answers the session on GET /auth/session, and 401 without one', async () => {
    const { session, withoutCsrf } = await signedIn('lead@baggage.example');
    const again = ConsoleSessionSchema.parse(await bodyOf(withoutCsrf.auth.session.$get(), 200));
    expect(again.csrfToken).toBe(session.csrfToken);
    expect(again.account.role).toBe('lead');
    expect((await server.api(null).auth.session.$get()).status).toBe(401);
    expect((await server.api(null, { headers: { cookie: `${SESSION_COOKIE}=not-a-session` } }).auth.session.$get()).status).toBe(401);
  });

  it('lets a session use /v1 and says the role in /v1/me', async () => {
    const { withoutCsrf } = await signedIn('lead@baggage.example');
    const me = MeSchema.parse(await bodyOf(withoutCsrf.v1.me.$get(), 200));
    expect(me.agent.name).toBe('Bo Lind');
    expect(me.role).toBe('lead');
    const agent = await signedIn('ola@baggage.example');
    expect(MeSchema.parse(await bodyOf(agent.withoutCsrf.v1.me.$get(), 200)).role).toBe('agent');
  });

  it('security: a change made with the session cookie needs the session’s X-Jetway-CSRF (403 without or wrong)', async () => {
    const { api, withoutCsrf, as } = await signedIn('ola@baggage.example');
    const open = (client: ApiClient, handle: string) => read(client.v1.cases.$post({ json: { identity: { network: 'x', handle }, subject: 'Bag' } }));
    expect((await open(withoutCsrf, 'csrf_none')).status).toBe(403);
    expect((await open(as({ [CSRF_HEADER]: 'x'.repeat(43) }), 'csrf_wrong')).status).toBe(403);
    const other = await signedIn('lead@baggage.example');
    expect((await open(as({ [CSRF_HEADER]: other.session.csrfToken }), 'csrf_other')).status).toBe(403);
    expect((await open(api, 'csrf_right')).status).toBe(201);
    const stored = await server.db.query<{ handle: string }>(`SELECT handle FROM cases WHERE handle LIKE 'csrf_%'`);
    expect(stored.map((row) => row.handle)).toEqual(['csrf_right']);
  });

  it('security: a disabled agent is refused at once, by session and by token', async () => {
    const { agentId, token } = await server.account({ name: 'Soon Gone', team: 'Baggage', email: 'gone@baggage.example', password: PASSWORD });
    const { withoutCsrf } = await signedIn('gone@baggage.example');
    const byToken = server.api(token);
    expect((await withoutCsrf.v1.me.$get()).status).toBe(200);
    expect((await byToken.v1.me.$get()).status).toBe(200);
    await server.db.query('UPDATE agents SET disabled_at = now() WHERE id = $1', [agentId]);
    expect((await withoutCsrf.v1.me.$get()).status).toBe(401);
    expect((await withoutCsrf.auth.session.$get()).status).toBe(401);
    expect((await byToken.v1.me.$get()).status).toBe(401);
    const again = await signIn('gone@baggage.example', PASSWORD);
    expect(again.status).toBe(403);
    expect(sessionCookie(again.headers)).toBeNull();
  });

  it('ends a session after 8 idle hours, and after 7 days however busy', async () => {
    try {
      const idle = await signedIn('ola@baggage.example');
      ahead = 7 * HOUR;
      expect((await idle.withoutCsrf.v1.me.$get()).status).toBe(200);
      ahead = 7 * HOUR + 8 * HOUR - 60_000;
      expect((await idle.withoutCsrf.v1.me.$get()).status).toBe(200);
      ahead = 7 * HOUR + 8 * HOUR - 60_000 + 8 * HOUR + 60_000;
      expect((await idle.withoutCsrf.v1.me.$get()).status).toBe(401);

      ahead = 0;
      const busy = await signedIn('ola@baggage.example');
      for (let hours = 6; hours < 7 * 24; hours += 6) {
        ahead = hours * HOUR;
        expect((await busy.withoutCsrf.v1.me.$get()).status, `after ${hours} h`).toBe(200);
      }
      ahead = 7 * 24 * HOUR + 60_000;
      expect((await busy.withoutCsrf.v1.me.$get()).status).toBe(401);
    } finally {
      ahead = 0;
    }
  });

  it('signs out: needs the CSRF token, clears the cookie, and the old cookie no longer works', async () => {
    const { api, withoutCsrf, cookie } = await signedIn('lead@baggage.example');
    expect((await withoutCsrf.auth.session.$delete()).status).toBe(403);
    const out = await api.auth.session.$delete();
    expect(out.status).toBe(204);
    const cleared = sessionCookie(out.headers)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('Max-Age=0');
    expect((await withoutCsrf.v1.me.$get()).status).toBe(401);
    const rows = await server.db.query('SELECT 1 FROM console_sessions WHERE token_hash = $1', [createHash('sha256').update(cookie.value).digest('hex')]);
    expect(rows).toEqual([]);
    expect((await server.api(null).auth.session.$delete()).status).toBe(204);
  });
});

describe.each(engines())('sign-in limits on %s', (engine) => {
  let server: TestServer;
  const limits = { perAccount: 3, perClient: 5, windowMs: 15 * 60_000 };
  const signIn = (target: TestServer, email: string, password: string) => read(target.api(null).auth.session.$post({ json: { email, password } }));

  beforeAll(async () => {
    server = await startTestServer(engine, { signInLimits: limits });
    for (const name of ['a', 'b']) await server.account({ name, team: 'Baggage', email: `${name}@baggage.example`, password: PASSWORD });
  });
  afterAll(async () => server?.close());

  it('security: refuses an account’s sign-ins after repeated failures with 429 and Retry-After, even with the right password, on every replica', async () => {
    for (let i = 0; i < limits.perAccount; i++) expect((await signIn(server, 'a@baggage.example', 'wrong password!')).status).toBe(401);
    const limited = await signIn(server, 'a@baggage.example', PASSWORD);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    // A second replica on the same database counts the same failures.
    const replica = await startServer({ db: server.db, port: 0, signInLimits: limits });
    try {
      const elsewhere = await read(apiClient(replica.url, null).auth.session.$post({ json: { email: 'a@baggage.example', password: PASSWORD } }));
      expect(elsewhere.status).toBe(429);
    } finally {
      await replica.close();
    }
    expect((await signIn(server, 'b@baggage.example', PASSWORD)).status).toBe(200);
  });

  it('security: refuses a client address after repeated failures over any accounts', async () => {
    const failuresSoFar = limits.perAccount;
    for (let i = failuresSoFar; i < limits.perClient; i++) expect((await signIn(server, `stranger${i}@baggage.example`, 'wrong password!')).status).toBe(401);
    const limited = await signIn(server, 'b@baggage.example', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the Console at /console', () => {
  let built: TestServer;
  let unbuilt: TestServer;
  const dist = mkdtempSync(join(tmpdir(), 'jetway-console-'));
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Jetway Console</title><script type="module" src="/console/assets/app-1a2b.js"></script>');
    writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log("console")');
    writeFileSync(join(dist, '.stamp'), 'abc\n');
    built = await startTestServer('pglite', { consoleDir: dist });
    unbuilt = await startTestServer('pglite', { consoleDir: join(dist, 'missing') });
  });
  afterAll(async () => {
    await Promise.all([built?.close(), unbuilt?.close()]);
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers 503 with how to build it when it is not built', async () => {
    const answer = await unbuilt.raw(null, 'GET', '/console/inbox');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(ProblemSchema.parse(answer.json).detail).toBe('The Console is not built; run npm run build:console');
  });

  it.each(['/console', '/console/', '/console/inbox', '/console/handoffs/0b6c9c0e-3c55-4a0b-9f25-8b2a8c7d5e01'])(
    'security: serves index.html for the app route %s with a strict CSP',
    async (path) => {
      const answer = await built.raw(null, 'GET', path);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<title>Jetway Console</title>');
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.headers.get('content-security-policy')).toBe(csp);
    },
  );

  it('serves the built assets, and 404 for a missing one, a hidden file or a path out of the build', async () => {
    const asset = await built.raw(null, 'GET', '/console/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await built.raw(null, 'GET', '/console/assets/app-old.js')).status).toBe(404);
    expect((await built.raw(null, 'GET', '/console/.stamp')).status).toBe(404);
    for (const path of ['/console/..%2f..%2fpackage.json', '/console/assets/..%2f..%2f..%2fpackage.json']) {
      const answer = await built.raw(null, 'GET', path);
      expect(answer.text).not.toContain('"dependencies"');
    }
  });

  it('security: the docs page has a CSP too', async () => {
    const docs = await built.raw(null, 'GET', '/docs');
    expect(docs.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
