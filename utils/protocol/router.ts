import type { Browser } from 'wxt/browser';
import { z } from 'zod';
import { CONTENT_ORIGINS } from '@/utils/sites/registry';
import type { HandlersOf, Reply, SenderKind, VerbTable } from './define';
import { TAB_VERBS, VERBS, type TabVerbs, type Verbs } from './verbs';

export type MessageSender = Browser.runtime.MessageSender;
export type BackgroundHandlers = HandlersOf<Verbs, MessageSender>;
export type TabHandlers = HandlersOf<TabVerbs, void>;

/** On the wire: `{ jetway: verb, data }` to the background, `{ jetwayTab: verb, data }` to a tab. */
const EnvelopeSchema = z.object({ jetway: z.string(), data: z.unknown().optional() });
const TabEnvelopeSchema = z.object({ jetwayTab: z.string(), data: z.unknown().optional() });

const refused = (error: string): Promise<Reply<never>> => Promise.resolve({ ok: false, error });

/** Who sent a message: one of our content scripts on a registered site, one of our pages, or nobody we talk to. */
export function senderKind(sender: MessageSender, runtimeId: string, extensionBase: string): SenderKind | null {
  if (sender.id !== runtimeId) return null;
  const url = sender.url ?? (sender as { origin?: string }).origin;
  if (!url) return null;
  // Extension URLs have an opaque origin ("null"), so compare by prefix.
  if (url.startsWith(extensionBase)) return 'page';
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  if (sender.tab?.id !== undefined && CONTENT_ORIGINS.has(origin)) return 'content';
  return null;
}

/** The schema, then the handler: a request that does not match its verb never reaches it. */
function run<T extends VerbTable, C>(table: T, handlers: HandlersOf<T, C>, verb: keyof T & string, data: unknown, context: C): Promise<Reply<unknown>> {
  const parsed = table[verb]!.data.safeParse(data);
  if (!parsed.success) return refused(`Invalid ${verb} request: ${parsed.error.issues[0]?.message ?? ''}`);
  const handler = handlers[verb] as (data: unknown, context: C) => Promise<unknown>;
  return handler(parsed.data, context).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
  );
}

const isVerbOf = <T extends VerbTable>(table: T, verb: string): verb is keyof T & string => Object.hasOwn(table, verb);

/**
 * The background's router: checks the sender, then the payload, then runs the handler,
 * failing closed at each step. Returns undefined for messages that are not Jetway's, so
 * other listeners may answer.
 */
export function createRouter(handlers: BackgroundHandlers, env: { runtimeId: string; extensionBase: string }) {
  return (message: unknown, sender: MessageSender): Promise<Reply<unknown>> | undefined => {
    const envelope = EnvelopeSchema.safeParse(message);
    if (!envelope.success) return undefined;
    const verb = envelope.data.jetway;
    if (!isVerbOf(VERBS, verb)) return refused('Unknown request');
    const kind = senderKind(sender, env.runtimeId, env.extensionBase);
    const from = VERBS[verb].from;
    if (!kind || (from !== 'any' && from !== kind)) return refused('Request refused');
    return run(VERBS, handlers, verb, envelope.data.data, sender);
  };
}

/** A content script's router for the background's verbs: only our own background (no tab) may send them. */
export function createTabRouter(handlers: TabHandlers, runtimeId: string) {
  return (message: unknown, sender: MessageSender): Promise<Reply<unknown>> | undefined => {
    const envelope = TabEnvelopeSchema.safeParse(message);
    if (!envelope.success) return undefined;
    const verb = envelope.data.jetwayTab;
    if (!isVerbOf(TAB_VERBS, verb)) return refused('Unknown request');
    if (sender.id !== runtimeId || sender.tab !== undefined) return refused('Request refused');
    return run(TAB_VERBS, handlers, verb, envelope.data.data, undefined);
  };
}
