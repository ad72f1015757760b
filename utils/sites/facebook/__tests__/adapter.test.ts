import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';
import { identityFromProfileHref } from '@/utils/sites/facebook/identity';
import { fromHtml, loadFixture } from '@/utils/sites/__tests__/load-fixture';

describe('identityFromProfileHref', () => {
  it.each([
    ['https://www.facebook.com/profile.php?id=100004123456789&__tn__=R]-R', '100004123456789'],
    ['/profile.php?id=100004123456789', '100004123456789'],
    ['https://www.facebook.com/Anna.Lindqvist.9?comment_id=Y29tbWVudDox&__cft__[0]=AZW', 'anna.lindqvist.9'],
    ['https://web.facebook.com/anna.lindqvist.9/', 'anna.lindqvist.9'],
    ['https://m.facebook.com/anna.lindqvist.9#comments', 'anna.lindqvist.9'],
    ['https://www.facebook.com/people/Anna-Lindqvist/100004123456789/', '100004123456789'],
    ['https://www.facebook.com/100004123456789', '100004123456789'],
    ['https://www.facebook.com/groups/12345/', null],
    ['https://www.facebook.com/anna.lindqvist.9/posts/pfbid0abc', null],
    ['https://www.facebook.com/photo/?fbid=1', null],
    ['https://www.facebook.com/hashtag/snow', null],
    ['https://www.facebook.com/watch/?v=1', null],
    ['https://www.facebook.com/story.php?story_fbid=1&id=2', null],
    ['https://www.facebook.com/profile.php?id=abc', null],
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example', null],
    ['https://evil.example/anna.lindqvist.9', null],
    ['javascript:alert(1)', null],
    ['https://www.facebook.com/ab', null],
    [null, null],
  ])('%s → %s', (href, handle) => {
    expect(identityFromProfileHref(href)?.handle ?? null).toBe(handle);
  });
});

describe('Facebook adapter', () => {
  it('reads the post author and every commenter of the saved real post, one sighting per comment', () => {
    const doc = loadFixture('facebook/facebook-post-comments-2025-06.html', 'https://www.facebook.com/fb.user.551c8538/posts/1');
    const sightings = facebookAdapter.findSightings(doc);
    expect(sightings.filter((s) => s.kind === 'post-author')).toHaveLength(1);
    expect(sightings.filter((s) => s.kind === 'comment-author')).toHaveLength(10);
    expect(facebookAdapter.health(doc)).toEqual({ posts: 11, postsWithHandle: 11 });
    // The avatar link repeats the href: the badge goes after the visible name link.
    for (const sighting of sightings.filter((s) => s.kind === 'comment-author')) {
      expect(sighting.anchor.getAttribute('aria-hidden')).not.toBe('true');
    }
  });

  it('reads commenters, nested repliers and visitor posts of a Page post, never from display names', () => {
    const doc = loadFixture('facebook/built/page-post-comments.html', 'https://www.facebook.com/jetway.airline/posts/1');
    expect(facebookAdapter.findSightings(doc).map((s) => [s.kind, s.identity.handle])).toEqual([
      ['post-author', 'jetway.airline'],
      ['comment-author', '100000000000101'],
      ['comment-author', 'anna.lindqvist.9'],
      ['comment-author', 'not.a.member.77'],
      ['post-author', '100000000000202'],
    ]);
  });

  it('carries the comment thread (post, comment, replies) in a reply’s transcript', () => {
    const doc = loadFixture('facebook/built/page-post-comments.html', 'https://www.facebook.com/jetway.airline/posts/1');
    const reply = doc.querySelector('[data-testid="reply-a1"]')!;
    const transcript = facebookAdapter.transcriptFor(reply);
    expect(transcript.map((entry) => entry.author)).toEqual([
      'Jetway Airline (jetway.airline)',
      'Numeric Member (100000000000101)',
      'Vanity Member (anna.lindqvist.9)',
    ]);
    expect(transcript[1]!.text).toContain('My bag did not arrive in ARN');
    expect(transcript[1]!.text).not.toContain('Same here');
    expect(transcript[2]!.url).toBe('https://www.facebook.com/jetway.airline/posts/pfbid0abc?comment_id=111&reply_comment_id=112');
    expect(facebookAdapter.authorOf(reply)).toEqual({ network: 'facebook', handle: 'anna.lindqvist.9' });
  });

  it('security: a hostile name is text, and an article without a profile link is reported, not guessed', () => {
    const doc = fromHtml(
      '<div role="article"><a href="https://www.facebook.com/groups/1"><span></span></a><div dir="auto">text</div></div>',
      'https://www.facebook.com/x',
    );
    doc.querySelector('span')!.textContent = '<img src=x onerror=alert(1)> Anna Lindqvist';
    expect(facebookAdapter.findSightings(doc)).toEqual([]);
    expect(facebookAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 0 });
    expect(doc.querySelector('img')).toBeNull();
  });
});
