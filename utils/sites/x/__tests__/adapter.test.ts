import { describe, expect, it } from 'vitest';
import { xAdapter } from '@/utils/sites/x/adapter';
import { X } from '@/utils/sites/x/selectors';
import { fromHtml, loadFixture } from '@/utils/sites/__tests__/load-fixture';

const HOME = 'https://x.com/home';

function kindsAndHandles(root: ParentNode) {
  return xAdapter.findSightings(root).map((s) => [s.kind, s.identity.handle]);
}

/** A post in X's structure with the given author; its pieces are set as text, never parsed. */
function postHtml(handle: string, id: string): string {
  return `<div data-testid="cellInnerDiv"><article data-testid="tweet" role="article" tabindex="0"><div data-testid="Tweet-User-Avatar"><div data-testid="UserAvatar-Container-${handle}"><a href="/${handle}" aria-hidden="true" tabindex="-1"></a></div></div>
<div data-testid="User-Name"><div><a href="/${handle}" role="link"><div><div dir="ltr"><span><span class="name"></span></span></div></div></a></div><div><a href="/${handle}" role="link" tabindex="-1"><div dir="ltr"><span>@${handle}</span></div></a><a href="/${handle}/status/${id}" role="link"><time datetime="2026-11-24T09:00:00.000Z">1h</time></a></div></div>
<div data-testid="tweetText" dir="auto"><span class="text"></span></div><div role="group"></div></article></div>`;
}

describe('X adapter: posts', () => {
  it('counts a media modal reply thread once, not its wrapper div', () => {
    const doc = loadFixture('x/x-media-modal-replies-2024-11.html', 'https://x.com/u_5f81c370e3/status/1/photo/1');
    const marked = doc.querySelectorAll(X.post);
    const wrappers = [...marked].filter((element) => element.tagName === 'DIV');
    expect(wrappers).toHaveLength(1);
    expect(xAdapter.findPosts(doc)).toHaveLength(marked.length - 1);
    expect(xAdapter.findPosts(doc)).not.toContain(wrappers[0]);
  });

  it('finds the quoted author, who has no link, by the @handle text and avatar test id', () => {
    const doc = loadFixture('x/x-quote-cell-2025-10.html', HOME);
    expect(kindsAndHandles(doc)).toEqual([
      ['post-author', 'u_f481dc1aee'],
      ['quoted-author', 'u_2b92606ce3'],
    ]);
    expect(doc.querySelector('a[href="/u_2b92606ce3"]')).toBeNull();
    expect(xAdapter.authorOf(xAdapter.findPosts(doc)[0]!)).toEqual({ network: 'x', handle: 'u_f481dc1aee' });
  });

  it('scans only the subtree it is given, the root included', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    const cells = [...doc.querySelectorAll(X.cell)];
    expect(kindsAndHandles(cells[0]!)).toEqual([['post-author', 'u_d95bf3e3ae']]);
    const article = cells[0]!.querySelector('article')!;
    expect(xAdapter.findPosts(article)).toEqual([article]);
    const block = article.querySelector(X.userName)!;
    expect(kindsAndHandles(block)).toEqual([['post-author', 'u_d95bf3e3ae']]);
  });

  it('gives each whole timeline cell its author, so cells can be cloned into a long timeline', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    const list = doc.querySelector(X.cell)!.parentElement!;
    for (const cell of [...list.querySelectorAll(X.cell)].slice(0, 3)) list.append(cell.cloneNode(true));
    expect(xAdapter.findPosts(doc)).toHaveLength(13);
    expect(xAdapter.findSightings(doc).filter((s) => s.kind === 'post-author')).toHaveLength(13);
  });

  it('puts Hand off in the post’s own action bar', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    for (const post of xAdapter.findPosts(doc)) {
      const slot = xAdapter.actionSlotOf!(post);
      expect(slot?.getAttribute('role')).toBe('group');
      expect(post.contains(slot)).toBe(true);
    }
  });
});

