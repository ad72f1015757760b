// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Identity, Tier } from '@/utils/contract';
import { DEFAULT_TIERS, identityKey } from '@/utils/contract';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';
import { BADGE_ATTRIBUTE } from '@/utils/overlay/badge';
import { MAX_TAB_ANSWERS, startBadges, type BadgeAnswer, type BadgesDeps } from '@/utils/overlay/badges';
import { createScanner } from '@/utils/overlay/scanner';
import type * as GestureModule from '@/utils/overlay/gesture';
import { SAMPLE_GOLD_MEMBER } from '@/utils/contract/__tests__/sample-member';

/**
 * jsdom cannot make a trusted event: every event it dispatches is a script's. Here those
 * stand in for the agent's own clicks and key presses, unless a test says otherwise;
 * tests/e2e/hostile-page.spec.ts proves the real thing in Chromium.
 */
const gestures = vi.hoisted(() => ({ dispatchedCountAsAgent: true }));
vi.mock('@/utils/overlay/gesture', async (original) => {
  const real = await original<typeof GestureModule>();
  return { ...real, isAgentGesture: (event: Event) => real.isAgentGesture(event) || gestures.dispatchedCountAsAgent };
});

/** A minimal adapter over `<span data-handle>` so the feature is tested apart from X's DOM. */
const spanAdapter: SiteAdapter = {
  site: 'x',
  findSightings(root: ParentNode): HandleSighting[] {
    const elements = [...root.querySelectorAll<HTMLElement>('span[data-handle]')];
    if (root instanceof HTMLElement && root.matches('span[data-handle]')) elements.unshift(root);
    return elements.map((anchor) => ({
      identity: { network: 'x', handle: anchor.dataset.handle!.toLowerCase() },
      kind: 'post-author',
      anchor,
      post: anchor.closest('article'),
    }));
  },
  findPosts: () => [],
  postAt: () => null,
  transcriptFor: () => [],
  authorOf: () => null,
  health: () => ({ posts: 0, postsWithHandle: 0 }),
};

const gold = DEFAULT_TIERS.find((tier) => tier.id === 'gold') as Tier;
const members = new Set(['gold_member', 'another']);

function answerFor(identity: Identity): BadgeAnswer {
  const isMember = members.has(identity.handle);
  return {
    key: identityKey(identity),
    network: identity.network,
    handle: identity.handle,
    member: isMember
      ? SAMPLE_GOLD_MEMBER
      : null,
    openCase: null,
    tier: isMember ? gold : null,
  };
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 80));

function setup(options: { signedIn?: () => boolean } = {}) {
  document.body.replaceChildren();
  const ctx = new ContentScriptContext('badges-test');
  const scanner = createScanner(ctx, document);
  const lookup = vi.fn(async (identities: Identity[]) => ({
    signedIn: options.signedIn?.() ?? true,
    results: identities.map(answerFor),
  }));
  const onBadgeActivated = vi.fn<BadgesDeps['onBadgeActivated']>();
  const controller = startBadges({ doc: document, adapter: spanAdapter, scanner, lookup, onBadgeActivated });
  // Each test's badges answer only while it runs.
  ctx.onInvalidated(() => controller.stop());
  return { ctx, lookup, controller, onBadgeActivated };
}

function post(handle: string, name = 'Name'): HTMLElement {
  const article = document.createElement('article');
  const anchor = document.createElement('span');
  anchor.dataset.handle = handle;
  anchor.textContent = name;
  article.append(anchor);
  return article;
}

