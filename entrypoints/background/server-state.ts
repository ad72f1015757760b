import { z } from 'zod';
import { ApiError, type ApiClient } from '@/utils/api/client';
import { readServerState, serverStateItem, type ServerState } from '@/utils/storage';

/** While the server cannot be reached, ask its health at most this often, however many tabs ask. */
export const PROBE_MIN_INTERVAL_MS = 2_000;

const HealthSchema = z.object({ status: z.literal('ok') }).passthrough();

/**
 * Whether a failed request says the server itself could not be reached: no answer at all,
 * or a gateway in front of it that could not reach it (502 / 504). Any other answer, even a
 * refusal or a 503, came from the server.
 */
export function meansUnreachable(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 504);
}

export interface ServerWatchOptions {
  /** The signed-in client, as every other part gets it (null when signed out). */
  client(): Promise<ApiClient | null>;
  /** The server answers again after it could not be reached: send what waited, ask again for badges. */
  onBack(): Promise<void> | void;
  /** The server cannot be reached any more: open tabs start asking `checkServer`. */
  onDown(): Promise<void> | void;
  now?: () => number;
}

export interface ServerWatch {
  /** A client whose every request tells the watch whether the server answered. */
  client(): Promise<ApiClient | null>;
  /** Records what a request learnt: the popup shows it; a change either way is acted on once. */
  note(reachable: boolean, message: string | null): Promise<void>;
  /**
   * Asks the server's health when it is believed unreachable (at most once per
   * `PROBE_MIN_INTERVAL_MS`, one probe shared by every asker); answers what is known.
   */
  check(): Promise<{ reachable: boolean }>;
}

/**
 * Whether the Jetway server can be reached, learnt from every request the background
 * makes and, while it cannot, from a health probe that open tabs and the popup drive (the
 * worker may sleep otherwise). Kept in storage (`serverStateItem`), not in worker memory: a
 * worker started during an outage still notices the server's return.
 */
export function createServerWatch(options: ServerWatchOptions): ServerWatch {
  const now = options.now ?? Date.now;
  // Changes are applied one after another, so a flip is seen (and acted on) exactly once.
  let noting: Promise<void> = Promise.resolve();
  let probe: Promise<void> | null = null;
  let lastProbeAt = 0;
  // What storage says, read once per worker (only this watch writes it), so a busy badge
  // path does not read storage on every answer.
  let known: ServerState | null | undefined;
  const stored = async () => (known === undefined ? (known = await readServerState()) : known);

  const note = (reachable: boolean, message: string | null): Promise<void> => {
    noting = noting.then(async () => {
      const before = await stored();
      if (before?.reachable === reachable && before.message === message) return;
      known = { reachable, checkedAt: new Date(now()).toISOString(), message };
      await serverStateItem.setValue(known);
      if (before?.reachable === reachable) return;
      if (reachable && before?.reachable === false) await options.onBack();
      if (!reachable) await options.onDown();
    });
    // A failing reaction (a tab gone, storage busy) must not stop the next change being noted.
    noting = noting.catch(() => undefined);
    return noting;
  };

  const reporting = (inner: ApiClient): ApiClient => ({
    serverUrl: inner.serverUrl,
    async request(request) {
      try {
        const answer = await inner.request(request);
        void note(true, null);
        return answer;
      } catch (error) {
        if (meansUnreachable(error)) void note(false, error.message);
        else if (error instanceof ApiError) void note(true, null);
        throw error;
      }
    },
  });

  let wrapped: { inner: ApiClient; outer: ApiClient } | null = null;
  const client = async () => {
    const inner = await options.client();
    if (!inner) return null;
    if (wrapped?.inner !== inner) wrapped = { inner, outer: reporting(inner) };
    return wrapped.outer;
  };

  return {
    client,
    note,
    async check() {
      await noting;
      if ((await stored())?.reachable !== false) return { reachable: true };
      if (!probe && now() - lastProbeAt >= PROBE_MIN_INTERVAL_MS) {
        lastProbeAt = now();
        probe = (async () => {
          const api = await client();
          // The request reports what it learns itself; a refusal still means the server answered.
          await api?.request({ method: 'GET', path: '/healthz', schema: HealthSchema }).catch(() => undefined);
          await noting;
        })().finally(() => {
          probe = null;
        });
      }
      await probe;
      return { reachable: (await stored())?.reachable !== false };
    },
  };
}
