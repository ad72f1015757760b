import { describe, expect, it } from 'vitest';
import { xAdapter, handleFromHref } from '@/utils/sites/x/adapter';
import { fromHtml, loadFixture } from '@/utils/sites/__tests__/load-fixture';

function summary(doc: Document) {
  const sightings = xAdapter.findSightings(doc);
  const byKind: Record<string, number> = {};
  for (const s of sightings) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  return { sightings, byKind, handles: new Set(sightings.map((s) => s.identity.handle)) };
}

describe('X adapter over the sanitized real pages', () => {
  it.each([
    // fixture, url, posts, post authors, quoted authors, distinct handles
    ['x/x-folders/x-home.html', 'https://x.com/home', 10, 10, 1, 11],
    ['x/x-folders/x-home-rich.html', 'https://x.com/home', 66, 66, 12, 0],
    ['x/x-folders/x-bookmarks.html', 'https://x.com/i/bookmarks', 12, 12, 7, 0],
    ['x/x-folders/x-profile.html', 'https://x.com/u_d95bf3e3ae', 6, 6, 1, 1],
    ['x/x-folders/x-status-long.html', 'https://x.com/u_87beb19d3d/status/1', 4, 4, 0, 4],
    ['x/x-media-modal-replies-2024-11.html', 'https://x.com/u_5f81c370e3/status/1/photo/1', 14, 14, 0, 14],
    ['x/x-timeline-cell-2024-10.html', 'https://x.com/home', 1, 1, 0, 1],
    ['x/x-timeline-cell-2025-10.html', 'https://x.com/home', 1, 1, 0, 1],
    ['x/x-status-cell-2024-10.html', 'https://x.com/u_5f81c370e3/status/1', 1, 1, 0, 1],
    ['x/x-quote-cell-2025-10.html', 'https://x.com/home', 1, 1, 1, 2],
  ])('%s at %s: %i posts, %i authors, %i quoted authors', (path, url, posts, authors, quoted, distinct) => {
    const doc = loadFixture(path, url);
    const { byKind, handles, sightings } = summary(doc);
    expect(xAdapter.findPosts(doc)).toHaveLength(posts);
    expect(byKind['post-author'] ?? 0).toBe(authors);
    expect(byKind['quoted-author'] ?? 0).toBe(quoted);
    if (distinct > 0) expect(handles.size).toBe(distinct);
    expect(xAdapter.health(doc)).toEqual({ posts, postsWithHandle: posts });
    for (const sighting of sightings) {
      expect(sighting.identity.handle).toMatch(/^[a-z0-9_]{1,15}$/);
      // The anchor is the display name inside the author block, so the badge sits on its line.
      expect(sighting.anchor.closest('[data-testid="User-Name"]')).not.toBeNull();
    }
  });

  it('finds the quoted author, who has no link, by the @handle text', () => {
    const doc = loadFixture('x/x-quote-cell-2025-10.html', 'https://x.com/home');
    const sightings = xAdapter.findSightings(doc);
    expect(sightings.map((s) => [s.kind, s.identity.handle])).toEqual([
      ['post-author', 'u_f481dc1aee'],
      ['quoted-author', 'u_2b92606ce3'],
    ]);
    expect(doc.querySelector('a[href="/u_2b92606ce3"]')).toBeNull();
  });

  it.each([
    ['x/built/user-cells.html', 'user-cell', ['cell_gold', 'cell_stranger']],
    ['x/built/profile-header.html', 'profile-header', ['profile_diamond']],
    ['x/built/notifications.html', 'notification', ['notif_silver', 'notif_other']],
    ['x/built/dm.html', 'dm-list', ['dm_platinum']],
    ['x/built/dm.html', 'dm-header', ['dm_platinum']],
    ['x/built/hover-card.html', 'hover-card', ['hover_concierge']],
  ])('%s: %s sightings', (path, kind, handles) => {
    const doc = loadFixture(path, 'https://x.com/home');
    const found = xAdapter.findSightings(doc).filter((s) => s.kind === kind);
    expect(found.map((s) => s.identity.handle)).toEqual(handles);
  });

  it('never takes the signed-in account in the navigation for a customer', () => {
    for (const path of ['x/built/profile-header.html', 'x/x-folders/x-profile.html']) {
      const doc = loadFixture(path, 'https://x.com/home');
      const switcher = doc.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]')!;
      expect(switcher).not.toBeNull();
      expect(xAdapter.findSightings(doc).some((s) => switcher.contains(s.anchor))).toBe(false);
    }
  });

  it('carries text, time and permalink in the transcript; a status page carries the visible thread', () => {
    const timeline = loadFixture('x/x-timeline-cell-2025-10.html', 'https://x.com/home');
    const [entry] = xAdapter.transcriptFor(xAdapter.findPosts(timeline)[0]!);
    expect(entry).toMatchObject({
      author: expect.stringContaining('(@u_077e336a22)'),
      postedAt: '2025-10-23T16:34:09.000Z',
      url: 'https://x.com/u_077e336a22/status/1820613836185422804',
    });
    expect(entry!.text.length).toBeGreaterThan(10);
    const status = loadFixture('x/x-folders/x-status-long.html', 'https://x.com/u_87beb19d3d/status/1');
    const posts = xAdapter.findPosts(status);
    expect(xAdapter.transcriptFor(posts[2]!)).toHaveLength(4);
    expect(xAdapter.authorOf(posts[2]!)).toEqual({ network: 'x', handle: 'u_eed15d1049' });
  });

  it('puts Hand off in the post action bar', () => {
    const doc = loadFixture('x/x-folders/x-home.html', 'https://x.com/home');
    for (const post of xAdapter.findPosts(doc)) {
      const slot = xAdapter.actionSlotOf!(post);
      expect(slot?.getAttribute('role')).toBe('group');
      expect(post.contains(slot)).toBe(true);
    }
  });

  it('ignores nodes other extensions (and Jetway) inject inside the author block', () => {
    const doc = loadFixture('x/x-timeline-cell-2025-10.html', 'https://x.com/home');
    const block = doc.querySelector('[data-testid="User-Name"]')!;
    const foreign = doc.createElement('span');
    foreign.setAttribute('data-jetway-action', '');
    foreign.innerHTML = '<a href="/intruder">@intruder</a>';
    block.prepend(foreign);
    expect(xAdapter.findSightings(doc).map((s) => s.identity.handle)).toEqual(['u_077e336a22']);
  });

  it('security: hostile display names and post text are read as text, and nothing runs', () => {
    const name = `<img src=x onerror="globalThis.pwned=1">\u202Eevil${'A'.repeat(10_000)}`;
    const doc = fromHtml(
      `<article data-testid="tweet"><div data-testid="User-Name"><a href="/Real_Handle"><div dir="ltr"><span></span></div></a></div><div data-testid="tweetText"></div></article>`,
    );
    doc.querySelector('span')!.textContent = name;
    doc.querySelector('[data-testid="tweetText"]')!.textContent = '<script>globalThis.pwned=1</script>';
    const [sighting] = xAdapter.findSightings(doc);
    expect(sighting!.identity.handle).toBe('real_handle');
    const [entry] = xAdapter.transcriptFor(xAdapter.findPosts(doc)[0]!);
    expect(entry!.text).toBe('<script>globalThis.pwned=1</script>');
    expect(entry!.author.length).toBeLessThanOrEqual(220);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(doc.querySelector('img')).toBeNull();
  });

  it('reports posts whose author cannot be read (X changed its layout)', () => {
    const doc = fromHtml('<article data-testid="tweet"><div>no author block</div></article><article data-testid="tweet"></article>');
    expect(xAdapter.health(doc)).toEqual({ posts: 2, postsWithHandle: 0 });
    expect(xAdapter.findSightings(doc)).toEqual([]);
  });
});

describe('handleFromHref', () => {
  it.each([
    ['/AnnaFlies', 'annaflies'],
    ['/annaflies/', 'annaflies'],
    ['https://x.com/AnnaFlies', 'annaflies'],
    ['https://twitter.com/anna_1', 'anna_1'],
    ['/annaflies/status/123', null],
    ['/home', null],
    ['/i/bookmarks', null],
    ['/explore', null],
    ['/much_too_long_handle_x', null],
    ['https://evil.example/annaflies', null],
    ['javascript:alert(1)', null],
    [null, null],
  ])('%s → %s', (href, handle) => {
    expect(handleFromHref(href)).toBe(handle);
  });
});
