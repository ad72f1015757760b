import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import Provider from 'oidc-provider';
import { OIDC_CALLBACK_PATH } from '@/utils/contract/oauth';
import type { JetwayServer } from './server';

/**
 * The airline's identity provider for the e2e suite: a real OpenID provider (the
 * `oidc-provider` package, with its development login and consent pages) on 127.0.0.1.
 * Nothing is mocked: Jetway discovers it, sends the browser to it and checks its ID tokens
 * exactly as it would an airline's (docs/sign-in.md, "Company sign-in").
 *
 *     const idp = await CompanyIdentityProvider.start();
 *     const server = new JetwayServer(idp.jetwayEnv());
 *     await idp.acceptCallbacksOf(server); // fixes the server's port
 *     await server.start();
 */

/** The button Jetway's sign-in pages show for this provider. */
export const IDP_NAME = 'Airline ID';

export interface IdpPerson {
  email: string;
  email_verified: boolean;
  name: string;
}

/** The airline's people at its identity provider, by login. Each spec adds to Jetway those it needs. */
export const AIRLINE_ID_PEOPLE = {
  bo: { email: 'bo.baggage@airline.example', email_verified: true, name: 'Bo Baggage' },
  dana: { email: 'dana.berg@airline.example', email_verified: true, name: 'Dana Berg' },
  nova: { email: 'nova.newcomer@airline.example', email_verified: true, name: 'Nova Newcomer' },
  stranger: { email: 'stranger@airline.example', email_verified: true, name: 'Some Stranger' },
} satisfies Record<string, IdpPerson>;

export type IdpLogin = keyof typeof AIRLINE_ID_PEOPLE;

const PEOPLE: Record<string, IdpPerson> = AIRLINE_ID_PEOPLE;

/** Jetway is a confidential client of the provider. */
const CLIENT_ID = 'jetway-server';

export class CompanyIdentityProvider {
  private readonly http: Server = createServer();
  private readonly clientSecret = randomBytes(24).toString('base64url');
  private issuer = '';

  private constructor() {}

  /** Listens on a loopback port, so its issuer URL is known; it answers once `acceptCallbacksOf` ran. */
  static async start(): Promise<CompanyIdentityProvider> {
    const idp = new CompanyIdentityProvider();
    const port = await new Promise<number>((resolve) => idp.http.listen(0, '127.0.0.1', () => resolve((idp.http.address() as AddressInfo).port)));
    idp.issuer = `http://127.0.0.1:${port}`;
    return idp;
  }

  /** A Jetway server's settings for this provider; `extra` adds e.g. `JETWAY_OIDC_DEFAULT_TEAM`. */
  jetwayEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      JETWAY_OIDC_ISSUER: this.issuer,
      JETWAY_OIDC_CLIENT_ID: CLIENT_ID,
      JETWAY_OIDC_CLIENT_SECRET: this.clientSecret,
      JETWAY_OIDC_NAME: IDP_NAME,
      ...extra,
    };
  }

  /**
   * Registers each server's callback with the provider (exact redirect URIs, as an airline's
   * IT registers Jetway) and starts answering. Call it once, before the servers start: it
   * fixes their ports.
   */
  async acceptCallbacksOf(...servers: JetwayServer[]): Promise<void> {
    const redirectUris = await Promise.all(servers.map(async (server) => `${await server.reservePort()}${OIDC_CALLBACK_PATH}`));
    const provider = new Provider(this.issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: this.clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      findAccount: (_ctx, sub) => (Object.hasOwn(PEOPLE, sub) ? { accountId: sub, claims: () => ({ sub, ...PEOPLE[sub]! }) } : undefined),
    });
    this.http.on('request', provider.callback());
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }
}

/** At the provider's own development pages: its login form as `login` (any password), then its consent. */
export async function signInAtIdp(page: Page, login: IdpLogin): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Ends the person's session at the provider in this browser (its cookies), so the next
 * company sign-in asks who is there again instead of going straight back as the last one.
 */
export async function forgetIdpSession(context: BrowserContext): Promise<void> {
  await context.clearCookies({ name: /^_(session|interaction)/ });
}

/**
 * Nothing leaves the machine: every request off 127.0.0.1 is refused (the provider's
 * development pages ask for a web font). Call it before `serveSite`, whose routes then
 * answer first for the sites they serve.
 */
export async function keepOnLoopback(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
}
