import { z } from 'zod';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. A NUL in
 * particular cannot be stored in a PostgreSQL text column; none of them belong in anything
 * a person typed or a page showed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const CONTROL_CHARS_MESSAGE = 'Remove control characters (such as NUL) from this text';

export function hasControlChars(text: string): boolean {
  return CONTROL_CHARS.test(text);
}

/** The text without control characters (for text read from a page before it is sent). */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS_ALL, '');
}

/**
 * Free text (notes, reasons, names, transcript messages…): a string that refuses control
 * characters other than \t \n \r, so that the server answers 422 with a field error instead
 * of failing in the database. Chain `.trim()`, `.min()`, `.max()` as on `z.string()`.
 */
export function safeText() {
  return z.string().refine((text) => !hasControlChars(text), { message: CONTROL_CHARS_MESSAGE, params: { controlChars: true } });
}

/** Whether a validation issue is `safeText`'s refusal of control characters. */
export function isControlCharsIssue(issue: { code: string; params?: unknown }): boolean {
  return issue.code === 'custom' && typeof issue.params === 'object' && issue.params !== null && 'controlChars' in issue.params;
}