describe('startBadges', () => {
  it('badges members once, leaves non-members alone, and asks once per frame', async () => {
    const { lookup, ctx } = setup();
    document.body.append(post('Gold_Member'), post('stranger'), post('gold_member'));
    await nextFrame();
    const hosts = document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`);
    expect([...hosts].map((h) => h.getAttribute(BADGE_ATTRIBUTE))).toEqual(['gold_member', 'gold_member']);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup.mock.calls[0]![0]).toHaveLength(2);
    ctx.abort();
  });

  it('security: the light DOM holds only the marker attribute, never the tier or member details', async () => {
    const { ctx } = setup();
    document.body.append(post('gold_member', '<img src=x onerror=alert(1)>\u202Eevil'));
    await nextFrame();
    const host = document.querySelector(`[${BADGE_ATTRIBUTE}]`) as HTMLElement;
    expect(host.getAttributeNames()).toEqual([BADGE_ATTRIBUTE]);
    expect(host.shadowRoot).toBeNull(); // closed
    expect(document.body.innerHTML).not.toContain('Gold');
    expect(document.querySelector('img')).toBeNull();
    ctx.abort();
  });

  it('badges posts appended later (infinite scroll) without asking again for known handles', async () => {
    const { lookup, ctx } = setup();
    document.body.append(post('gold_member'));
    await nextFrame();
    document.body.append(post('gold_member'), post('another'));
    await nextFrame();
    expect(document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`)).toHaveLength(3);
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(lookup.mock.calls[1]![0]).toEqual([{ network: 'x', handle: 'another' }]);
    ctx.abort();
  });

  it('opens a badge on click, Enter or Space through the document, before the page or its link sees it', async () => {
    const { controller, ctx, onBadgeActivated } = setup();
    const article = post('gold_member');
    const link = document.createElement('a');
    link.href = '#left-the-timeline';
    link.append(...article.childNodes);
    article.append(link);
    const seenByPage: string[] = [];
    article.addEventListener('click', () => seenByPage.push('click'));
    article.addEventListener('keydown', (event) => seenByPage.push(event.key));
    document.body.append(article);
    await nextFrame();
    const host = document.querySelector<HTMLElement>(`[${BADGE_ATTRIBUTE}]`)!;

    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    host.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    for (const key of ['Enter', ' ', 'a']) host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
    expect(onBadgeActivated).toHaveBeenCalledTimes(3);
    const [activatedHost, answer, sighting] = onBadgeActivated.mock.calls[0]!;
    expect(activatedHost).toBe(host);
    expect(answer.tier?.id).toBe('gold');
    expect(sighting.identity).toEqual({ network: 'x', handle: 'gold_member' });
    // Other keys and clicks elsewhere are the page's own.
    expect(seenByPage).toEqual(['a']);
    article.querySelector('span')!.click();
    expect(seenByPage).toEqual(['a', 'click']);

    controller.stop();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    expect(onBadgeActivated).toHaveBeenCalledTimes(3);
    ctx.abort();
  });

  it('security: a click or key press the page made up opens nothing and is left to the page', async () => {
    gestures.dispatchedCountAsAgent = false;
    try {
      const { ctx, onBadgeActivated } = setup();
      document.body.append(post('gold_member'));
      await nextFrame();
      const host = document.querySelector<HTMLElement>(`[${BADGE_ATTRIBUTE}]`)!;
      host.click();
      const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
      host.dispatchEvent(click);
      for (const key of ['Enter', ' ']) host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
      expect(onBadgeActivated).not.toHaveBeenCalled();
      expect(click.defaultPrevented).toBe(false);
      ctx.abort();
    } finally {
      gestures.dispatchedCountAsAgent = true;
    }
  });

  it('opens the newest answer for the handle, not the one the badge was made with', async () => {
    const { controller, ctx, onBadgeActivated } = setup();
    document.body.append(post('gold_member'));
    await nextFrame();
    const renamed = answerFor({ network: 'x', handle: 'gold_member' });
    renamed.member = { ...renamed.member!, displayName: 'Renamed Member' };
    controller.forget();
    controller.remember([renamed]);
    document.querySelector<HTMLElement>(`[${BADGE_ATTRIBUTE}]`)!.click();
    expect(onBadgeActivated.mock.calls[0]![1].member?.displayName).toBe('Renamed Member');
    ctx.abort();
  });

  it("badges a handle the background already knew in the host page's own task, without asking", async () => {
    const { lookup, controller, ctx } = setup();
    controller.remember([answerFor({ network: 'x', handle: 'gold_member' }), answerFor({ network: 'x', handle: 'stranger' })]);
    document.body.append(post('gold_member'), post('stranger'));
    // The observer's microtask runs at the end of the task that added the posts: the badge is
    // there before any timer or frame, so the page lays it out with its own change.
    await Promise.resolve();
    expect(document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`)).toHaveLength(1);
    await nextFrame();
    expect(lookup).not.toHaveBeenCalled();
    expect(controller.answerFor({ network: 'x', handle: 'gold_member' })?.tier?.id).toBe('gold');
    ctx.abort();
  });

  it('never lets a remembered answer replace one this tab asked for', async () => {
    const { controller, ctx } = setup();
    document.body.append(post('gold_member'));
    await nextFrame();
    const stale = { ...answerFor({ network: 'x', handle: 'gold_member' }), member: null, tier: null };
    controller.remember([stale]);
    document.body.append(post('gold_member'));
    await Promise.resolve();
    expect(document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`)).toHaveLength(2);
    ctx.abort();
  });

  it('keeps at most MAX_TAB_ANSWERS answers over a long shift, the newest ones', () => {
    const { controller, ctx } = setup();
    const many = Array.from({ length: MAX_TAB_ANSWERS + 500 }, (_, i) => answerFor({ network: 'x', handle: `seen_${i}` }));
    controller.remember(many);
    expect(controller.answerFor({ network: 'x', handle: 'seen_0' })).toBeUndefined();
    expect(controller.answerFor({ network: 'x', handle: `seen_${MAX_TAB_ANSWERS + 499}` })).toBeDefined();
    const kept = many.filter((answer) => controller.answerFor(answer)).length;
    expect(kept).toBeGreaterThanOrEqual(MAX_TAB_ANSWERS * 0.75);
    expect(kept).toBeLessThanOrEqual(MAX_TAB_ANSWERS);
    ctx.abort();
  });

  it('keeps sightings while signed out and badges them when asked again', async () => {
    let signedIn = false;
    const { controller, ctx } = setup({ signedIn: () => signedIn });
    document.body.append(post('gold_member'));
    await nextFrame();
    expect(document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`)).toHaveLength(0);
    signedIn = true;
    controller.retryWaiting();
    await nextFrame();
    expect(document.querySelectorAll(`[${BADGE_ATTRIBUTE}]`)).toHaveLength(1);
    ctx.abort();
  });
});
