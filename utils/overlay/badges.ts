import type { Identity, LookupResult, Tier } from '@/utils/contract';
import { identityKey } from '@/utils/contract/handles';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';
import { createBadge, type MountedBadge } from '@/utils/overlay/badge';
import type { Scanner } from '@/utils/overlay/scanner';

/** One identity's answer as the background gives it to a content script. */
export type BadgeAnswer = Pick<LookupResult, 'network' | 'handle' | 'member' | 'openCase'> & {
  key: string;
  tier: Tier | null;
};

export interface BadgeLookup {
  (identities: Identity[]): Promise<{ signedIn: boolean; results: BadgeAnswer[] }>;
}

export interface BadgesDeps {
  doc: Document;
  adapter: SiteAdapter;
  scanner: Scanner;
  lookup: BadgeLookup;
  onBadgeActivated(host: HTMLElement, answer: BadgeAnswer, sighting: HandleSighting): void;
  /** How long an answer is reused inside this tab before asking the background again. */
  answerTtlMs?: number;
}

interface Mounted {
  badge: MountedBadge;
  sighting: HandleSighting;
}

export interface BadgesController {
  /** Asks again for every sighting still waiting (signed out, server down). */
  retryWaiting(): void;
  /**
   * Remembers answers the background already held when this tab opened, so their handles
   * get badges in the frame they appear in. Never replaces an answer this tab asked for.
   */
  remember(answers: BadgeAnswer[]): void;
  /** The answer this tab holds for an identity, if any (for features beside the badge). */
  answerFor(identity: Identity): BadgeAnswer | undefined;
  /** Drops answers remembered in this tab, e.g. after a link changed a handle's member. */
  forget(key?: string): void;
  mountedCount(): number;
}

/**
 * Puts a tier badge after every member's handle the adapter finds in added subtrees.
 * One lookup message per frame; sightings the background could not answer yet are kept
 * and asked again, so badges come back by themselves when the server does.
 */
export function startBadges(deps: BadgesDeps): BadgesController {
  const ttl = deps.answerTtlMs ?? 60_000;
  const seenAnchors = new WeakSet<Element>();
  const answers = new Map<string, { answer: BadgeAnswer; at: number }>();
  const mounted = new Map<string, Set<Mounted>>();
  let waiting: HandleSighting[] = [];

  const mount = (sighting: HandleSighting, answer: BadgeAnswer) => {
    if (!answer.member || !answer.tier || !sighting.anchor.isConnected) return;
    const key = answer.key;
    const badge = createBadge(deps.doc, {
      handle: sighting.identity.handle,
      tier: answer.tier,
      onActivate: (host) => {
        const current = answers.get(key)?.answer ?? answer;
        deps.onBadgeActivated(host, current, sighting);
      },
    });
    sighting.anchor.after(badge.host);
    let set = mounted.get(key);
    if (!set) mounted.set(key, (set = new Set()));
    set.add({ badge, sighting });
  };

  const resolve = async (sightings: HandleSighting[]) => {
    const now = Date.now();
    const unknown = new Map<string, Identity>();
    const ready: Array<[HandleSighting, BadgeAnswer]> = [];
    for (const sighting of sightings) {
      const key = identityKey(sighting.identity);
      const remembered = answers.get(key);
      if (remembered && now - remembered.at < ttl) ready.push([sighting, remembered.answer]);
      else unknown.set(key, sighting.identity);
    }
    for (const [sighting, answer] of ready) mount(sighting, answer);
    if (unknown.size === 0) return;

    let reply: Awaited<ReturnType<BadgeLookup>>;
    try {
      reply = await deps.lookup([...unknown.values()]);
    } catch {
      // The background is restarting or unreachable: keep the sightings for the next try.
      waiting.push(...sightings.filter((s) => unknown.has(identityKey(s.identity))));
      return;
    }
    const byKey = new Map(reply.results.map((answer) => [answer.key, answer]));
    const at = Date.now();
    for (const sighting of sightings) {
      const key = identityKey(sighting.identity);
      if (!unknown.has(key)) continue;
      const answer = byKey.get(key);
      if (!reply.signedIn || !answer) {
        waiting.push(sighting);
        continue;
      }
      answers.set(key, { answer, at });
      mount(sighting, answer);
    }
  };

  deps.scanner.onAdded((roots) => {
    const fresh: HandleSighting[] = [];
    for (const root of roots) {
      for (const sighting of deps.adapter.findSightings(root)) {
        if (seenAnchors.has(sighting.anchor)) continue;
        seenAnchors.add(sighting.anchor);
        fresh.push(sighting);
      }
    }
    if (fresh.length > 0) void resolve(fresh);
  });

  // Runs after every batch of removals on a scrolling feed: forEach allocates no iterators.
  deps.scanner.onRemoved(() => {
    mounted.forEach((set, key) => {
      set.forEach((entry) => {
        if (!entry.badge.host.isConnected) set.delete(entry);
      });
      if (set.size === 0) mounted.delete(key);
    });
  });

  return {
    retryWaiting() {
      const again = waiting.filter((sighting) => sighting.anchor.isConnected);
      waiting = [];
      if (again.length > 0) void resolve(again);
    },
    remember(seed) {
      const at = Date.now();
      for (const answer of seed) if (!answers.has(answer.key)) answers.set(answer.key, { answer, at });
    },
    answerFor(identity) {
      return answers.get(identityKey(identity))?.answer;
    },
    forget(key) {
      if (key === undefined) answers.clear();
      else answers.delete(key);
    },
    mountedCount() {
      let count = 0;
      for (const set of mounted.values()) count += set.size;
      return count;
    },
  };
}
