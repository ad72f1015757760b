import { z } from 'zod';
import { ApiError, backoffDelay, type ApiClient } from '@/utils/api/client';
import { apiErrorMessage } from '@/utils/problem-messages';
import type { Identity } from '@/utils/contract';
import type { UndoReceipt } from '@/utils/protocol/schemas';
import type { JetwayDb, OutboxItem, OutboxKind, OutboxLabel } from '@/utils/db';

/** The signed-in agent and the server their session is for: a write is theirs, and only theirs to send. */
export interface Author {
  agentId: string;
  serverOrigin: string;
}

export interface OutboxOptions {
  db: JetwayDb;
  client(): Promise<ApiClient | null>;
  /** The agent signed in now (null when nobody is); writes are stamped with and sent only for them. */
  author(): Promise<Author | null>;
  /** Called after each write lands (to refresh synced cases, the cache, the icon). */
  onDelivered?(item: OutboxItem): void;
  /**
   * After each run: when the signed-in agent's next write is due (epoch ms), or null when
   * none waits. The background wakes itself then, not at its next periodic alarm.
   */
  onNextDue?(at: number | null): void;
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
  /** Stores the write durably as the signed-in agent's, then starts sending; resolves once it is on disk (null: nobody is signed in). */
  enqueue(request: WriteRequest): Promise<OutboxItem | null>;
  /** The signed-in agent's writes not yet sent. */
  unsent(): Promise<OutboxItem[]>;
  /** Sign-out: `send` tries to send the agent's writes now (what cannot be sent is kept), `discard` drops them, `keep` leaves them for the agent's next sign-in. */
  settleForSignOut(choice: 'send' | 'keep' | 'discard', withinMs?: number): Promise<void>;
  /**
   * Where the write stands; while it waits for its first attempt (or is being sent), waits
   * at most `withinMs` for that attempt to end.
   */
  stateOf(id: string, withinMs?: number): Promise<WriteState>;
  /** Sends every due write, oldest first; one run at a time. */
  flush(): Promise<void>;
  /** Sends a failed write again; one without an author (from before authors were kept) becomes the signed-in agent's. */
  retry(id: string): Promise<void>;
  /** The server answers again: every write of the signed-in agent that waited for it is due now. */
  resume(): Promise<void>;
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
      if (fresh?.undoRequested && item.kind === 'handoff' && resultId) await enqueueCancel({ ...item, resultId });
      options.onDelivered?.({ ...item, state: 'sent', resultId });
      return 'delivered';
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', 0, String(error));
      const lastError = { status: apiError.status, title: apiError.kind, detail: apiErrorMessage(apiError) };
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

  const enqueueCancel = async (item: OutboxItem) => {
    if (!item.resultId || !item.agentId || !item.serverOrigin) return;
    const { label } = item;
    const undoLabel: OutboxLabel = typeof label === 'string' ? { key: 'outboxUndo', args: [label] } : { key: 'outboxUndoHandoff', args: label.args };
    await add(
      { kind: 'handoff-cancel', method: 'PATCH', path: `/v1/handoffs/${item.resultId}`, body: { status: 'cancelled' }, label: undoLabel, identity: null },
      { agentId: item.agentId, serverOrigin: item.serverOrigin },
    );
  };

