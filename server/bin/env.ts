import { z } from 'zod';
import { LOG_LEVELS } from '../logger';
import { smtpMailer } from '../domain/webhooks/notices';
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
  /** What the server logs (JSON lines on stdout); read by server/logger.ts, checked here so a typo stops the start. */
  JETWAY_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** The CLI: run data commands against this server (with JETWAY_ADMIN_TOKEN) instead of a local database. */
  JETWAY_URL: z.string().url().optional(),
  /** The admin credential: the server accepts it as a bearer on /admin/v1; the CLI sends it. Default: the key in the data dir. */
  JETWAY_ADMIN_TOKEN: z.string().min(20, 'must be at least 20 characters').optional(),
  /** Where people reach this server (links in Slack and email notices); default its own address. */
  JETWAY_PUBLIC_URL: z.string().url().optional(),
  /** SMTP for email notices, e.g. smtps://user:pass@mail.example.com:465; without it, none are sent. */
  JETWAY_SMTP_URL: z.string().url().optional(),
  JETWAY_SMTP_FROM: z.string().default('Jetway <jetway@localhost>'),
  /** Webhook retry times (staging and tests shorten them): the first retry's delay, and how long an event is tried. */
  JETWAY_WEBHOOK_FIRST_RETRY_MS: z.coerce.number().int().min(0).optional(),
  JETWAY_WEBHOOK_GIVE_UP_AFTER_MS: z.coerce.number().int().min(0).optional(),
  /** Transcripts' words are removed this many days after the handoff (unset: kept). */
  JETWAY_TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
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
    webhooks: {
      publicUrl: env.JETWAY_PUBLIC_URL,
      mailer: env.JETWAY_SMTP_URL ? smtpMailer(env.JETWAY_SMTP_URL, env.JETWAY_SMTP_FROM) : null,
      policy: {
        ...(env.JETWAY_WEBHOOK_FIRST_RETRY_MS === undefined ? {} : { firstRetryMs: env.JETWAY_WEBHOOK_FIRST_RETRY_MS }),
        ...(env.JETWAY_WEBHOOK_GIVE_UP_AFTER_MS === undefined ? {} : { giveUpAfterMs: env.JETWAY_WEBHOOK_GIVE_UP_AFTER_MS }),
      },
    },
    oauthRedirectUris: parseRedirectUris(env.JETWAY_OAUTH_REDIRECT_URIS),
    oidc: oidcSettings(env),
    transcriptRetentionDays: env.JETWAY_TRANSCRIPT_RETENTION_DAYS ?? null,
  };
}
