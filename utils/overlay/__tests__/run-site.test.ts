// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { DEFAULT_TIERS } from '@/utils/contract';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import { runSiteOverlay } from '@/utils/overlay/run-site';
import type { SiteAdapter } from '@/utils/sites/types';

/** An adapter that finds nothing: the page is empty, no badge is mounted. */
const emptyAdapter: SiteAdapter = {
  site: 'x',
  findSightings: () => [],
  findPosts: () => [],
  postAt: () => null,
  transcriptFor: () => [],
  authorOf: () => null,
  health: () => ({ posts: 0, postsWithHandle: 0 }),
};

function session(signedIn: boolean): ContentSession {
  return {
    signedIn,
    agent: signedIn ? { id: '7d7f9c1e-52a4-4a43-9f0e-3c1b4d8f2a61', name: 'Sam Social' } : null,
    team: null,
    handoffTargets: [],
    defaultHandoffTeamId: null,
    tiers: signedIn ? [...DEFAULT_TIERS] : [],
    sites: { x: true, facebook: true },
  };
}

function bridgeFor(signedIn: boolean): ContentBridge {
  const answers: Record<string, unknown> = {
    getSession: session(signedIn),
    getRecentAnswers: [],
    checkServer: { reachable: true },
    lookupIdentities: { signedIn, results: [] },
  };
  return { send: (async (verb: string) => answers[verb]) as ContentBridge['send'] };
}

/** Every accessible name of a badge asked of the browser's message catalogue so far. */
function badgeNamesAsked(spy: { mock: { calls: Array<[string, (string | string[])?]> } }): string[] {
  return spy.mock.calls.filter(([key]) => key === 'badgeAccessibleName').map(([, substitutions]) => String(substitutions));
}

describe('the site overlay at start', () => {
  let ctx: ContentScriptContext | null = null;
  afterEach(() => {
    ctx?.abort();
    ctx = null;
    vi.restoreAllMocks();
  });

  it('works out every tier’s badge before any post is added, so the first badge of a scroll never waits for the message catalogue', async () => {
    document.body.replaceChildren();
    const spy = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    ctx = new ContentScriptContext('run-site-test');
    await runSiteOverlay(ctx, emptyAdapter, bridgeFor(true));
    expect(document.querySelectorAll('[data-jetway-badge]')).toHaveLength(0);
    expect(badgeNamesAsked(spy)).toEqual(DEFAULT_TIERS.map((tier) => tier.name));
  });

  it('asks nothing for badges while the agent is signed out (no tiers known)', async () => {
    document.body.replaceChildren();
    const spy = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    ctx = new ContentScriptContext('run-site-test-signed-out');
    await runSiteOverlay(ctx, emptyAdapter, bridgeFor(false));
    expect(badgeNamesAsked(spy)).toEqual([]);
  });
});
