import { z } from 'zod';
import { ApiError, backoffDelay, type ApiClient } from '@/utils/api/client';
import { t } from '@/utils/i18n';
import { apiErrorMessage } from '@/utils/problem-messages';
import type { Identity } from '@/utils/contract';
import type { JetwayDb, OutboxItem, OutboxKind } from '@/utils/db';

export interface OutboxOptions {
  db: JetwayDb;
  client(): Promise<ApiClient | null>;
  /** Called after each write lands (to refresh synced cases, the cache, the icon). */
  onDelivered?(item: OutboxItem): void;
  now?: () => number;
  random?: () => number;
  /** A write in `sending` longer than this was cut off (worker killed): send it again. */
  sendTimeoutMs?: number;
}

export interface WriteRequest {
  kind: OutboxKind;
  method: OutboxItem['method'];
  path: string;
  body: unknown;
  label: string;
  /** The customer the write is about, when it changes what a lookup of them answers. */
  identity?: Identity | null;
}

/** What became of a write's first delivery attempt (or that it has not been made yet). */
export type WriteOutcome = { state: 'sent' | 'queued' } | { state: 'failed'; message: string };

export interface Outbox {
  /** Stores the write durably, then starts sending; resolves once it is on disk. */
  enqueue(request: WriteRequest): Promise<OutboxItem>;
  /**
   * Stores the write durably, then waits at most `withinMs` for its own first delivery
   * attempt: `sent`, `failed` with the server's reason, or still `queued`.
   */
  submit(request: WriteRequest, withinMs: number): Promise<{ id: string; outcome: WriteOutcome }>;
  /** Sends every due write, oldest first; one run at a time. */
  flush(): Promise<void>;
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  /** Undo: drop a write not yet sent, or cancel a handoff that already landed. */
  undo(id: string): Promise<{ ok: true; state: 'queued' | 'sent' } | { ok: false; message: string }>;
}

const CreatedSchema = z.object({ id: z.string() }).passthrough();
const SENT_KEPT_MS = 10 * 60_000;

