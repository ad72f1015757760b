import { describe, expect, it } from 'vitest';
import { xAdapter } from '@/utils/sites/x/adapter';
import { X } from '@/utils/sites/x/selectors';
import { isSitePageUrl } from '@/utils/contract';
import { addressesOf, forbidLayoutReads, loadFixture, readEverything, sightingsByKind } from '@/utils/sites/__tests__/load-fixture';
import { EXPECTED } from './expected-sightings';

const table = EXPECTED.map((expectation) => [expectation.fixture, expectation] as const);

describe('X adapter over every sanitized and built fixture', () => {
  it.each(table)('%s: posts, and the exact handles per kind', (_name, { fixture, url, posts, sightings }) => {
    const doc = loadFixture(fixture, url);
    expect(xAdapter.findPosts(doc)).toHaveLength(posts);
    expect(xAdapter.health(doc)).toEqual({ posts, postsWithHandle: posts });
    expect(sightingsByKind(xAdapter.findSightings(doc))).toEqual(sightings);
  });

  it.each(table)('%s: badges sit after a display name, never on the signed-in account or in the navigation', (_name, { fixture, url }) => {
    const doc = loadFixture(fixture, url);
    const agent = doc.querySelector(`${X.accountSwitcher} ${X.avatarContainer}`)?.getAttribute('data-testid')?.slice(X.avatarPrefix.length).toLowerCase();
    for (const sighting of xAdapter.findSightings(doc)) {
      expect(sighting.identity.handle).toMatch(/^[a-z0-9_]{1,15}$/);
      expect(sighting.identity.handle).not.toBe(agent);
      expect(sighting.anchor.closest(X.navigation)).toBeNull();
      if (sighting.post) {
        expect(sighting.post.contains(sighting.anchor)).toBe(true);
        // Inside the author block, so the badge shares the name's line.
        expect(sighting.anchor.closest(X.authorBlocks)).not.toBeNull();
        expect(sighting.anchor.textContent?.trim().startsWith('@')).toBe(false);
      }
    }
  });

  it.each(table)('%s: security: every permalink and transcript address is an https page of a supported site, or none', (_name, { fixture, url }) => {
    const addresses = addressesOf(xAdapter, loadFixture(fixture, url));
    for (const address of addresses) if (address !== null) expect(isSitePageUrl(address), address).toBe(true);
  });

  it.each(table)('%s: is read without a single layout read', (_name, { fixture, url }) => {
    const doc = loadFixture(fixture, url);
    forbidLayoutReads(doc);
    expect(() => readEverything(xAdapter, doc)).not.toThrow();
    expect(() => doc.body.getBoundingClientRect()).toThrow(/layout read/);
  });
});
