import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { tellContentTabs } from '../tabs';

const OPEN_TABS = [
  { id: 1, url: 'https://x.com/home' },
  { id: 2, url: 'https://mobile.x.com/home' },
  { id: 3, url: 'https://web.facebook.com/' },
  { id: 4, url: 'https://mobile.twitter.com/anna' },
  { id: 5, url: 'https://example.com/' },
  { id: 6, url: 'https://www.facebook.com/groups/1' },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('telling the content tabs', () => {
  it('the server-is-back signal reaches every registered host, mobile.x.com and web.facebook.com included', async () => {
    // The browser's own query semantics: a tab is returned when one of the patterns matches its URL.
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (query: { url?: string | string[] }) => {
      const patterns = [query.url ?? []].flat().map((pattern) => new MatchPattern(pattern));
      return OPEN_TABS.filter((tab) => patterns.some((pattern) => pattern.includes(tab.url)));
    }) as never);
    const told: Array<[number, unknown]> = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: unknown) => {
      told.push([tabId, message]);
      return { ok: true };
    }) as never);

    await tellContentTabs('lookupRecovered');
    expect(told.map(([id]) => id).sort()).toEqual([1, 2, 3, 4, 6]);
    expect(told[0]![1]).toEqual({ jetwayTab: 'lookupRecovered' });
  });
});
