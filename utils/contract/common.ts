import { z } from 'zod';

export const IdSchema = z.uuid();
export const TimestampSchema = z.iso.datetime({ offset: true });
export const TierIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'A tier id is lower-case letters, digits, _ or -');

/** A reference to a person or team by id and display name. */
export const RefSchema = z.object({ id: IdSchema, name: z.string() });
export type Ref = z.infer<typeof RefSchema>;

export const PreferredChannelSchema = z.enum(['x_dm', 'facebook_messenger', 'email', 'phone', 'sms']);
export type PreferredChannel = z.infer<typeof PreferredChannelSchema>;

/**
 * Every machine `code` a problem can carry: stable names the extension and the Console
 * translate with their message catalogues (`problem_<code>` in the extension's
 * `_locales`, `problem_<code>` in the Console's `i18n/`). The server's English `detail`
 * is for logs and API users, never shown in the agent's UI.
 */
export const PROBLEM_CODES = [
  // One per status: the code of any problem no more specific code describes.
  'bad_request',
  'not_signed_in',
  'forbidden',
  'not_found',
  'conflict',
  'body_too_large',
  'unsupported_media_type',
  'unprocessable',
  'version_required',
  'rate_limited',
  'server_error',
  'unavailable',
  // Specific codes.
  'invalid_field',
  'invalid_json',
  'url_not_site_page',
  'token_invalid',
  'session_ended',
  'wrong_credentials',
  'account_disabled',
  'csrf_missing',
  'route_not_found',
  'idempotency_key_invalid',
  'idempotency_key_reused',
  'request_in_flight',
  'concurrent_change',
  'database_unavailable',
  'console_not_built',
  'if_match_invalid',
  'version_mismatch',
  'case_not_found',
  'case_changed',
  'case_taken',
  'member_not_found',
  'handle_linked_elsewhere',
  'link_not_found',
  'team_not_found',
  'handoff_own_team',
  'handoff_not_target',
  'handoff_same_team',
  'handoff_back_to_sender',
  'handoff_target_missing',
  'handoff_not_found',
  'handoff_cancel_forbidden',
  'handoff_change_forbidden',
  'handoff_changed',
  'handoff_refused',
  'cursor_invalid',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The code of a problem with no more specific one, by HTTP status. */
export const DEFAULT_PROBLEM_CODE: Readonly<Record<number, ProblemCode>> = {
  400: 'bad_request',
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  428: 'version_required',
  429: 'rate_limited',
  500: 'server_error',
  503: 'unavailable',
};

/** The catalogue code for a problem: its own when the client knows it, else its status's, else a server error. */
export function problemCodeOf(status: number, code?: string | null): ProblemCode {
  if (code && (PROBLEM_CODES as readonly string[]).includes(code)) return code as ProblemCode;
  return DEFAULT_PROBLEM_CODE[status] ?? (status >= 500 ? 'server_error' : 'bad_request');
}

/**
 * RFC 9457 problem details, with a machine `code`, per-field errors for validation
 * failures, and `params` a message may name (e.g. `assignee` for `case_taken`).
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  params: z.record(z.string(), z.string()).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
