import { describe, expect, it } from 'vitest';
import {
  CaseCreateSchema,
  CaseSchema,
  HandoffCreateSchema,
  isSitePageUrl,
  isSitePageUrlIssue,
  SITE_PAGE_HOSTS,
  SITE_PAGE_URL_MAX,
  SitePageUrlSchema,
  sitePageUrlOrNull,
  TranscriptEntrySchema,
} from '..';
import { SITES } from '@/utils/sites/registry';

/** Addresses a case or a transcript must never hold, by what makes each one dangerous. */
const HOSTILE_URLS: Array<[name: string, url: string]> = [
  ['a data: page', 'data:text/html,<h1>Sign in again</h1>'],
  ['a data: page naming x.com', 'data:text/html;x.com,<script>alert(1)</script>'],
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['javascript: with a site in a comment', 'javascript://x.com/%0aalert(1)'],
  ['file:', 'file:///etc/passwd'],
  ['plain http', 'http://x.com/someone/status/1'],
  ['another host', 'https://evil.example/someone/status/1'],
  ['a look-alike host', 'https://x.com.evil.example/someone/status/1'],
  ['a host that ends like a site', 'https://notx.com/someone/status/1'],
  ['a sub-domain not in the registry', 'https://m.facebook.com/story.php'],
  ['user info before another host', 'https://x.com@evil.example/'],
  ['user and password before another host', 'https://x.com:pass@evil.example/status/1'],
  ['user info before a site', 'https://someone@x.com/status/1'],
  ['a backslash before another host', 'https://x.com\\@evil.example/'],
  ['a port', 'https://x.com:8443/someone/status/1'],
  ['upper-case scheme tricks', 'HTTPS://evil.example/'],
  ['no scheme', '//x.com/someone/status/1'],
  ['a relative path', '/someone/status/1'],
  ['whitespace before', ' https://x.com/someone/status/1'],
  ['a line break inside', 'https://x.com/some\none'],
  ['a NUL inside', 'https://x.com/some\u0000one'],
  ['non-ASCII in the host', 'https://x.cоm/someone'],
  ['too long', `https://x.com/${'a'.repeat(SITE_PAGE_URL_MAX)}`],
  ['empty', ''],
];

const GOOD_URLS = [
  'https://x.com/u_d95bf3e3ae/status/1796621388997543347',
  'https://twitter.com/someone/status/1',
  'https://mobile.x.com/someone/status/1',
  'https://x.com',
  'https://x.com/',
  'https://x.com/someone/status/1?s=20#reply',
  'https://x.com/@evil.example',
  'https://www.facebook.com/SomePage/posts/pfbid02abc?comment_id=123',
  'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
  'https://business.facebook.com/latest/inbox/all?selected_item_id=1&asset_id=2',
  `https://x.com/${'a'.repeat(SITE_PAGE_URL_MAX - 'https://x.com/'.length)}`,
];

describe('SitePageUrlSchema', () => {
  it('takes its hosts from the site registry', () => {
    expect([...SITE_PAGE_HOSTS].sort()).toEqual(SITES.flatMap((site) => [...site.hosts]).sort());
  });

  it.each(HOSTILE_URLS)('security: refuses %s', (_name, url) => {
    expect(isSitePageUrl(url)).toBe(false);
    expect(sitePageUrlOrNull(url)).toBeNull();
    const parsed = SitePageUrlSchema.safeParse(url);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.every(isSitePageUrlIssue)).toBe(true);
  });

  it.each(GOOD_URLS)('accepts the site page %s', (url) => {
    expect(SitePageUrlSchema.parse(url)).toBe(url);
    expect(sitePageUrlOrNull(url)).toBe(url);
  });

  it('security: refuses what is not a string', () => {
    for (const value of [null, undefined, 1, {}, new URL('https://x.com/')]) expect(isSitePageUrl(value)).toBe(false);
  });

  it('security: every inbound and outbound address field uses it, naming the field', () => {
    const identity = { network: 'x', handle: 'someone' } as const;
    for (const [, url] of HOSTILE_URLS) {
      const created = CaseCreateSchema.safeParse({ identity, subject: 'Lost bag', postUrl: url });
      expect(created.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['postUrl']);
      const handoff = HandoffCreateSchema.safeParse({
        toTeamId: '00000000-0000-4000-8000-000000000000',
        identity,
        transcript: [
          { author: '@someone', text: 'fine', postedAt: null, url: GOOD_URLS[0] },
          { author: '@someone', text: 'hi', postedAt: null, url },
        ],
      });
      expect(handoff.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['transcript.1.url']);
      expect(TranscriptEntrySchema.safeParse({ author: '@someone', text: 'hi', postedAt: null, url }).success).toBe(false);
      expect(CaseSchema.shape.postUrl.safeParse(url).success).toBe(false);
    }
    expect(CaseCreateSchema.safeParse({ identity, subject: 'Lost bag', postUrl: null }).success).toBe(true);
    expect(CaseCreateSchema.safeParse({ identity, subject: 'Lost bag' }).success).toBe(true);
  });
});
