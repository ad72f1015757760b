import { z } from 'zod';
import { parseRedirectUris, type OidcSettings } from '../domain/oauth';

const EnvSchema = z.object({
  JETWAY_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  JETWAY_HOST: z.string().default('127.0.0.1'),
  JETWAY_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().url().optional(),
  JETWAY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Comma-separated extension origins CORS allows; empty means any extension origin. */
  JETWAY_EXTENSION_ORIGINS: z.string().default(''),
  /** `1` behind a TLS-terminating proxy: client addresses and https come from X-Forwarded-For / -Proto. */
  JETWAY_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Comma-separated redirect URIs the browser sign-in accepts besides the extension's built-in ones. */
  JETWAY_OAUTH_REDIRECT_URIS: z.string().default(''),
  /** The company's OpenID Connect provider; the three together, or none. */
  JETWAY_OIDC_ISSUER: z.string().url().optional(),
  JETWAY_OIDC_CLIENT_ID: z.string().optional(),
  JETWAY_OIDC_CLIENT_SECRET: z.string().optional(),
  /** The button's "Sign in with <name>". */
  JETWAY_OIDC_NAME: z.string().default('company sign-in'),
  /** A team in which an unknown verified email becomes a new agent; unset refuses unknown emails. */
  JETWAY_OIDC_DEFAULT_TEAM: z.string().optional(),
});
export type ServerEnv = z.infer<typeof EnvSchema>;

/**
 * Reads the server's settings from the environment; a bad value stops the start with its
 * name. A variable set to the empty string counts as not set (`DATABASE_URL= npm start`).
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid server environment: ${problems}`);
  }
  const oidc = [parsed.data.JETWAY_OIDC_ISSUER, parsed.data.JETWAY_OIDC_CLIENT_ID, parsed.data.JETWAY_OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new Error('Invalid server environment: company sign-in needs JETWAY_OIDC_ISSUER, JETWAY_OIDC_CLIENT_ID and JETWAY_OIDC_CLIENT_SECRET together.');
  }
  return parsed.data;
}

/** The company sign-in the environment configures, if any. */
export function oidcSettings(env: ServerEnv): OidcSettings | undefined {
  if (!env.JETWAY_OIDC_ISSUER || !env.JETWAY_OIDC_CLIENT_ID || !env.JETWAY_OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: env.JETWAY_OIDC_ISSUER,
    clientId: env.JETWAY_OIDC_CLIENT_ID,
    clientSecret: env.JETWAY_OIDC_CLIENT_SECRET,
    name: env.JETWAY_OIDC_NAME,
    defaultTeam: env.JETWAY_OIDC_DEFAULT_TEAM,
  };
}

export function extensionOrigins(env: ServerEnv): string[] {
  return env.JETWAY_EXTENSION_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** The settings `startServer` takes from the environment. */
export function serverSettings(env: ServerEnv) {
  return {
    port: env.JETWAY_PORT,
    host: env.JETWAY_HOST,
    rateLimitPerMinute: env.JETWAY_RATE_LIMIT_PER_MINUTE,
    extensionOrigins: extensionOrigins(env),
    trustProxy: env.JETWAY_TRUST_PROXY === '1' || env.JETWAY_TRUST_PROXY === 'true',
    oauthRedirectUris: parseRedirectUris(env.JETWAY_OAUTH_REDIRECT_URIS),
    oidc: oidcSettings(env),
  };
}
