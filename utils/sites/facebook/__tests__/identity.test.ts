import { describe, expect, it } from 'vitest';
import { identityFromProfileHref } from '@/utils/sites/facebook/identity';

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
