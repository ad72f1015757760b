import type { z } from 'zod';

/** Who may send a verb to the background: our content scripts, our extension pages, or both. */
export type SenderKind = 'content' | 'page';
export type AllowedSenders = SenderKind | 'any';

/** Why a verb got no answer from the other side: it refused the message, or nobody answered. */
export interface Unanswered {
  refused: boolean;
  message: string;
}

export interface VerbSpec<Data extends z.ZodType = z.ZodType, Answer extends z.ZodType = z.ZodType, From extends AllowedSenders = AllowedSenders> {
  /** Who may send it (background verbs; tab verbs come from the background only). */
  from: From;
  /** The request, checked by the receiver before its handler runs. */
  data: Data;
  /** The answer, checked by the sender when it comes back. */
  answer: Answer;
  /**
   * What the sender gets when the verb goes unanswered, instead of an exception: for
   * writes, a receipt that says nothing was saved.
   */
  unanswered?(reason: Unanswered): z.infer<Answer>;
}

/** Declares one message verb (see `utils/protocol/verbs.ts`). */
export function defineVerb<Data extends z.ZodType, Answer extends z.ZodType, From extends AllowedSenders>(
  spec: VerbSpec<Data, Answer, From>,
): VerbSpec<Data, Answer, From> {
  return spec;
}

export type VerbTable = Record<string, VerbSpec<z.ZodType, z.ZodType, AllowedSenders>>;

/** What the sender passes (before defaults and transforms). */
export type DataIn<S extends VerbSpec> = z.input<S['data']>;
/** What the handler receives (validated). */
export type DataOf<S extends VerbSpec> = z.output<S['data']>;
export type AnswerOf<S extends VerbSpec> = z.output<S['answer']>;

/** The arguments after the verb: none when the verb takes no data. */
export type DataArgs<S extends VerbSpec> = undefined extends DataIn<S> ? [data?: DataIn<S>] : [data: DataIn<S>];

/** The verbs of a table that a kind of sender may use. */
export type VerbsFor<T extends VerbTable, K extends SenderKind> = {
  [V in keyof T]: T[V]['from'] extends K | 'any' ? V : never;
}[keyof T] &
  string;

/** One handler per verb, typed from its declaration. */
export type HandlersOf<T extends VerbTable, Context> = {
  [V in keyof T]: (data: DataOf<T[V]>, context: Context) => Promise<AnswerOf<T[V]>>;
};

/** On the wire: `{ ok: true, value }` or `{ ok: false, error }`. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
