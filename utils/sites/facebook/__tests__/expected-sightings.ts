import type { FixtureExpectation } from '@/utils/sites/__tests__/load-fixture';

/**
 * What the Facebook adapter must read from every fixture: posts on screen and the exact
 * (pseudonymised) handles per sighting kind, with how often each is seen. Checked against an
 * independent count of the fixtures' author blocks when they were written.
 */
export const EXPECTED: FixtureExpectation[] = [
  {
    fixture: 'facebook/facebook-post-comments-2025-06.html',
    url: 'https://www.facebook.com/fb.user.551c8538/posts/1',
    posts: 11,
    sightings: {
      'post-author': { 'fb.user.551c8538': 1 },
      'comment-author': { 'fb.user.551c8538': 10 },
    },
  },
  {
    fixture: 'facebook/built/page-post-comments.html',
    url: 'https://www.facebook.com/jetway.airline/posts/1',
    posts: 5,
    sightings: {
      'post-author': { '100000000000202': 1, 'jetway.airline': 1 },
      'comment-author': { '100000000000101': 1, 'anna.lindqvist.9': 1, 'not.a.member.77': 1 },
    },
  },
  {
    fixture: 'facebook/built/page-timeline-visitor-post.html',
    url: 'https://www.facebook.com/jetway.airline',
    posts: 6,
    sightings: {
      'post-author': { '100000000000404': 1, 'jetway.airline': 1 },
      'comment-author': { '100000000000404': 1, '100000000000505': 1, 'frequent.flyer.sam': 1, 'jetway.airline': 1 },
    },
  },
  {
    fixture: 'facebook/built/business-suite-inbox.html',
    url: 'https://business.facebook.com/latest/inbox/all?asset_id=1',
    posts: 1,
    sightings: {
      'inbox-list': { '100000000000606': 1, 'inbox.vanity.7': 1 },
      'inbox-header': { '100000000000606': 1 },
    },
  },
];