describe('X adapter: the signed-in account is never a customer', () => {
  it('skips the account switcher and the agent’s own posts', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    const agent = doc.querySelector(`${X.accountSwitcher} ${X.avatarContainer}`)!.getAttribute('data-testid')!.slice(X.avatarPrefix.length);
    expect(agent).toBe('u_a310f2f21c');
    const list = doc.querySelector(X.cell)!.parentElement!;
    list.insertAdjacentHTML('beforeend', postHtml(agent, '1900000000000000009'));
    const own = xAdapter.findPosts(doc).at(-1)!;
    expect(xAdapter.findSightings(doc).some((s) => s.identity.handle === agent)).toBe(false);
    // Still a post with a readable author: the page is not broken, it is just the agent's.
    expect(xAdapter.authorOf(own)).toEqual({ network: 'x', handle: agent });
  });

  it('reads nothing from the navigation, even where it shows a name block', () => {
    const doc = loadFixture('x/built/profile-header.html', 'https://x.com/profile_diamond');
    const nav = doc.querySelector('nav')!;
    nav.insertAdjacentHTML('beforeend', '<div data-testid="UserCell"><a href="/nav_person"><div dir="ltr"><span>Nav</span></div></a><span>@nav_person</span></div>');
    expect(kindsAndHandles(doc)).toEqual([['profile-header', 'profile_diamond']]);
  });
});

describe('X adapter: foreign nodes', () => {
  it('ignores what another extension injects into the author block, and keeps the badge after the real name', () => {
    const doc = loadFixture('x/x-timeline-cell-2025-10.html', HOME);
    const block = doc.querySelector(X.userName)!;
    const realName = xAdapter.findSightings(doc)[0]!.anchor;
    const injected = doc.createElement('span');
    injected.className = 'other-extension-tag';
    injected.innerHTML = '<div dir="ltr"><a href="/intruder"><span>@intruder</span></a></div>';
    block.prepend(injected);
    const [sighting, ...rest] = xAdapter.findSightings(doc);
    expect(rest).toEqual([]);
    expect(sighting!.identity.handle).toBe('u_077e336a22');
    expect(sighting!.anchor).toBe(realName);
    expect(xAdapter.transcriptFor(xAdapter.findPosts(doc)[0]!)[0]!.author).toContain('(@u_077e336a22)');
  });

  it('reads a quoted author from the quote’s avatar and @handle run, and from all the evidence when they disagree', () => {
    const doc = loadFixture('x/x-quote-cell-2025-10.html', HOME);
    const quoted = () => xAdapter.findSightings(doc).find((s) => s.kind === 'quoted-author')!;
    const usual = quoted();
    expect(usual.identity.handle).toBe('u_2b92606ce3');
    expect(usual.anchor.getAttribute('dir')).toBe('ltr');
    expect(usual.anchor.textContent!.trim()).not.toMatch(/^@|^$/);
    // Another extension relabels the avatar: the @handle text still names the author.
    const avatar = doc.querySelector('[data-testid="UserAvatar-Container-u_2b92606ce3"]')!;
    avatar.setAttribute('data-testid', 'UserAvatar-Container-intruder');
    expect(quoted().identity.handle).toBe('u_2b92606ce3');
    expect(quoted().anchor).toBe(usual.anchor);
  });

  it('reads a post’s author from its links when another extension relabels or removes the avatar', () => {
    const doc = fromHtml(postHtml('real_handle', '1900000000000000001'));
    doc.querySelector('.name')!.textContent = 'Real Name';
    const name = doc.querySelector('.name')!.closest('[dir="ltr"]');
    const avatar = doc.querySelector('[data-testid="UserAvatar-Container-real_handle"]')!;
    avatar.setAttribute('data-testid', 'UserAvatar-Container-intruder');
    expect(kindsAndHandles(doc)).toEqual([['post-author', 'real_handle']]);
    expect(xAdapter.findSightings(doc)[0]!.anchor).toBe(name);
    // Hand off, the transcript and site health read the author the same way.
    const post = xAdapter.findPosts(doc)[0]!;
    expect(xAdapter.authorOf(post)).toEqual({ network: 'x', handle: 'real_handle' });
    expect(xAdapter.transcriptFor(post)[0]!.author).toBe('Real Name (@real_handle)');
    expect(xAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 1 });
    avatar.remove();
    expect(kindsAndHandles(doc)).toEqual([['post-author', 'real_handle']]);
    expect(xAdapter.findSightings(doc)[0]!.anchor).toBe(name);
  });

  it('gives an author one sighting per post even when the post’s blocks are not next to each other', () => {
    // A media-modal wrapper marked as a post holds its author's block, then a reply (its own post), then the block again.
    const block = (handle: string) =>
      `<div data-testid="User-Name"><a href="/${handle}"><div dir="ltr"><span>Name</span></div></a><a href="/${handle}"><div dir="ltr"><span>@${handle}</span></div></a></div>`;
    const doc = fromHtml(
      `<div data-testid="tweet"><div data-testid="Tweet-User-Avatar"><div data-testid="UserAvatar-Container-modal_author"></div></div>${block('modal_author')}` +
        `<article data-testid="tweet"><div data-testid="Tweet-User-Avatar"><div data-testid="UserAvatar-Container-replier"></div></div>${block('replier')}</article>` +
        `${block('modal_author')}</div>`,
    );
    expect(kindsAndHandles(doc)).toEqual([
      ['post-author', 'modal_author'],
      ['post-author', 'replier'],
    ]);
  });

  it('ignores Jetway’s own badge and Hand off hosts', () => {
    const doc = loadFixture('x/x-timeline-cell-2025-10.html', HOME);
    const host = doc.createElement('span');
    host.setAttribute('data-jetway-badge', 'u_077e336a22');
    host.innerHTML = '<a href="/jetway_inner"><span>@jetway_inner</span></a><div dir="ltr">Gold</div>';
    xAdapter.findSightings(doc)[0]!.anchor.after(host);
    expect(kindsAndHandles(doc)).toEqual([['post-author', 'u_077e336a22']]);
    expect(xAdapter.findSightings(doc)[0]!.anchor.contains(host)).toBe(false);
  });
});

