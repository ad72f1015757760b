import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';
import { isSitePageUrl } from '@/utils/contract';
import { addressesOf, forbidLayoutReads, loadFixture, readEverything, sightingsByKind } from '@/utils/sites/__tests__/load-fixture';
import { EXPECTED } from './expected-sightings';

const table = EXPECTED.map((expectation) => [expectation.fixture, expectation] as const);

describe('Facebook adapter over every sanitized and built fixture', () => {
  it.each(table)('%s: posts and comments, and the exact handles per kind', (_name, { fixture, url, posts, sightings }) => {
    const doc = loadFixture(fixture, url);
    expect(facebookAdapter.findPosts(doc)).toHaveLength(posts);
    expect(facebookAdapter.health(doc)).toEqual({ posts, postsWithHandle: posts });
    expect(sightingsByKind(facebookAdapter.findSightings(doc))).toEqual(sightings);
  });

  it.each(table)('%s: badges follow a visible name, one per post or comment', (_name, { fixture, url }) => {
    const doc = loadFixture(fixture, url);
    const sightings = facebookAdapter.findSightings(doc);
    const posts = sightings.flatMap((s) => (s.post ? [s.post] : []));
    expect(new Set(posts).size).toBe(posts.length);
    for (const sighting of sightings) {
      expect(sighting.anchor.getAttribute('aria-hidden')).not.toBe('true');
      expect(sighting.anchor.textContent!.trim()).not.toBe('');
      if (sighting.post) expect(sighting.post.contains(sighting.anchor)).toBe(true);
    }
  });

  it.each(table)('%s: security: every permalink and transcript address is an https page of a supported site, or none', (_name, { fixture, url }) => {
    const addresses = addressesOf(facebookAdapter, loadFixture(fixture, url));
    for (const address of addresses) if (address !== null) expect(isSitePageUrl(address), address).toBe(true);
  });

  it.each(table)('%s: is read without a single layout read', (_name, { fixture, url }) => {
    const doc = loadFixture(fixture, url);
    forbidLayoutReads(doc);
    expect(() => readEverything(facebookAdapter, doc)).not.toThrow();
  });
});