/**
 * DESIGN.md "Writes never get lost": UI → outbox (strict durability, UUID idempotency key)
 * → server. Transient failures back off with full jitter (honouring Retry-After) and stay
 * queued; a permanent 4xx stays as `failed` for the agent to retry or discard.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { db } = options;
  const now = options.now ?? Date.now;
  const sendTimeout = options.sendTimeoutMs ?? 30_000;
  let running: Promise<void> | null = null;
  let again = false;
  // Senders waiting for a write's first attempt. Only a courtesy: the outcome itself is on
  // disk, so a worker stopped meanwhile loses nothing but the wait.
  const waiting = new Map<string, Array<() => void>>();
  const attempted = (id: string) => {
    for (const wake of waiting.get(id) ?? []) wake();
    waiting.delete(id);
  };

  const deliver = async (client: ApiClient, item: OutboxItem): Promise<'delivered' | 'stop'> => {
    try {
      return await attempt(client, item);
    } finally {
      attempted(item.id);
    }
  };

  const attempt = async (client: ApiClient, item: OutboxItem): Promise<'delivered' | 'stop'> => {
    await db.outbox.update(item.id, { state: 'sending', sendingSince: now(), attempts: item.attempts + 1 });
    try {
      const result = await client.request({
        method: item.method,
        path: item.path,
        body: item.body,
        idempotencyKey: item.id,
        schema: item.method === 'DELETE' ? null : CreatedSchema,
      });
      const resultId = result && typeof result === 'object' && 'id' in result ? String(result.id) : null;
      const fresh = await db.outbox.get(item.id);
      await db.outbox.update(item.id, { state: 'sent', sendingSince: null, lastError: null, resultId, nextAttemptAt: now() });
      if (fresh?.undoRequested && item.kind === 'handoff' && resultId) await enqueueCancel(resultId, item.label);
      options.onDelivered?.({ ...item, state: 'sent', resultId });
      return 'delivered';
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', 0, String(error));
      const lastError = { status: apiError.status, title: apiError.kind, detail: apiErrorMessage(apiError) };
      if (apiError.permanent) {
        await db.outbox.update(item.id, { state: 'failed', sendingSince: null, lastError });
        return 'delivered';
      }
      await db.outbox.update(item.id, {
        state: 'queued',
        sendingSince: null,
        lastError,
        nextAttemptAt: now() + backoffDelay(item.attempts + 1, apiError.retryAfterMs, options.random),
      });
      // The server is down or busy: later writes would fail the same way.
      return 'stop';
    }
  };

  const enqueueCancel = async (handoffId: string, label: string) => {
    await add({ kind: 'handoff-cancel', method: 'PATCH', path: `/v1/handoffs/${handoffId}`, body: { status: 'cancelled' }, label: `Undo: ${label}`, identity: null });
  };

  const add = async (request: WriteRequest): Promise<OutboxItem> => {
    const item: OutboxItem = {
      id: crypto.randomUUID(),
      ...request,
      identity: request.identity ?? null,
      createdAt: now(),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now(),
      sendingSince: null,
      lastError: null,
      resultId: null,
      undoRequested: false,
    };
    await db.transaction('rw', db.outbox, () => db.outbox.add(item));
    return item;
  };

  const runOnce = async () => {
    const client = await options.client();
    if (!client) return;
    const at = now();
    // Writes cut off mid-send (the worker was stopped) go out again; the key makes it safe.
    await db.outbox
      .where('state')
      .equals('sending')
      .filter((item) => (item.sendingSince ?? 0) < at - sendTimeout)
      .modify({ state: 'queued', sendingSince: null, nextAttemptAt: at });
    await db.outbox.where('state').equals('sent').filter((item) => item.nextAttemptAt < at - SENT_KEPT_MS).delete();
    const due = (await db.outbox.where('state').equals('queued').sortBy('createdAt')).filter((item) => item.nextAttemptAt <= now());
    for (const item of due) {
      const current = await db.outbox.get(item.id);
      if (!current || current.state !== 'queued') continue;
      if ((await deliver(client, current)) === 'stop') break;
    }
  };

  const flush = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
    })().finally(() => {
      running = null;
      // The run is over: a write it did not attempt (server down, signed out) stays queued.
      for (const id of [...waiting.keys()]) attempted(id);
    });
    return running;
  };

  const outcomeOf = async (id: string): Promise<WriteOutcome> => {
    const item = await db.outbox.get(id);
    if (item?.state === 'sent') return { state: 'sent' };
    if (item?.state === 'failed') return { state: 'failed', message: item.lastError?.detail ?? item.lastError?.title ?? 'The server refused this change.' };
    return { state: 'queued' };
  };

  return {
    async enqueue(request) {
      const item = await add(request);
      void flush();
      return item;
    },
    async submit(request, withinMs) {
      const item = await add(request);
      const settled = new Promise<void>((resolve) => {
        waiting.set(item.id, [...(waiting.get(item.id) ?? []), resolve]);
        setTimeout(resolve, withinMs);
      });
      void flush();
      await settled;
      return { id: item.id, outcome: await outcomeOf(item.id) };
    },
    flush,
    async retry(id) {
      await db.outbox.update(id, { state: 'queued', nextAttemptAt: now(), lastError: null });
      void flush();
    },
    async discard(id) {
      await db.outbox.delete(id);
    },
    async undo(id) {
      const item = await db.outbox.get(id);
      if (!item) return { ok: false, message: t('undoNotWaiting') };
      if (item.state === 'queued' || item.state === 'failed') {
        await db.outbox.delete(id);
        return { ok: true, state: 'queued' };
      }
      if (item.kind !== 'handoff') return { ok: false, message: t('undoAlreadySaved') };
      if (item.state === 'sending') {
        await db.outbox.update(id, { undoRequested: true });
        return { ok: true, state: 'queued' };
      }
      if (!item.resultId) return { ok: false, message: t('undoTooLate') };
      await enqueueCancel(item.resultId, item.label);
      void flush();
      return { ok: true, state: 'sent' };
    },
  };
}