describe('X adapter: transcripts', () => {
  it('carries author, text, ISO time and absolute permalink', () => {
    const doc = loadFixture('x/x-timeline-cell-2025-10.html', HOME);
    const post = xAdapter.findPosts(doc)[0]!;
    const [entry, ...rest] = xAdapter.transcriptFor(post);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      author: expect.stringMatching(/^.+ \(@u_077e336a22\)$/),
      postedAt: '2025-10-23T16:34:09.000Z',
      url: 'https://x.com/u_077e336a22/status/1820613836185422804',
    });
    expect(entry!.text).toBe(doc.querySelector(X.postText)!.textContent!.replace(/\s+/g, ' ').trim());
    expect(xAdapter.permalinkOf!(post)).toBe(entry!.url);
  });

  it('puts the quoted post first (it is older), with its own author, text and time', () => {
    const doc = loadFixture('x/x-quote-cell-2025-10.html', HOME);
    const [quoted, own] = xAdapter.transcriptFor(xAdapter.findPosts(doc)[0]!);
    expect(quoted).toMatchObject({ author: expect.stringContaining('(@u_2b92606ce3)'), postedAt: '2025-10-28T11:10:33.000Z', url: null });
    expect(own).toMatchObject({ author: expect.stringContaining('(@u_f481dc1aee)'), postedAt: '2025-10-28T11:13:47.000Z' });
    expect(own!.url).toMatch(/^https:\/\/x\.com\/u_f481dc1aee\/status\/\d+$/);
    expect(quoted!.text).not.toBe(own!.text);
  });

  it('carries the visible conversation on a status page, in page order, and keeps the post’s own permalink apart', () => {
    const doc = loadFixture('x/x-folders/x-status-long.html', 'https://x.com/u_87beb19d3d/status/1119127205077350996');
    const posts = xAdapter.findPosts(doc);
    const transcript = xAdapter.transcriptFor(posts[2]!);
    expect(transcript.map((entry) => entry.author.replace(/^.* \(/, '('))).toEqual(['(@u_87beb19d3d)', '(@u_6e8f7da0a9)', '(@u_eed15d1049)', '(@u_eada32aaa7)']);
    expect(xAdapter.permalinkOf!(posts[2]!)).toBe('https://x.com/u_eed15d1049/status/1168666823071326527');
    expect(xAdapter.authorOf(posts[2]!)).toEqual({ network: 'x', handle: 'u_eed15d1049' });
  });

  it('keeps a post alone on a timeline', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    const posts = xAdapter.findPosts(doc);
    expect(xAdapter.transcriptFor(posts[1]!)).toHaveLength(1);
  });

  it('caps a long conversation at 50 entries of at most 4,000 characters, keeping the post', () => {
    const cells = Array.from({ length: 70 }, (_, i) => postHtml(`person_${i}`, String(1_900_000_000_000_000_000n + BigInt(i)))).join('');
    const doc = fromHtml(`<main>${cells}</main>`, 'https://x.com/person_0/status/1900000000000000000');
    for (const text of doc.querySelectorAll('.text')) text.textContent = 'delayed '.repeat(1_000);
    const posts = xAdapter.findPosts(doc);
    const transcript = xAdapter.transcriptFor(posts[65]!);
    expect(transcript).toHaveLength(50);
    expect(transcript.every((entry) => entry.text.length <= 4_000)).toBe(true);
    expect(transcript.map((entry) => entry.author)).toContain('@person_65');
    // 40 entries lead up to the post where there are more after it; the window shifts to fit the end.
    expect(transcript[0]!.author).toBe('@person_20');
    expect(transcript.at(-1)!.author).toBe('@person_69');
  });

  it('resolves permalinks against twitter.com when the page is there', () => {
    const doc = loadFixture('x/x-timeline-cell-2025-10.html', 'https://twitter.com/home');
    expect(xAdapter.permalinkOf!(xAdapter.findPosts(doc)[0]!)).toBe('https://twitter.com/u_077e336a22/status/1820613836185422804');
  });
});