  /** Stores the write once: a second request with the same id (a second click) is the same write. */
  const add = async (request: WriteRequest, author: Author): Promise<OutboxItem> => {
    const item: OutboxItem = {
      ...request,
      agentId: author.agentId,
      serverOrigin: author.serverOrigin,
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

  /**
   * One pass over the due writes. Returns when the next one is due: the retry time of the
   * write that found the server down or busy (the writes after it wait with it), else the
   * earliest queued write's; null when nothing of this agent's waits.
   */
  const runOnce = async (): Promise<number | null> => {
    const [client, author] = await Promise.all([options.client(), options.author()]);
    if (!client || !author) return null;
    // Only the signed-in agent's writes, to the server they were written for.
    const mine = (item: OutboxItem) => item.agentId === author.agentId && item.serverOrigin === author.serverOrigin && author.serverOrigin === client.serverUrl;
    const at = now();
    // Writes cut off mid-send (the worker was stopped) go out again; the key makes it safe.
    await db.outbox
      .where('state')
      .equals('sending')
      .filter((item) => !inFlight.has(item.id) || (item.sendingSince ?? 0) < at - sendTimeout)
      .modify({ state: 'queued', sendingSince: null, nextAttemptAt: at });
    await db.outbox.where('state').equals('sent').filter((item) => item.nextAttemptAt < at - SENT_KEPT_MS).delete();
    const due = (await db.outbox.where('state').equals('queued').sortBy('createdAt')).filter((item) => mine(item) && item.nextAttemptAt <= now());
    for (const item of due) {
      const current = await db.outbox.get(item.id);
      if (!current || current.state !== 'queued' || !mine(current)) continue;
      // The agent may have signed out (or another signed in) during this run.
      const still = await options.author();
      if (still?.agentId !== author.agentId || still.serverOrigin !== author.serverOrigin) return null;
      if ((await deliver(client, current)) === 'stop') return (await db.outbox.get(current.id))?.nextAttemptAt ?? null;
    }
    const left = (await db.outbox.where('agentId').equals(author.agentId).toArray()).filter((item) => item.state === 'queued' && mine(item));
    return left.length === 0 ? null : Math.min(...left.map((item) => item.nextAttemptAt));
  };

  const flush = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let nextDue: number | null;
      do {
        again = false;
        nextDue = await runOnce();
      } while (again);
      options.onNextDue?.(nextDue);
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
      const author = await options.author();
      if (!author) return null;
      const item = await add(request, author);
      void flush();
      return item;
    },
    async unsent() {
      const author = await options.author();
      if (!author) return [];
      const items = await db.outbox.where('agentId').equals(author.agentId).sortBy('createdAt');
      return items.filter((item) => item.state !== 'sent' && item.serverOrigin === author.serverOrigin);
    },
    async settleForSignOut(choice, withinMs = 10_000) {
      const author = await options.author();
      if (!author || choice === 'keep') return;
      const unsent = async () =>
        (await db.outbox.where('agentId').equals(author.agentId).toArray()).filter((item) => item.state !== 'sent' && item.serverOrigin === author.serverOrigin);
      if (choice === 'discard') {
        await db.outbox.bulkDelete((await unsent()).map((item) => item.id));
        return;
      }
      // Send now what can be sent; a refused or unreachable write stays, kept for this agent.
      await db.outbox.where('agentId').equals(author.agentId).filter((item) => item.state === 'queued').modify({ nextAttemptAt: now() });
      const deadline = now() + withinMs;
      while (now() < deadline) {
        await flush();
        const left = (await unsent()).filter((item) => item.state === 'queued' && item.attempts === 0);
        if (left.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    flush,
    async resume() {
      const author = await options.author();
      if (!author) return;
      await db.outbox
        .where('agentId')
        .equals(author.agentId)
        .filter((item) => item.state === 'queued')
        .modify({ nextAttemptAt: now() });
      await flush();
    },
    async retry(id) {
      const [item, author] = await Promise.all([db.outbox.get(id), options.author()]);
      if (!item || !author) return;
      // Another agent's write is never sent under this session; an unowned one becomes this agent's.
      if (item.agentId !== null && (item.agentId !== author.agentId || item.serverOrigin !== author.serverOrigin)) return;
      await db.outbox.update(id, { state: 'queued', nextAttemptAt: now(), lastError: null, agentId: author.agentId, serverOrigin: author.serverOrigin });
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
      await enqueueCancel(item);
      void flush();
      return { ok: true, state: 'sent' };
    },
  };
}
