import { describe, expect, it } from 'vitest';
import { handleFromHref } from '@/utils/sites/x/adapter';

describe('handleFromHref', () => {
  it.each([
    ['/AnnaFlies', 'annaflies'],
    ['/annaflies/', 'annaflies'],
    ['/annaflies?lang=sv', 'annaflies'],
    ['https://x.com/AnnaFlies', 'annaflies'],
    ['https://twitter.com/anna_1', 'anna_1'],
    ['https://mobile.x.com/anna_1', 'anna_1'],
    ['/a', 'a'],
    ['/fifteen_chars_x', 'fifteen_chars_x'],
    ['/sixteen_chars_xx', null],
    ['/annaflies/status/123', null],
    ['/annaflies/status/123/photo/1', null],
    ['/annaflies/followers', null],
    ['/home', null],
    ['/Explore', null],
    ['/notifications', null],
    ['/messages', null],
    ['/i/bookmarks', null],
    ['/i', null],
    ['/settings', null],
    ['/search?q=jetway', null],
    ['/compose/post', null],
    ['/tos', null],
    ['/privacy', null],
    ['/hashtag/snow', null],
    ['/anna-flies', null],
    ['https://evil.example/annaflies', null],
    ['https://x.com.evil.example/annaflies', null],
    ['//evil.example/annaflies', null],
    ['javascript:alert(1)', null],
    ['', null],
    [null, null],
  ])('%s → %s', (href, handle) => {
    expect(handleFromHref(href)).toBe(handle);
  });
});