describe('X adapter: security and site health', () => {
  it.each([
    ['another host', 'https://evil.example/someone/status/1900000000000000001', HOME],
    ['a look-alike host', 'https://x.com.evil.example/someone/status/1900000000000000001', HOME],
    ['user info before another host', 'https://x.com@evil.example/someone/status/1900000000000000001', HOME],
    ['a data: page', 'data:text/html,/someone/status/1900000000000000001', HOME],
    ['a javascript: link', 'javascript:alert(1)//x.com/someone/status/1900000000000000001', HOME],
    ['a relative link on a page served over http', '/someone/status/1900000000000000001', 'http://x.com/home'],
  ])('security: a time link to %s gives no permalink and no transcript address', (_name, href, pageUrl) => {
    const doc = fromHtml(postHtml('someone', '1900000000000000001'), pageUrl);
    doc.querySelector('time')!.closest('a')!.setAttribute('href', href);
    const post = xAdapter.findPosts(doc)[0]!;
    expect(xAdapter.permalinkOf!(post)).toBeNull();
    expect(xAdapter.transcriptFor(post).map((entry) => entry.url)).toEqual([null]);
  });

  it('security: hostile display names (markup as text, RTL override, 10 kB) and post text are read as text, and nothing runs', () => {
    const doc = fromHtml(postHtml('Real_Handle', '1900000000000000001'));
    const hostileName = `<img src=x onerror="globalThis.pwned=1">\u202Eevil @someone_else ${'A'.repeat(10_000)}`;
    doc.querySelector('.name')!.textContent = hostileName;
    doc.querySelector('.text')!.textContent = '<script>globalThis.pwned=1</script>';
    const [sighting, ...rest] = xAdapter.findSightings(doc);
    expect(rest).toEqual([]);
    expect(sighting!.identity).toEqual({ network: 'x', handle: 'real_handle' });
    const [entry] = xAdapter.transcriptFor(xAdapter.findPosts(doc)[0]!);
    expect(entry!.text).toBe('<script>globalThis.pwned=1</script>');
    expect(entry!.author.length).toBeLessThanOrEqual(200);
    expect(entry!.author.endsWith('(@real_handle)')).toBe(true);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(doc.querySelector('img, script')).toBeNull();
  });

  it('security: a display name that looks like a handle does not change the author', () => {
    const doc = fromHtml(postHtml('real_handle', '1900000000000000001'));
    doc.querySelector('.name')!.textContent = '@impostor';
    expect(kindsAndHandles(doc)).toEqual([['post-author', 'real_handle']]);
  });

  it('reports posts whose author cannot be read when the author block is gone (X changed its layout)', () => {
    const doc = loadFixture('x/x-folders/x-home.html', HOME);
    for (const block of doc.querySelectorAll(X.userName)) block.remove();
    expect(xAdapter.health(doc)).toEqual({ posts: 10, postsWithHandle: 0 });
    expect(xAdapter.findSightings(doc)).toEqual([]);
    expect(xAdapter.authorOf(xAdapter.findPosts(doc)[0]!)).toBeNull();
  });

  it('reports nothing to read, not a failure, on a page without posts', () => {
    expect(xAdapter.health(fromHtml('<main></main>'))).toEqual({ posts: 0, postsWithHandle: 0 });
  });
});

