import { identityKey, identityOfKey, LookupResponseSchema, MAX_LOOKUP_IDENTITIES, type Identity, type LookupResult, type Tier } from '@/utils/contract';
import { ApiError, backoffDelay, type ApiClient } from '@/utils/api/client';
import type { CachedLookup, JetwayDb } from '@/utils/db';
import type { BadgeAnswer } from '@/utils/overlay/badges';

/** How long a lookup answer is fresh: members change rarely, strangers may join. */
export const MEMBER_TTL_MS = 10 * 60_000;
export const STRANGER_TTL_MS = 2 * 60_000;
/** Fresh answers a new tab starts with: enough for a busy hour's feed, small in memory. */
export const RECENT_ANSWERS = 1_000;

export interface LookupPipelineOptions {
  db: JetwayDb;
  /** The signed-in client, or null when signed out. */
  client(): Promise<ApiClient | null>;
  tiers(): Promise<Tier[]>;
  windowMs?: number;
  memberTtlMs?: number;
  strangerTtlMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface LookupPipeline {
  lookupIdentities(identities: Identity[]): Promise<{ signedIn: boolean; results: BadgeAnswer[] }>;
  /**
   * The newest answers still fresh (inside their TTL), for a tab that just opened: handles
   * it meets that the background already knows get their badge in the same frame as the
   * post, with no message round trip. Empty when signed out.
   */
  recentAnswers(limit?: number): Promise<BadgeAnswer[]>;
  /** The server answers again (its health probe said so): lookups stop backing off at once. */
  resume(): void;
}

function answerFor(key: string, identity: Identity, cached: Pick<CachedLookup, 'member' | 'openCase'>, tiers: Map<string, Tier>): BadgeAnswer {
  return {
    key,
    network: identity.network,
    handle: identity.handle,
    member: cached.member,
    openCase: cached.openCase,
    tier: cached.member ? (tiers.get(cached.member.tierId) ?? null) : null,
  };
}

interface Waiting {
  identity: Identity;
  resolve(result: LookupResult | null): void;
}

/**
 * The badge hot path (DESIGN.md "The badge pipeline"): cache hits from Dexie in one
 * bulkGet; misses from every tab coalesced for ≤ 25 ms into batches of ≤ 100 while a
 * lookup is on its way to the server (when none is, a message's misses go at once: a
 * quiet feed's new post does not wait a window for company that is not coming); a handle
 * already on its way is never asked twice; answers validated, then cached with a TTL
 * (members longer than strangers), never asked again inside it, and once stale answered
 * from the cache while refreshed in the background. While the
 * server is down it backs off and answers only from the cache, without throwing.
 */
export function createLookupPipeline(options: LookupPipelineOptions): LookupPipeline {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 25;
  const memberTtl = options.memberTtlMs ?? MEMBER_TTL_MS;
  const strangerTtl = options.strangerTtlMs ?? STRANGER_TTL_MS;
  const waiting = new Map<string, Waiting[]>();
  const inFlight = new Map<string, Promise<LookupResult | null>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** A flush queued for the end of the current task (nothing was on its way to the server). */
  let flushQueued = false;
  /** `POST /v1/lookup` requests sent and not answered yet. */
  let sending = 0;
  let failures = 0;
  let backoffUntil = 0;

  const store = async (results: LookupResult[]) => {
    const at = now();
    const rows: CachedLookup[] = results.map((result) => {
      const ttl = result.member ? memberTtl : strangerTtl;
      // Fresh for its TTL (never asked again inside it); then served while refreshed in the
      // background for one more TTL, so a badge never waits on a refresh.
      return { key: identityKey(result), member: result.member, openCase: result.openCase, fetchedAt: at, staleAt: at + ttl, expiresAt: at + 2 * ttl };
    });
    await options.db.lookups.bulkPut(rows);
  };

  /** Sends one batch (counted in `sending` by `flush`) and answers its waiters. */
  const send = async (batch: Map<string, Waiting[]>) => {
    const identities = [...batch.values()].map((list) => list[0]!.identity);
    const settle = (key: string, result: LookupResult | null) => {
      for (const waiter of batch.get(key) ?? []) waiter.resolve(result);
      inFlight.delete(key);
    };
    const client = await options.client().catch(() => null);
    if (!client || now() < backoffUntil) {
      sending -= 1;
      for (const key of batch.keys()) settle(key, null);
      return;
    }
    let results: LookupResult[];
    try {
      results = (await client.request({ method: 'POST', path: '/v1/lookup', body: { identities }, schema: LookupResponseSchema })).results;
      failures = 0;
      backoffUntil = 0;
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      failures += 1;
      // Short cap: badges should come back within seconds of the server's return.
      backoffUntil = now() + backoffDelay(failures, apiError?.retryAfterMs ?? null, options.random, 500, 15_000);
      for (const key of batch.keys()) settle(key, null);
      return;
    } finally {
      // Answered or failed: no longer on its way (misses after this go without a window).
      sending -= 1;
    }
    // Answer the tabs first, then cache: a badge never waits for IndexedDB. Until the answers
    // are stored, a tab asking again joins the promise still held in flight (already answered).
    const byKey = new Map(results.map((result) => [identityKey(result), result]));
    for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(byKey.get(key) ?? null);
    try {
      await store(results);
    } catch (error) {
      console.warn(`Jetway could not cache lookup answers: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      for (const key of batch.keys()) inFlight.delete(key);
    }
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    flushQueued = false;
    if (waiting.size === 0) return;
    const all = [...waiting.entries()];
    waiting.clear();
    for (let start = 0; start < all.length; start += MAX_LOOKUP_IDENTITIES) {
      sending += 1;
      void send(new Map(all.slice(start, start + MAX_LOOKUP_IDENTITIES)));
    }
  };

  const fetchOne = (key: string, identity: Identity): Promise<LookupResult | null> => {
    const existing = inFlight.get(key);
    if (existing) return existing;
    const promise = new Promise<LookupResult | null>((resolve) => {
      const list = waiting.get(key) ?? [];
      list.push({ identity, resolve });
      waiting.set(key, list);
    });
    inFlight.set(key, promise);
    if (waiting.size >= MAX_LOOKUP_IDENTITIES && !flushQueued) {
      // A full batch goes now (a message's own misses, queued below, go together anyway).
      flush();
    } else if (sending === 0 && !timer) {
      // Nothing on its way to the server, so nothing to wait for: the misses of this
      // message (asked in this same task) go together at the end of it, with no window.
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    } else if (!timer && !flushQueued) {
      timer = setTimeout(flush, windowMs);
    }
    return promise;
  };

  return {
    async lookupIdentities(identities) {
      const unique = new Map(identities.map((identity) => [identityKey(identity), identity]));
      const keys = [...unique.keys()];
      // Token, cache and tiers are read at once, not one after another: each is a storage
      // round trip, and on a miss all three come before the coalescing window even opens.
      const [client, cached, tierList] = await Promise.all([options.client(), options.db.lookups.bulkGet(keys), options.tiers()]);
      if (!client) return { signedIn: false, results: [] };
      const tiers = new Map(tierList.map((tier) => [tier.id, tier]));
      const at = now();
      const answers = new Map<string, Pick<CachedLookup, 'member' | 'openCase'>>();
      const misses: Array<Promise<void>> = [];
      keys.forEach((key, index) => {
        const hit = cached[index];
        if (hit && hit.expiresAt > at) {
          answers.set(key, hit);
          // Stale but usable: answer now, refresh for next time.
          if (hit.staleAt <= at) void fetchOne(key, unique.get(key)!);
          return;
        }
        misses.push(
          fetchOne(key, unique.get(key)!).then((result) => {
            if (result) answers.set(key, result);
          }),
        );
      });
      await Promise.all(misses);
      const results: BadgeAnswer[] = [];
      for (const [key, identity] of unique) {
        const answer = answers.get(key);
        if (answer) results.push(answerFor(key, identity, answer, tiers));
      }
      return { signedIn: true, results };
    },
    resume() {
      failures = 0;
      backoffUntil = 0;
    },
    async recentAnswers(limit = RECENT_ANSWERS) {
      if (!(await options.client())) return [];
      const at = now();
      const fresh = await options.db.lookups.where('expiresAt').above(at).filter((row) => row.staleAt > at).toArray();
      fresh.sort((a, b) => b.fetchedAt - a.fetchedAt);
      const tiers = new Map((await options.tiers()).map((tier) => [tier.id, tier]));
      const results: BadgeAnswer[] = [];
      for (const row of fresh) {
        if (results.length >= limit) break;
        const identity = identityOfKey(row.key);
        if (identity) results.push(answerFor(row.key, identity, row, tiers));
      }
      return results;
    },
  };
}
