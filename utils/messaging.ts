import { browser } from 'wxt/browser';
import type { AnswerOf, DataArgs, VerbSpec, VerbsFor } from '@/utils/protocol/define';
import { ask } from '@/utils/protocol/ask';
import { TAB_VERBS, VERBS, type TabVerb, type TabVerbs, type Verb, type Verbs } from '@/utils/protocol/verbs';

/**
 * The sending side of the one message protocol (`utils/protocol/verbs.ts` declares every
 * verb). Types come from the declarations; each answer is checked against its verb's
 * answer schema on the way back, so nothing the background did not mean to say is used.
 */
export type { Verb, TabVerb } from '@/utils/protocol/verbs';
export type { BadgeAnswer, ContentSession, SignInOutcome, Sites, WriteReceipt } from '@/utils/protocol/schemas';
export { MessageRejected } from '@/utils/protocol/ask';

export type ContentVerb = VerbsFor<Verbs, 'content'>;
export type Send<V extends Verb> = <K extends V>(verb: K, ...args: DataArgs<Verbs[K]>) => Promise<AnswerOf<Verbs[K]>>;

/** A verb's declaration as `ask` takes it: the answer schema's check, and its unanswered answer. */
function checkedBy<S extends VerbSpec>(spec: S) {
  return {
    check: (value: unknown) => spec.answer.safeParse(value) as { success: true; data: AnswerOf<S> } | { success: false },
    unanswered: spec.unanswered as ((reason: Parameters<NonNullable<S['unanswered']>>[0]) => AnswerOf<S>) | undefined,
  };
}

/** Asks the background; a verb without an `unanswered` answer rejects when refused or unreachable. */
export const sendMessage: Send<Verb> = (verb, ...args) => ask(checkedBy(VERBS[verb]), verb, () => browser.runtime.sendMessage({ jetway: verb, data: args[0] }));

/** Asks one tab's content script (from the background). */
export function sendToTab<V extends TabVerb>(tabId: number, verb: V, ...args: DataArgs<TabVerbs[V]>): Promise<AnswerOf<TabVerbs[V]>> {
  return ask(checkedBy(TAB_VERBS[verb]), verb, () => browser.tabs.sendMessage(tabId, { jetwayTab: verb, data: args[0] }));
}
