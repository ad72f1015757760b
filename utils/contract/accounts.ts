import { z } from 'zod';
import { RefSchema, TimestampSchema } from './common';
import { TeamSchema } from './me';
import { RoleSchema } from './roles';

// Defined in roles.ts so that /v1/me (me.ts, imported here) can show it without an import cycle.
export { RoleSchema, type Role } from './roles';

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Enter an email address such as name@airline.example'))
  .transform((email) => email.toLowerCase());

/** Long passphrases beat complexity rules (NIST SP 800-63B): at least 12 characters, nothing else imposed. */
export const PasswordSchema = z.string().min(12, 'A password has at least 12 characters').max(1024);

/** `POST /auth/session`: the Console's (and the browser sign-in page's) email + password form. */
export const SignInSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(1024) });
export type SignIn = z.infer<typeof SignInSchema>;

/** The signed-in account as the Console sees it. */
export const AccountSchema = RefSchema.extend({ email: z.email().nullable(), role: RoleSchema });
export type Account = z.infer<typeof AccountSchema>;

/**
 * `GET /auth/session` and the answer to a sign-in: who is signed in, and the CSRF token
 * every cookie-authenticated write must echo in the `X-Jetway-CSRF` header.
 */
export const ConsoleSessionSchema = z.object({
  account: AccountSchema,
  team: TeamSchema,
  /** Every other team, by name (the inbox's sending teams, the dashboard's teams). */
  teams: z.array(RefSchema),
  /** The teams the account's team hands off to, by name: where it may reassign a handoff. */
  handoffTargets: z.array(RefSchema),
  csrfToken: z.string().min(16),
  expiresAt: TimestampSchema,
});
export type ConsoleSession = z.infer<typeof ConsoleSessionSchema>;

export const CSRF_HEADER = 'X-Jetway-CSRF';
export const SESSION_COOKIE = 'jetway_session';
