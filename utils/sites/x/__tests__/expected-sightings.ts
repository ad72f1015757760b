import type { FixtureExpectation } from '@/utils/sites/__tests__/load-fixture';

/**
 * What the X adapter must read from every fixture: posts on screen and the exact
 * (pseudonymised) handles per sighting kind, with how often each is seen. Checked against an
 * independent count of the fixtures' author blocks when they were written.
 */
export const EXPECTED: FixtureExpectation[] = [
  {
    fixture: 'x/x-folders/x-home.html',
    url: 'https://x.com/home',
    posts: 10,
    sightings: {
      'post-author': { 'u_1f01dbe592': 1, 'u_61d40d3e45': 1, 'u_a33ddd7df1': 1, 'u_a67669ff1a': 1, 'u_a7a8ab328f': 1, 'u_a98f02102c': 1, 'u_bb87506e49': 1, 'u_d95bf3e3ae': 1, 'u_df8cb97120': 1, 'u_f40b6050e2': 1 },
      'quoted-author': { 'u_16f6cd2c6e': 1 },
    },
  },
  {
    fixture: 'x/x-folders/x-home-rich.html',
    url: 'https://x.com/home',
    posts: 66,
    sightings: {
      'post-author': { 'u_00574fe0ff': 1, 'u_05b1a81463': 1, 'u_07b1b4bfd5': 1, 'u_07bf5886c5': 1, 'u_08d6487003': 1, 'u_09706c652b': 1, 'u_09ad93bed9': 1, 'u_108a27c00c': 1, 'u_15729a338e': 1, 'u_1fd3ff863b': 1, 'u_289f62349b': 1, 'u_32664cde70': 1, 'u_3b63001271': 1, 'u_42c26dbcb0': 1, 'u_44adc055fb': 2, 'u_4523a50c63': 1, 'u_4630665c61': 1, 'u_4a04186cb6': 1, 'u_511deba0b1': 1, 'u_5291d0a5ff': 1, 'u_5529a54d47': 1, 'u_59742da74a': 1, 'u_59b5f504b6': 1, 'u_61a1cd3783': 1, 'u_68730e68d0': 1, 'u_6ea0097694': 1, 'u_6f926f5a82': 2, 'u_6fbc29e543': 1, 'u_72113d2d5a': 1, 'u_722bb898dc': 1, 'u_732d736ed1': 1, 'u_7876af56ff': 1, 'u_794a5e777a': 1, 'u_7bedb6323b': 2, 'u_84db27666a': 1, 'u_87beb19d3d': 1, 'u_8899372598': 1, 'u_8b2d68b284': 1, 'u_8c56cde3d5': 1, 'u_8cc698d8e0': 1, 'u_925fda829d': 1, 'u_935599b043': 1, 'u_963922aa73': 1, 'u_9836554cd1': 1, 'u_98c73ab83b': 1, 'u_9da7ac58c9': 1, 'u_a39db34656': 1, 'u_ac140afd3b': 1, 'u_af2272fbb0': 1, 'u_b38125213f': 1, 'u_ba25cdf06e': 1, 'u_c8732afeb0': 1, 'u_c8ccf91bf3': 1, 'u_da51023173': 1, 'u_e5223d2ecb': 1, 'u_e5b6be2d54': 1, 'u_ec203779ce': 1, 'u_ecb8288ad3': 1, 'u_ed37d1bf75': 1, 'u_eed15d1049': 1, 'u_f236210716': 1, 'u_f2517c3ecb': 1, 'u_f3aa8fceba': 1 },
      'quoted-author': { 'u_45f588da3b': 1, 'u_494b01c567': 1, 'u_5ff92725ba': 1, 'u_664a9eb4a1': 1, 'u_68f0d72145': 1, 'u_78d3cc418f': 1, 'u_7bedb6323b': 1, 'u_89ad3cc5f9': 1, 'u_8b2d68b284': 1, 'u_ad155c65e9': 1, 'u_bb26b0488e': 1, 'u_c8732afeb0': 1 },
    },
  },
  {
    fixture: 'x/x-folders/x-bookmarks.html',
    url: 'https://x.com/i/bookmarks',
    posts: 12,
    sightings: {
      'post-author': { 'u_02678b448b': 1, 'u_0a660d7a5a': 1, 'u_39630c1abf': 1, 'u_42017ca304': 1, 'u_59aa553ed7': 1, 'u_740cf54573': 1, 'u_76f527fa87': 1, 'u_87beb19d3d': 1, 'u_935599b043': 2, 'u_dd49e814a0': 1, 'u_dfc91c91a4': 1 },
      'quoted-author': { 'u_45f588da3b': 2, 'u_a60df0dc01': 1, 'u_bb26b0488e': 2, 'u_dfc91c91a4': 1, 'u_ec81d214e5': 1 },
    },
  },
  {
    fixture: 'x/x-folders/x-profile.html',
    url: 'https://x.com/u_d95bf3e3ae',
    posts: 6,
    sightings: {
      'post-author': { 'u_d95bf3e3ae': 6 },
      'quoted-author': { 'u_d95bf3e3ae': 1 },
    },
  },
  {
    fixture: 'x/x-folders/x-status-long.html',
    url: 'https://x.com/u_87beb19d3d/status/1',
    posts: 4,
    sightings: {
      'post-author': { 'u_6e8f7da0a9': 1, 'u_87beb19d3d': 1, 'u_eada32aaa7': 1, 'u_eed15d1049': 1 },
    },
  },
  {
    fixture: 'x/x-media-modal-replies-2024-11.html',
    url: 'https://x.com/u_5f81c370e3/status/1/photo/1',
    posts: 14,
    sightings: {
      'post-author': { 'u_0356c19411': 1, 'u_0b71c34902': 1, 'u_3cbcc5eb3f': 1, 'u_4be79f8a39': 1, 'u_5f81c370e3': 1, 'u_6bd8b3a975': 1, 'u_6f457775ff': 1, 'u_85a27f1194': 1, 'u_a502c60b8d': 1, 'u_b9e8372a7f': 1, 'u_bf7732f14b': 1, 'u_daf1ba067a': 1, 'u_ed483e1562': 1, 'u_f346632b12': 1 },
    },
  },
  {
    fixture: 'x/x-timeline-cell-2024-10.html',
    url: 'https://x.com/home',
    posts: 1,
    sightings: {
      'post-author': { 'u_5f81c370e3': 1 },
    },
  },
  {
    fixture: 'x/x-timeline-cell-2025-10.html',
    url: 'https://x.com/home',
    posts: 1,
    sightings: {
      'post-author': { 'u_077e336a22': 1 },
    },
  },
  {
    fixture: 'x/x-status-cell-2024-10.html',
    url: 'https://x.com/u_5f81c370e3/status/1',
    posts: 1,
    sightings: {
      'post-author': { 'u_5f81c370e3': 1 },
    },
  },
  {
    fixture: 'x/x-quote-cell-2025-10.html',
    url: 'https://x.com/home',
    posts: 1,
    sightings: {
      'post-author': { 'u_f481dc1aee': 1 },
      'quoted-author': { 'u_2b92606ce3': 1 },
    },
  },
  {
    fixture: 'x/built/user-cells.html',
    url: 'https://x.com/jetway/followers',
    posts: 0,
    sightings: {
      'user-cell': { 'cell_gold': 1, 'cell_stranger': 1 },
    },
  },
  {
    fixture: 'x/built/profile-header.html',
    url: 'https://x.com/profile_diamond',
    posts: 0,
    sightings: {
      'profile-header': { 'profile_diamond': 1 },
    },
  },
  {
    fixture: 'x/built/notifications.html',
    url: 'https://x.com/notifications',
    posts: 1,
    sightings: {
      'post-author': { 'notif_mention': 1 },
      'notification': { 'notif_other': 1, 'notif_silver': 1 },
    },
  },
  {
    fixture: 'x/built/dm.html',
    url: 'https://x.com/messages/1',
    posts: 0,
    sightings: {
      'dm-list': { 'dm_platinum': 1 },
      'dm-header': { 'dm_platinum': 1 },
    },
  },
  {
    fixture: 'x/built/x-article-status.html',
    url: 'https://x.com/art_author/status/1900000000000000100',
    posts: 6,
    sightings: {
      'post-author': { 'art_author': 1, 'art_embedded': 1, 'art_replier1': 1, 'art_replier2': 1, 'art_replier3': 1 },
      'quoted-author': { 'art_quoted': 1 },
    },
  },
  {
    fixture: 'x/built/x-article-status-in-post.html',
    url: 'https://x.com/art_author/status/1900000000000000100',
    posts: 6,
    sightings: {
      'post-author': { 'art_author': 1, 'art_embedded': 1, 'art_replier1': 1, 'art_replier2': 1, 'art_replier3': 1 },
      'quoted-author': { 'art_quoted': 1 },
    },
  },
  {
    fixture: 'x/built/x-article-page.html',
    url: 'https://x.com/art_author/article/1900000000000000100',
    posts: 2,
    sightings: {
      'post-author': { 'art_author': 1, 'art_embedded': 1 },
    },
  },
  {
    fixture: 'x/built/hover-card.html',
    url: 'https://x.com/home',
    posts: 0,
    sightings: {
      'hover-card': { 'hover_concierge': 1 },
    },
  },
];
