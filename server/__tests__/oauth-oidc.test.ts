import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConsoleSessionSchema,
  JETWAY_CHROMIUM_REDIRECT_URI,
  OAUTH_CLIENT_ID,
  OIDC_CALLBACK_PATH,
  SESSION_COOKIE,
  SsoProviderSchema,
  TokenResponseSchema,
} from '../../utils/contract';
import { startServer, type RunningServer } from '../bin/serve';
import { migrate } from '../db/migrations';
import { createAgent } from '../domain/agents';
import { engines, freshDatabase, type TestDatabase } from './harness';

/** The people of the test identity provider, by the login typed on its page. */
const PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  dana: { email: 'Dana@Airline.example', email_verified: true, name: 'Dana Berg' },
  unverified: { email: 'dana@airline.example', email_verified: false, name: 'Not Dana' },
  stranger: { email: 'new.hire@airline.example', email_verified: true, name: 'Nova Hire' },
};
const IDP_CLIENT = { id: 'jetway-server', secret: randomBytes(24).toString('base64url') };

/** Cookies per host, as a browser keeps them (enough for these two servers on loopback). */
class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  keep(url: URL, headers: Headers): void {
    const cookies = this.jar.get(url.host) ?? new Map<string, string>();
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.host, cookies);
  }
  value(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }
  forget(url: string, name: string): void {
    this.jar.get(new URL(url).host)?.delete(name);
  }
}

interface Stop {
  status: number;
  url: URL;
  location: URL | null;
  text: string;
}

/**
 * A browser in miniature: follows redirects (a form post answered 303 goes on as GET),
 * keeps cookies, and stops at a page or at a redirect to `stopAt` (the extension's page).
 */
async function browse(jar: CookieJar, start: string, stopAt: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Stop> {
  let url = new URL(start);
  let method = init.method ?? 'GET';
  let body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    jar.keep(url, response.headers);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(stopAt)) return { status: response.status, url, location: next, text: '' };
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    return { status: response.status, url, location: null, text: await response.text() };
  }
  throw new Error('Too many redirects');
}

