import { browser } from 'wxt/browser';
import type { AnswerOf, DataArgs, Unanswered, VerbSpec, VerbsFor } from '@/utils/protocol/define';
import { TAB_VERBS, VERBS, type TabVerb, type TabVerbs, type Verb, type Verbs } from '@/utils/protocol/verbs';

/**
 * The sending side of the one message protocol (`utils/protocol/verbs.ts` declares every
 * verb). Types come from the declarations; each answer is checked against its verb's
 * answer schema on the way back, so nothing the background did not mean to say is used.
 */
export type { Verb, TabVerb } from '@/utils/protocol/verbs';
export type { BadgeAnswer, ContentSession, SignInOutcome, Sites, WriteReceipt } from '@/utils/protocol/schemas';

/** The background (or the tab) refused the message, or answered something that breaks its verb. */
export class MessageRejected extends Error {}

export type ContentVerb = VerbsFor<Verbs, 'content'>;
export type Send<V extends Verb> = <K extends V>(verb: K, ...args: DataArgs<Verbs[K]>) => Promise<AnswerOf<Verbs[K]>>;

function unanswered<S extends VerbSpec>(spec: S, reason: Unanswered): AnswerOf<S> {
  if (spec.unanswered) return spec.unanswered(reason) as AnswerOf<S>;
  throw reason.refused ? new MessageRejected(reason.message) : new Error(reason.message);
}

async function ask<S extends VerbSpec>(spec: S, verb: string, post: () => Promise<unknown>): Promise<AnswerOf<S>> {
  let reply: { ok?: unknown; value?: unknown; error?: unknown } | undefined;
  try {
    reply = (await post()) as typeof reply;
  } catch (error) {
    return unanswered(spec, { refused: false, message: error instanceof Error ? error.message : String(error) });
  }
  if (!reply || typeof reply !== 'object') return unanswered(spec, { refused: false, message: `No answer to ${verb}` });
  if (reply.ok !== true) return unanswered(spec, { refused: true, message: typeof reply.error === 'string' ? reply.error : 'Request refused' });
  const answer = spec.answer.safeParse(reply.value);
  if (!answer.success) return unanswered(spec, { refused: true, message: `Jetway answered ${verb} with something unexpected` });
  return answer.data as AnswerOf<S>;
}

/** Asks the background; a verb without an `unanswered` answer rejects when refused or unreachable. */
export const sendMessage: Send<Verb> = (verb, ...args) => ask(VERBS[verb], verb, () => browser.runtime.sendMessage({ jetway: verb, data: args[0] }));

/** Asks one tab's content script (from the background). */
export function sendToTab<V extends TabVerb>(tabId: number, verb: V, ...args: DataArgs<TabVerbs[V]>): Promise<AnswerOf<TabVerbs[V]>> {
  return ask(TAB_VERBS[verb], verb, () => browser.tabs.sendMessage(tabId, { jetwayTab: verb, data: args[0] }));
}
