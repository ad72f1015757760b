import { describe, expect, it } from 'vitest';
import { identityFromProfileHref, identityThroughUrlParser } from '@/utils/sites/facebook/identity';
import { loadFixture } from '@/utils/sites/__tests__/load-fixture';
import { EXPECTED } from './expected-sightings';

describe('identityFromProfileHref', () => {
  it.each([
    // Numeric ids, as commenters' links carry them.
    ['https://www.facebook.com/profile.php?id=100004123456789&__tn__=R]-R', '100004123456789'],
    ['https://www.facebook.com/profile.php?id=100004123456789&comment_id=Y29tbWVudDox&__cft__[0]=AZW', '100004123456789'],
    ['/profile.php?id=100004123456789', '100004123456789'],
    ['https://m.facebook.com/profile.php?id=100004123456789&refid=52', '100004123456789'],
    ['https://www.facebook.com/profile.php?id=100004123456789&sk=about', '100004123456789'],
    ['https://www.facebook.com/people/Anna-Lindqvist/100004123456789/', '100004123456789'],
    ['https://www.facebook.com/100004123456789', '100004123456789'],
    // Vanity names, lower-cased, on every host Facebook serves.
    ['https://www.facebook.com/Anna.Lindqvist.9?comment_id=Y29tbWVudDox&__cft__[0]=AZW&__tn__=R]-R', 'anna.lindqvist.9'],
    ['https://web.facebook.com/anna.lindqvist.9/', 'anna.lindqvist.9'],
    ['https://m.facebook.com/anna.lindqvist.9#comments', 'anna.lindqvist.9'],
    ['https://mbasic.facebook.com/anna.lindqvist.9?refid=18', 'anna.lindqvist.9'],
    ['https://business.facebook.com/anna.lindqvist.9', 'anna.lindqvist.9'],
    ['http://www.facebook.com/anna.lindqvist.9', 'anna.lindqvist.9'],
    ['/anna.lindqvist.9?comment_id=1772521800368774', 'anna.lindqvist.9'],
    ['https://www.facebook.com/jetway.airline?__tn__=-UC%2CP-R', 'jetway.airline'],
    // Not people.
    ['https://www.facebook.com/groups/12345/', null],
    ['https://www.facebook.com/groups/flyersclub/user/100004123456789/', null],
    ['https://www.facebook.com/pages/Jetway/12345', null],
    ['https://www.facebook.com/anna.lindqvist.9/posts/pfbid0abc', null],
    ['https://www.facebook.com/anna.lindqvist.9/photos/a.1/2/', null],
    ['https://www.facebook.com/photo/?fbid=1&set=a.2', null],
    ['https://www.facebook.com/photo.php?fbid=1', null],
    ['https://www.facebook.com/hashtag/snow', null],
    ['https://www.facebook.com/watch/?v=1', null],
    ['https://www.facebook.com/events/123456/', null],
    ['https://www.facebook.com/story.php?story_fbid=1&id=2', null],
    ['https://www.facebook.com/permalink.php?story_fbid=1&id=100004123456789', null],
    ['https://www.facebook.com/sharer/sharer.php?u=x', null],
    ['https://www.facebook.com/reel/123456789', null],
    ['https://www.facebook.com/marketplace', null],
    ['https://www.facebook.com/latest/inbox/all', null],
    ['https://www.facebook.com/home.php', null],
    ['https://www.facebook.com/profile.php', null],
    ['https://www.facebook.com/profile.php?id=abc', null],
    ['https://www.facebook.com/people/Anna-Lindqvist/', null],
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example', null],
    ['https://www.facebook.com/ab', null],
    ['https://www.facebook.com/', null],
    ['https://evil.example/anna.lindqvist.9', null],
    ['https://facebook.com.evil.example/anna.lindqvist.9', null],
    ['https://www.messenger.com/t/anna.lindqvist.9', null],
    ['javascript:alert(1)', null],
    ['', null],
    [null, null],
  ])('%s → %s', (href, handle) => {
    const identity = identityFromProfileHref(href);
    expect(identity?.handle ?? null).toBe(handle);
    if (identity) expect(identity.network).toBe('facebook');
  });
});

describe('identityFromProfileHref without the URL parser', () => {
  // Links the direct reading must leave to the parser, or read exactly as it does.
  const awkward = [
    '/anna.lindqvist.9', '/Anna.Lindqvist.9/', '/anna.lindqvist.9?', '/anna.lindqvist.9#', '/anna.lindqvist.9?x=1#y',
    'HTTPS://WWW.FACEBOOK.COM/Anna.Lindqvist.9', 'https://www.facebook.com:443/anna.lindqvist.9', 'https://user@www.facebook.com/anna.lindqvist.9',
    '//www.facebook.com/anna.lindqvist.9', '//evil.example/anna.lindqvist.9', '\\evil.example/anna.lindqvist.9', '/\\evil.example/anna.lindqvist.9',
    '/./anna.lindqvist.9', '/groups/../anna.lindqvist.9', '/anna.lindqvist.9/..', '/anna.lindqvist.9/.', '/%61nna.lindqvist.9', '/anna%2elindqvist.9',
    '/%2e%2e/anna.lindqvist.9', ' /anna.lindqvist.9', '/anna.lindqvist.9 ', '/anna.lind\tqvist.9', '/anna.lind\nqvist.9',
    '/profile.php?id=100004123456789', '/profile.php?id=10000\n4123456789', '/profile.php?id=100004123456789&id=200004123456789',
    '/profile.php?ID=100004123456789', '/profile.php?id=%31%30%30%30%30%34%31', '/profile.php?x=1&id=100004123456789#id=5', '/profile.php?id= 100004123456789',
    '/people/Anna/100004123456789', '/people//Anna/100004123456789', '/people/Anna/100004123456789?', 'anna.lindqvist.9', '?id=1', '#top',
    'https://www.facebook.com/anna.lindqvist.9?a=%ZZ', 'https://web.facebook.com./anna.lindqvist.9', 'https://www.facebook.com..//anna.lindqvist.9',
  ];

  it.each(awkward)('%s is read as the URL parser reads it', (href) => {
    expect(identityFromProfileHref(href)).toEqual(identityThroughUrlParser(href));
  });

  it('reads every link of every saved Facebook page as the URL parser does', () => {
    let links = 0;
    for (const { fixture, url } of EXPECTED) {
      for (const link of loadFixture(fixture, url).querySelectorAll('a[href]')) {
        const href = link.getAttribute('href')!;
        expect(identityFromProfileHref(href), href).toEqual(identityThroughUrlParser(href));
        links++;
      }
    }
    expect(links).toBeGreaterThan(100);
  });
});