/** Submits the one form of an IdP page with these fields (its hidden ones included). */
function submitForm(jar: CookieJar, page: Stop, fields: Record<string, string>, stopAt: string): Promise<Stop> {
  const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
  if (!action) throw new Error(`No form on ${page.url.href}: ${page.text.slice(0, 300)}`);
  const hidden = Object.fromEntries([...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return browse(jar, new URL(action.replace(/&amp;/g, '&'), page.url).href, stopAt, { method: 'POST', form: { ...hidden, ...fields } });
}

/** Signs in at the IdP as `login`: its login page, then its consent page; stops where the IdP sends the browser back to. */
async function signInAtIdp(jar: CookieJar, first: Stop, login: string, stopAt: string): Promise<Stop> {
  expect(first.status, first.text.slice(0, 300)).toBe(200);
  let page = await submitForm(jar, first, { login, password: 'any' }, stopAt);
  if (page.location === null && /name="prompt" value="consent"/.test(page.text)) page = await submitForm(jar, page, {}, stopAt);
  return page;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe.each(engines())('company sign-in (OpenID Connect) against a real provider on %s', (engine) => {
  let fresh: TestDatabase;
  let idpServer: Server;
  let jetway: RunningServer;
  /** The same database, behind a server that creates unknown agents in Social Care. */
  let creating: RunningServer;

  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await migrate(fresh.db);
    await createAgent(fresh.db, { name: 'Dana Berg', team: 'Social Care', email: 'dana@airline.example' });
    idpServer = createServer();
    const issuer = `http://127.0.0.1:${await listen(idpServer)}`;
    const oidc = { issuer, clientId: IDP_CLIENT.id, clientSecret: IDP_CLIENT.secret, name: 'Airline ID' };
    jetway = await startServer({ db: fresh.db, port: 0, oidc, rateLimitPerMinute: 100_000 });
    creating = await startServer({ db: fresh.db, port: 0, oidc: { ...oidc, defaultTeam: 'Social Care' }, rateLimitPerMinute: 100_000 });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: IDP_CLIENT.id,
          client_secret: IDP_CLIENT.secret,
          redirect_uris: [`${jetway.url}${OIDC_CALLBACK_PATH}`, `${creating.url}${OIDC_CALLBACK_PATH}`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      findAccount: (_ctx, sub) => (PEOPLE[sub] ? { accountId: sub, claims: () => ({ sub, ...PEOPLE[sub]! }) } : undefined),
    });
    idpServer.on('request', provider.callback());
  });
  afterAll(async () => {
    await jetway?.close();
    await creating?.close();
    await new Promise((resolve) => idpServer?.close(resolve));
    await fresh?.dispose();
  });

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeQuery = (challenge: string) =>
    new URLSearchParams({ response_type: 'code', client_id: OAUTH_CLIENT_ID, redirect_uri: JETWAY_CHROMIUM_REDIRECT_URI, code_challenge: challenge, code_challenge_method: 'S256', state: 'sso-state' });

  it('the sign-in page offers "Sign in with <name>", and the Console can ask for it', async () => {
    const page = await (await fetch(`${jetway.url}/oauth/authorize?${authorizeQuery(pkce().challenge)}`)).text();
    expect(page).toMatch(/<a class="button" href="\/oauth\/oidc\/start\?[^"]+">Sign in with Airline ID<\/a>/);
    expect(SsoProviderSchema.parse(await (await fetch(`${jetway.url}/oauth/oidc/provider`)).json())).toEqual({ provider: { name: 'Airline ID' } });
  });

  it("extension: the IdP's verified email names the agent; the code comes back to the extension with its state and buys tokens", async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const page = await (await fetch(`${jetway.url}/oauth/authorize?${authorizeQuery(challenge)}`)).text();
    const start = /href="(\/oauth\/oidc\/start\?[^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    const atIdp = await browse(jar, `${jetway.url}${start}`, JETWAY_CHROMIUM_REDIRECT_URI);
    const back = await signInAtIdp(jar, atIdp, 'dana', JETWAY_CHROMIUM_REDIRECT_URI);
    expect(back.status, back.text).toBe(302);
    expect(back.location!.searchParams.get('state')).toBe('sso-state');
    const tokens = await fetch(`${jetway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.location!.searchParams.get('code')!, code_verifier: verifier, redirect_uri: JETWAY_CHROMIUM_REDIRECT_URI, client_id: OAUTH_CLIENT_ID }),
    });
    expect(tokens.status).toBe(200);
    expect(TokenResponseSchema.parse(await tokens.json()).agent).toMatchObject({ name: 'Dana Berg', team: 'Social Care', email: 'dana@airline.example' });
  });

  it('Console: the company sign-in ends in a Console session', async () => {
    const jar = new CookieJar();
    const atIdp = await browse(jar, `${jetway.url}/oauth/oidc/start?return=console`, `${jetway.url}/console/`);
    const back = await signInAtIdp(jar, atIdp, 'dana', `${jetway.url}/console/`);
    expect(back.status).toBe(302);
    const cookie = jar.value(jetway.url, SESSION_COOKIE);
    expect(cookie).toBeTruthy();
    const session = await fetch(`${jetway.url}/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
    expect(session.status).toBe(200);
    expect(ConsoleSessionSchema.parse(await session.json()).account).toMatchObject({ name: 'Dana Berg', email: 'dana@airline.example' });
  });

  it('an unverified email is refused with a clear message', async () => {
    const jar = new CookieJar();
    const atIdp = await browse(jar, `${jetway.url}/oauth/oidc/start?return=console`, `${jetway.url}/console/`);
    const refused = await signInAtIdp(jar, atIdp, 'unverified', `${jetway.url}/console/`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Your company account has no verified email address');
    expect(jar.value(jetway.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('an unknown email is refused with a clear message, unless JETWAY_OIDC_DEFAULT_TEAM lets the server create the agent', async () => {
    const jar = new CookieJar();
    const refused = await signInAtIdp(jar, await browse(jar, `${jetway.url}/oauth/oidc/start?return=console`, `${jetway.url}/console/`), 'stranger', `${jetway.url}/console/`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('No Jetway account uses new.hire@airline.example. Ask your Jetway administrator to add you.');
    expect(await fresh.db.query("SELECT 1 FROM agents WHERE email = 'new.hire@airline.example'")).toHaveLength(0);

    // A fresh browser: in this one the IdP would remember the stranger and skip its page.
    const other = new CookieJar();
    const created = await signInAtIdp(other, await browse(other, `${creating.url}/oauth/oidc/start?return=console`, `${creating.url}/console/`), 'stranger', `${creating.url}/console/`);
    expect(other.value(creating.url, SESSION_COOKIE)).toBeTruthy();
    expect(created.status).toBe(302);
    const [agent] = await fresh.db.query<{ name: string; team: string; role: string }>(
      "SELECT a.name, t.name AS team, a.role FROM agents a JOIN teams t ON t.id = a.team_id WHERE a.email = 'new.hire@airline.example'",
    );
    expect(agent).toEqual({ name: 'Nova Hire', team: 'Social Care', role: 'agent' });
  });

  it('security: the IdP\'s answer is only taken in the browser that started the sign-in, and only once', async () => {
    const jar = new CookieJar();
    const atIdp = await browse(jar, `${jetway.url}/oauth/oidc/start?return=console`, `${jetway.url}${OIDC_CALLBACK_PATH}`);
    const callback = await signInAtIdp(jar, atIdp, 'dana', `${jetway.url}${OIDC_CALLBACK_PATH}`);
    expect(callback.location).not.toBeNull();
    // Another browser (no sign-in cookie) replays the IdP's answer: refused, and the sign-in is spent.
    const elsewhere = await fetch(callback.location!, { redirect: 'manual' });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('started in another browser');
    const original = await browse(jar, callback.location!.href, `${jetway.url}/console/`);
    expect(original.status).toBe(403);
    expect(jar.value(jetway.url, SESSION_COOKIE)).toBeUndefined();
  });
});
