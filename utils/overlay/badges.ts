import type { Identity } from '@/utils/contract';
import { identityKey } from '@/utils/contract/handles';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';
import { createBadge, onBadgeActivation, prepareBadge } from '@/utils/overlay/badge';
import type { Scanner } from '@/utils/overlay/scanner';
import type { BadgeAnswer } from '@/utils/protocol/schemas';

/** One identity's answer as the background gives it to a content script (declared with the protocol). */
export type { BadgeAnswer };

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

/**
 * Answers one tab keeps at most: a shift meets thousands of handles, and an answer older
 * than its TTL is asked for again anyway. Past this, expired answers go first, then the
 * oldest.
 */
export const MAX_TAB_ANSWERS = 2_000;

/** What a mounted badge stands for; the badge host is the key, so it goes with the host. */
interface Mounted {
  answer: BadgeAnswer;
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
  /** Stops answering badge clicks (the content script is going away). */
  stop(): void;
}

/**
 * Puts a tier badge after every member's handle the adapter finds in added subtrees.
 * One lookup message per host-page task; sightings the background could not answer yet
 * are kept and asked again, so badges come back by themselves when the server does.
 *
 * Nothing here holds a mounted badge: what a badge stands for is keyed by its host in a
 * WeakMap, so a badge scrolled out of a virtualised feed goes with its post, and nothing
 * has to be released when posts leave the page.
 */
export function startBadges(deps: BadgesDeps): BadgesController {
  const ttl = deps.answerTtlMs ?? 60_000;
  const seenAnchors = new WeakSet<Element>();
  const answers = new Map<string, { answer: BadgeAnswer; at: number }>();
  const mounted = new WeakMap<EventTarget, Mounted>();
  let waiting: HandleSighting[] = [];

  /** Stores an answer at the newest end (a renewed one moves there), within MAX_TAB_ANSWERS. */
  const keep = (key: string, answer: BadgeAnswer, at: number) => {
    answers.delete(key);
    answers.set(key, { answer, at });
    if (answers.size <= MAX_TAB_ANSWERS) return;
    for (const [old, entry] of answers) if (at - entry.at >= ttl) answers.delete(old);
    if (answers.size <= MAX_TAB_ANSWERS) return;
    // Still full of fresh answers: drop the oldest quarter (a Map iterates in insertion order).
    let excess = answers.size - Math.floor(MAX_TAB_ANSWERS * 0.75);
    for (const old of answers.keys()) {
      if (excess-- <= 0) break;
      answers.delete(old);
    }
  };

  /**
   * Puts the badge after the sighting's anchor. `scanned` says the sighting was read from
   * the page in this same task (so its anchor is surely still there); an answer that came
   * later is mounted only if the anchor is still on the page.
   */
  const mount = (sighting: HandleSighting, answer: BadgeAnswer, scanned = false) => {
    if (!answer.member || !answer.tier || (!scanned && !sighting.anchor.isConnected)) return;
    const host = createBadge(deps.doc, sighting.identity.handle, answer.tier);
    mounted.set(host, { answer, sighting });
    sighting.anchor.after(host);
  };

  const stopActivation = onBadgeActivation(
    deps.doc,
    (target) => target !== null && mounted.has(target),
    (host) => {
      const badge = mounted.get(host)!;
      deps.onBadgeActivated(host, answers.get(badge.answer.key)?.answer ?? badge.answer, badge.sighting);
    },
  );

  /** `scanned`: the sightings were read from the page in this task (see `mount`). */
  const resolve = async (sightings: HandleSighting[], scanned: boolean) => {
    const now = Date.now();
    const unknown = new Map<string, Identity>();
    const ready: Array<[HandleSighting, BadgeAnswer]> = [];
    for (const sighting of sightings) {
      const key = identityKey(sighting.identity);
      const remembered = answers.get(key);
      if (remembered && now - remembered.at < ttl) ready.push([sighting, remembered.answer]);
      else unknown.set(key, sighting.identity);
    }
    for (const [sighting, answer] of ready) mount(sighting, answer, scanned);
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
      keep(key, answer, at);
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
    if (fresh.length > 0) void resolve(fresh, true);
  });

  return {
    retryWaiting() {
      const again = waiting.filter((sighting) => sighting.anchor.isConnected);
      waiting = [];
      if (again.length > 0) void resolve(again, false);
    },
    remember(seed) {
      const at = Date.now();
      for (const answer of seed) {
        if (answers.has(answer.key)) continue;
        keep(answer.key, answer, at);
        // Each tier's label and name are worked out now, not by the first badge of a scroll.
        if (answer.tier) prepareBadge(answer.tier);
      }
    },
    answerFor(identity) {
      return answers.get(identityKey(identity))?.answer;
    },
    forget(key) {
      if (key === undefined) answers.clear();
      else answers.delete(key);
    },
    stop: stopActivation,
  };
}
