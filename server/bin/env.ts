import { z } from 'zod';
import { parseRedirectUris } from '../domain/oauth';

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
  return parsed.data;
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
  };
}
