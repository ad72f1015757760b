import { t, type MessageKey } from '@/utils/i18n';
import type { Send, Verb } from '@/utils/messaging';
import type { WriteState } from '@/utils/protocol/schemas';

/** The verbs that queue a write; each carries the `writeId` made where the agent clicked. */
export type WriteVerb = 'enqueueHandoff' | 'enqueueNote' | 'enqueueCaseOpen' | 'enqueueCaseChange' | 'enqueueLink' | 'enqueueUnlink';

/** What the page tells the agent about one write, in their language. */
export type WriteResult =
  | { kind: 'sent'; outboxId: string }
  /** Stored, and waiting for the server (it could not be reached, or has not been tried yet). */
  | { kind: 'queued'; outboxId: string }
  /** The server refused it: sending it again would not help. */
  | { kind: 'refused'; outboxId: string; conflict: boolean; message: string }
  /** Never stored: clicking again sends it (with the same id, so never twice). */
  | { kind: 'not-saved'; message: string };

/** How long a page waits for a write's first delivery attempt per question to the outbox. */
export const FIRST_ATTEMPT_WAIT_MS = 1_500;
const RECHECK_MS = 500;
/** A write still being sent after this many waits is reported as queued: the outbox keeps it. */
const SENDING_WAITS = 3;

/**
 * Write ids made where the agent clicks. A second click on the same thing (same post and
 * team, same note text…) while the first is still being sent or checked, or within
 * `windowMs` of the last message about it, reuses the id, so it is the same write, never a
 * second one. `idFor` holds the id for as long as the write is under way; `keep`, called
 * with the final word, starts the window.
 */
export function createWriteIds(windowMs: number, now: () => number = Date.now) {
  const ids = new Map<string, { id: string; until: number }>();
  return {
    /** The id for a click on `key`; held (never expires) until `keep` or `forget`. */
    idFor(key: string): string {
      const known = ids.get(key);
      if (known && known.until > now()) {
        known.until = Infinity;
        return known.id;
      }
      for (const [other, entry] of ids) if (entry.until <= now()) ids.delete(other);
      const id = crypto.randomUUID();
      ids.set(key, { id, until: Infinity });
      return id;
    },
    /** The agent just read the final message about this write: the window starts now. */
    keep(key: string): void {
      const known = ids.get(key);
      if (known) known.until = now() + windowMs;
    },
    /** The write was undone: the next click is a new write. */
    forget(key: string): void {
      ids.delete(key);
    },
  };
}
export type WriteIds = ReturnType<typeof createWriteIds>;

/** An outbox entry's name in the agent's language (entries from before the catalogue kept a plain string). */
export function outboxLabelText(label: { key: string; args: string[] } | string): string {
  return typeof label === 'string' ? label : t(label.key as MessageKey, ...label.args);
}

/** The agent's words for a write the server refused, with what to do. */
export function refusalMessage(state: Extract<WriteState, { state: 'failed' }>): string {
  if (state.conflict) return t('writeConflict');
  if (state.status === 401) return t('writeSignedOut');
  if (state.status === 403) return t('writeForbidden');
  if (state.status === 404) return t('writeGone');
  return state.detail ? t('writeRefused', state.detail) : t('writeRefusedNoDetail');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a write and finds out, from the outbox, what became of it. The background answers
 * once the write is on disk; when no answer comes (the worker stopped), the page says it is
 * checking (`onChecking`) and asks the outbox by the write's id until it knows: "not
 * saved" only when the outbox does not have it.
 */
export async function sendWrite<V extends WriteVerb>(
  send: Send<V | 'getWriteState'>,
  verb: V,
  data: Parameters<Send<V>>[1],
  options: { onChecking?(): void } = {},
): Promise<WriteResult> {
  const writeId = (data as { writeId: string }).writeId;
  const receipt = await (send as Send<Verb>)(verb, data as never);
  if (receipt.status === 'refused') {
    // `receipt.message` is the protocol's English reason, for the log; the agent reads the code's message.
    if (receipt.code === 'invalid') console.warn(`Jetway refused ${verb}: ${receipt.message}`);
    const message = { 'no-team': t('handoffNoTeam'), 'signed-out': t('writeNeedsSignIn'), invalid: t('writeRefusedByJetway') }[receipt.code];
    return { kind: 'not-saved', message };
  }
  if (receipt.status === 'unknown') options.onChecking?.();
  let sendingWaits = 0;
  for (;;) {
    let state: WriteState;
    try {
      state = await send('getWriteState', { outboxId: writeId, waitMs: FIRST_ATTEMPT_WAIT_MS });
    } catch {
      // The worker stopped again while answering: still unknown, ask again.
      options.onChecking?.();
      await sleep(RECHECK_MS);
      continue;
    }
    switch (state.state) {
      case 'absent':
        return { kind: 'not-saved', message: t('writeNotSaved') };
      case 'sent':
        return { kind: 'sent', outboxId: writeId };
      case 'failed':
        return { kind: 'refused', outboxId: writeId, conflict: state.conflict, message: refusalMessage(state) };
      case 'queued':
        return { kind: 'queued', outboxId: writeId };
      case 'sending':
        if (++sendingWaits >= SENDING_WAITS) return { kind: 'queued', outboxId: writeId };
    }
  }
}
