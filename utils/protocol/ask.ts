import type { Unanswered } from './define';

/**
 * Asking the other side of the message protocol, without the schemas: `utils/messaging.ts`
 * checks answers with the verbs' Zod schemas, the content scripts' badge path with the
 * lighter checks of `badge-path.ts`. The wire format and what an unanswered verb means are
 * the same for both, and live here.
 */

/** The background (or the tab) refused the message, or answered something that breaks its verb. */
export class MessageRejected extends Error {}

/** The answer, checked: the value to use (Zod may have transformed it), or nothing usable. */
export type CheckedAnswer<T> = { success: true; data: T } | { success: false };

export interface AskSpec<T> {
  check(value: unknown): CheckedAnswer<T>;
  /** What the sender gets when the verb goes unanswered, instead of an exception. */
  unanswered?(reason: Unanswered): T;
}

function unanswered<T>(spec: AskSpec<T>, reason: Unanswered): T {
  if (spec.unanswered) return spec.unanswered(reason);
  throw reason.refused ? new MessageRejected(reason.message) : new Error(reason.message);
}

/** Posts one message and checks the `{ ok, value }` or `{ ok: false, error }` reply against its verb. */
export async function ask<T>(spec: AskSpec<T>, verb: string, post: () => Promise<unknown>): Promise<T> {
  let reply: { ok?: unknown; value?: unknown; error?: unknown } | undefined;
  try {
    reply = (await post()) as typeof reply;
  } catch (error) {
    return unanswered(spec, { refused: false, message: error instanceof Error ? error.message : String(error) });
  }
  if (!reply || typeof reply !== 'object') return unanswered(spec, { refused: false, message: `No answer to ${verb}` });
  if (reply.ok !== true) return unanswered(spec, { refused: true, message: typeof reply.error === 'string' ? reply.error : 'Request refused' });
  const answer = spec.check(reply.value);
  if (!answer.success) return unanswered(spec, { refused: true, message: `Jetway answered ${verb} with something unexpected` });
  return answer.data;
}
