import { z } from 'zod';
import { ApiError, backoffDelay, type ApiClient } from '@/utils/api/client';
import type { Identity } from '@/utils/contract';
import type { UndoReceipt } from '@/utils/protocol/schemas';
import type { JetwayDb, OutboxItem, OutboxKind, OutboxLabel } from '@/utils/db';

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
  /** The write's id and Idempotency-Key, made where the agent clicked; a new one when absent. */
  id?: string;
  kind: OutboxKind;
  method: OutboxItem['method'];
  path: string;
  body: unknown;
  /** What the popup calls it: a catalogue key and its arguments (a plain string only in tests). */
  label: OutboxLabel | string;
  /** The customer the write is about, when it changes what a lookup of them answers. */
  identity?: Identity | null;
}

/** Where a write stands, asked by its id: `absent` when the outbox never stored it (or dropped it). */
export type WriteState =
  | { state: 'absent' }
  | { state: 'queued'; attempted: boolean }
  | { state: 'sending' | 'sent' }
  | { state: 'failed'; status: number; conflict: boolean; detail: string | null };

/** A 409 without Retry-After: the resource changed since the agent saw it (not a duplicate in flight). */
export const isStale = (status: number, retryAfterMs: number | null) => status === 409 && retryAfterMs === null;

export interface Outbox {
  /** Stores the write durably, then starts sending; resolves once it is on disk. */
  enqueue(request: WriteRequest): Promise<OutboxItem>;
  /**
   * Where the write stands; while it waits for its first attempt (or is being sent), waits
   * at most `withinMs` for that attempt to end.
   */
  stateOf(id: string, withinMs?: number): Promise<WriteState>;
  /** Sends every due write, oldest first; one run at a time. */
  flush(): Promise<void>;
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  /** Undo: drop a write not yet sent, or cancel a handoff that already landed. */
  undo(id: string): Promise<UndoReceipt>;
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

  // Writes this instance is sending. Only one worker runs at a time, so a write marked
  // `sending` that is not here was cut off when an earlier worker stopped.
  const inFlight = new Set<string>();
  const deliver = async (client: ApiClient, item: OutboxItem): Promise<'delivered' | 'stop'> => {
    inFlight.add(item.id);
    try {
      return await attempt(client, item);
    } finally {
      inFlight.delete(item.id);
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
      const lastError = { status: apiError.status, title: apiError.kind, detail: apiError.message };
      // A stale change (409) is refused like any rule the server enforces: sending it again
      // would be refused again, so it waits for the agent, never for a retry.
      if (apiError.permanent || isStale(apiError.status, apiError.retryAfterMs)) {
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

  const enqueueCancel = async (handoffId: string, label: OutboxLabel | string) => {
    const undoLabel: OutboxLabel = typeof label === 'string' ? { key: 'outboxUndo', args: [label] } : { key: 'outboxUndoHandoff', args: label.args };
    await add({ kind: 'handoff-cancel', method: 'PATCH', path: `/v1/handoffs/${handoffId}`, body: { status: 'cancelled' }, label: undoLabel, identity: null });
  };

  /** Stores the write once: a second request with the same id (a second click) is the same write. */
  const add = async (request: WriteRequest): Promise<OutboxItem> => {
    const item: OutboxItem = {
      ...request,
      id: request.id ?? crypto.randomUUID(),
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
    return db.transaction('rw', db.outbox, async () => {
      const existing = await db.outbox.get(item.id);
      if (existing) return existing;
      await db.outbox.add(item);
      return item;
    });
  };

  const runOnce = async () => {
    const client = await options.client();
    if (!client) return;
    const at = now();
    // Writes cut off mid-send (the worker was stopped) go out again; the key makes it safe.
    await db.outbox
      .where('state')
      .equals('sending')
      .filter((item) => !inFlight.has(item.id) || (item.sendingSince ?? 0) < at - sendTimeout)
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

  const stateOf = async (id: string): Promise<WriteState> => {
    const item = await db.outbox.get(id);
    if (!item) return { state: 'absent' };
    if (item.state === 'failed') {
      const status = item.lastError?.status ?? 0;
      return { state: 'failed', status, conflict: status === 409, detail: item.lastError?.detail ?? null };
    }
    if (item.state === 'queued') return { state: 'queued', attempted: item.attempts > 0 };
    return { state: item.state };
  };

  return {
    async stateOf(id, withinMs = 0) {
      const first = await stateOf(id);
      const waits = (first.state === 'queued' && !first.attempted) || first.state === 'sending';
      if (!waits || withinMs <= 0) return first;
      await new Promise<void>((resolve) => {
        waiting.set(id, [...(waiting.get(id) ?? []), resolve]);
        setTimeout(resolve, withinMs);
        void flush();
      });
      return stateOf(id);
    },
    async enqueue(request) {
      const item = await add(request);
      void flush();
      return item;
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
      if (!item) return { ok: false, reason: 'gone' };
      if (item.state === 'queued' || item.state === 'failed') {
        await db.outbox.delete(id);
        return { ok: true, state: 'queued' };
      }
      if (item.kind !== 'handoff') return { ok: false, reason: 'already-saved' };
      if (item.state === 'sending') {
        await db.outbox.update(id, { undoRequested: true });
        return { ok: true, state: 'queued' };
      }
      if (!item.resultId) return { ok: false, reason: 'too-late' };
      await enqueueCancel(item.resultId, item.label);
      void flush();
      return { ok: true, state: 'sent' };
    },
  };
}
