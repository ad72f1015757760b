import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { ALL_MATCHES, CONTENT_ORIGINS, matchesOf, siteOf } from '@/utils/sites/registry';

describe('site registry', () => {
  it.each([
    ['https://x.com/home', 'x'],
    ['https://mobile.x.com/home', 'x'],
    ['https://mobile.twitter.com/anna', 'x'],
    ['https://twitter.com/anna/status/1', 'x'],
    ['https://www.facebook.com/groups/1', 'facebook'],
    ['https://web.facebook.com/', 'facebook'],
    ['https://business.facebook.com/latest/inbox', 'facebook'],
    ['http://x.com/home', null],
    ['https://x.com.evil.example/', null],
    ['https://evil-x.com/', null],
    ['https://m.facebook.com/', null],
    ['not a url', null],
    [undefined, null],
  ])('siteOf(%j) is %j', (url, site) => {
    expect(siteOf(url)).toBe(site);
  });

  it('matches, origins and siteOf agree on every host', () => {
    for (const pattern of ALL_MATCHES) {
      const url = pattern.replace('/*', '/some/page');
      expect(new MatchPattern(pattern).includes(url)).toBe(true);
      expect(CONTENT_ORIGINS.has(new URL(url).origin)).toBe(true);
      expect(siteOf(url)).not.toBeNull();
    }
    expect([...matchesOf('x'), ...matchesOf('facebook')].sort()).toEqual([...ALL_MATCHES].sort());
  });
});