describe('X adapter: built pages for what no capture covers', () => {
  it.each([
    ['x/built/user-cells.html', 'https://x.com/jetway/followers', 'user-cell', ['cell_gold', 'cell_stranger']],
    ['x/built/profile-header.html', 'https://x.com/profile_diamond', 'profile-header', ['profile_diamond']],
    ['x/built/notifications.html', 'https://x.com/notifications', 'notification', ['notif_silver', 'notif_other']],
    ['x/built/notifications.html', 'https://x.com/notifications', 'post-author', ['notif_mention']],
    ['x/built/dm.html', 'https://x.com/messages/1', 'dm-list', ['dm_platinum']],
    ['x/built/dm.html', 'https://x.com/messages/1', 'dm-header', ['dm_platinum']],
    ['x/built/hover-card.html', HOME, 'hover-card', ['hover_concierge']],
  ])('%s: %s sightings in page order', (path, url, kind, handles) => {
    const found = xAdapter.findSightings(loadFixture(path, url)).filter((s) => s.kind === kind);
    expect(found.map((s) => s.identity.handle)).toEqual(handles);
  });

  it('puts user-cell and header badges after the display name', () => {
    for (const [path, url] of [
      ['x/built/user-cells.html', 'https://x.com/jetway/followers'],
      ['x/built/profile-header.html', 'https://x.com/profile_diamond'],
      ['x/built/hover-card.html', HOME],
      ['x/built/dm.html', 'https://x.com/messages/1'],
    ] as const) {
      for (const sighting of xAdapter.findSightings(loadFixture(path, url))) {
        expect(sighting.anchor.getAttribute('dir')).toBe('ltr');
        expect(sighting.anchor.textContent!.trim()).not.toMatch(/^@|^$/);
      }
    }
  });

  it('finds the hover card inside #layers', () => {
    const doc = loadFixture('x/built/hover-card.html', HOME);
    const [sighting] = xAdapter.findSightings(doc.querySelector('#layers')!);
    expect(sighting!.anchor.closest('#layers')).not.toBeNull();
  });
});
