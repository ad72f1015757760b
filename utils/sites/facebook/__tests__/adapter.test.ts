import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';
import { FB } from '@/utils/sites/facebook/selectors';
import { fromHtml, loadFixture } from '@/utils/sites/__tests__/load-fixture';

const CAPTURE = ['facebook/facebook-post-comments-2025-06.html', 'https://www.facebook.com/fb.user.551c8538/posts/1'] as const;
const PAGE_POST = ['facebook/built/page-post-comments.html', 'https://www.facebook.com/jetway.airline/posts/1'] as const;
const TIMELINE = ['facebook/built/page-timeline-visitor-post.html', 'https://www.facebook.com/jetway.airline'] as const;
const INBOX = ['facebook/built/business-suite-inbox.html', 'https://business.facebook.com/latest/inbox/all?asset_id=1'] as const;

function kindsAndHandles(root: ParentNode) {
  return facebookAdapter.findSightings(root).map((s) => [s.kind, s.identity.handle]);
}

function authorsOf(transcript: Array<{ author: string }>) {
  return transcript.map((entry) => entry.author.replace(/^.* \(/, '(').replace(/^([^(].*)$/, '($1)'));
}

describe('Facebook adapter: the saved real post', () => {
  it('reads commenters from their profile links, not from people they mention', () => {
    const doc = loadFixture(...CAPTURE);
    // Every comment in the capture mentions someone by a profile link in its text.
    const mentioned = 'fb.user.c50e8acd';
    expect(doc.querySelectorAll(`a[href="https://www.facebook.com/${mentioned}"]`)).toHaveLength(10);
    expect(facebookAdapter.findSightings(doc).some((s) => s.identity.handle === mentioned)).toBe(false);
  });

  it('takes the comment’s visible name link as the anchor, not the avatar link with the same href', () => {
    const doc = loadFixture(...CAPTURE);
    for (const sighting of facebookAdapter.findSightings(doc).filter((s) => s.kind === 'comment-author')) {
      const avatar = sighting.post!.querySelector('a[aria-hidden="true"]')!;
      expect(avatar.getAttribute('href')).toBe(sighting.anchor.getAttribute('href'));
      expect(sighting.anchor).not.toBe(avatar);
    }
  });

  it('gives a comment its own permalink (the post with the comment id), text and no guessed time', () => {
    const doc = loadFixture(...CAPTURE);
    const [post, comment] = facebookAdapter.findPosts(doc);
    const transcript = facebookAdapter.transcriptFor(comment!);
    expect(transcript[0]!.url).toBe(facebookAdapter.permalinkOf!(post!));
    expect(transcript[0]!.url).toMatch(/^https:\/\/www\.facebook\.com\/fb\.user\.551c8538\/posts\/pfbid0[A-Za-z0-9]+$/);
    expect(transcript[1]!.url).toMatch(/^https:\/\/www\.facebook\.com\/fb\.user\.551c8538\/posts\/pfbid0[A-Za-z0-9]+\?comment_id=\d+$/);
    expect(transcript[1]!.text.length).toBeGreaterThan(50);
    expect(transcript.every((entry) => entry.postedAt === null)).toBe(true);
  });
});

describe('Facebook adapter: Page posts, comments and replies', () => {
  it('carries the post, the parent comment and its replies in a nested reply’s transcript', () => {
    const doc = loadFixture(...PAGE_POST);
    const reply = doc.querySelector('[data-testid="reply-a1"]')!;
    const transcript = facebookAdapter.transcriptFor(reply);
    expect(transcript.map((entry) => entry.author)).toEqual([
      'Jetway Airline (jetway.airline)',
      'Numeric Member (100000000000101)',
      'Vanity Member (anna.lindqvist.9)',
    ]);
    expect(transcript[1]!.text).toBe('My bag did not arrive in ARN, three days now.');
    expect(transcript[2]!.url).toBe('https://www.facebook.com/jetway.airline/posts/pfbid0abc?comment_id=111&reply_comment_id=112');
    expect(facebookAdapter.authorOf(reply)).toEqual({ network: 'facebook', handle: 'anna.lindqvist.9' });
    expect(facebookAdapter.permalinkOf!(reply)).toBe(transcript[2]!.url);
  });

  it('carries the parent comment when replies sit in the div after their comment (as on the live site)', () => {
    const doc = loadFixture(...TIMELINE);
    const articles = facebookAdapter.findPosts(doc);
    const visitorReply = articles.find((a) => facebookAdapter.authorOf(a)?.handle === '100000000000404' && a !== articles[0])!;
    const transcript = facebookAdapter.transcriptFor(visitorReply);
    expect(authorsOf(transcript)).toEqual(['(100000000000404)', '(frequent.flyer.sam)', '(jetway.airline)', '(100000000000404)']);
    expect(transcript[1]!.text).toBe('Same here, stuck at the gate since noon.');
    // A mention inside the reply stays text; the name of a mentioned person is part of the message.
    expect(transcript[3]!.text).toBe('Done. Sam Flyer you should write to them too.');
    expect(transcript[3]!.url).toBe('https://www.facebook.com/permalink.php?story_fbid=pfbid0VisitorPost1&id=100000000000404&comment_id=201&reply_comment_id=203');
    expect(transcript.some((entry) => entry.author.includes('100000000000505'))).toBe(false);
  });

  it('names the visitor, not the Page, as the author of a visitor post, and strips tracking from its permalink', () => {
    const doc = loadFixture(...TIMELINE);
    const [visitorPost] = facebookAdapter.findPosts(doc);
    expect(facebookAdapter.authorOf(visitorPost!)).toEqual({ network: 'facebook', handle: '100000000000404' });
    const [entry] = facebookAdapter.transcriptFor(visitorPost!);
    expect(entry).toMatchObject({
      author: 'Visitor Customer (100000000000404)',
      text: 'Flight JW 212 from ARN was cancelled and nobody answers the phone.',
      url: 'https://www.facebook.com/permalink.php?story_fbid=pfbid0VisitorPost1&id=100000000000404',
      postedAt: null,
    });
    // A post's transcript is the post and the comments under it.
    expect(facebookAdapter.transcriptFor(visitorPost!)).toHaveLength(5);
  });

  it('badges a reply Facebook adds after "View more replies", with its thread', () => {
    const doc = loadFixture(...PAGE_POST);
    const more = doc.querySelector('[data-testid="more-replies"]')!;
    const reply = doc.createElement('div');
    reply.setAttribute('role', 'article');
    const link = doc.createElement('a');
    link.href = 'https://www.facebook.com/late.replier.5?comment_id=114&__cft__[0]=AZ';
    link.textContent = 'Late Replier';
    const text = doc.createElement('div');
    text.textContent = 'Mine arrived yesterday, check the desk.';
    reply.append(link, text);
    more.replaceWith(reply);
    expect(kindsAndHandles(reply)).toEqual([['comment-author', 'late.replier.5']]);
    expect(authorsOf(facebookAdapter.transcriptFor(reply))).toEqual(['(jetway.airline)', '(100000000000101)', '(anna.lindqvist.9)', '(late.replier.5)']);
  });
});

describe('Facebook adapter: Meta Business Suite inbox', () => {
  it('reads the conversation list and the thread header from profile links only', () => {
    const doc = loadFixture(...INBOX);
    expect(kindsAndHandles(doc)).toEqual([
      ['inbox-list', '100000000000606'],
      ['inbox-list', 'inbox.vanity.7'],
      ['inbox-header', '100000000000606'],
    ]);
    const [row, , header] = facebookAdapter.findSightings(doc);
    // The row's profile link is its avatar: the badge follows the name instead.
    expect(row!.anchor.textContent).toBe('Inbox Customer');
    expect(row!.post).toBeNull();
    // The header's badge belongs to the open conversation, so its card links the thread.
    expect(header!.post).toBe(facebookAdapter.findPosts(doc)[0]);
  });

  it('hands off the open conversation: Hand off in its header, the messages as the transcript', () => {
    const doc = loadFixture(INBOX[0], 'https://business.facebook.com/latest/inbox/all?asset_id=1&selected_item_id=77&nav_ref=x#top');
    const [thread, ...others] = facebookAdapter.findPosts(doc);
    expect(others).toEqual([]);
    expect(thread!.getAttribute('role')).toBe('region');
    expect(facebookAdapter.authorOf(thread!)).toEqual({ network: 'facebook', handle: '100000000000606' });
    expect(facebookAdapter.actionSlotOf!(thread!)).toBe(doc.querySelector('[role="region"] [role="heading"]')!.parentElement);
    const url = 'https://business.facebook.com/latest/inbox/all?asset_id=1&selected_item_id=77';
    expect(facebookAdapter.permalinkOf!(thread!)).toBe(url);
    expect(facebookAdapter.transcriptFor(thread!)).toEqual([
      { author: 'Inbox Customer (100000000000606)', text: 'Where is my refund for JW 118?', postedAt: '2026-11-24T08:12:00.000Z', url },
      { author: 'Inbox Customer (100000000000606)', text: 'I paid for a seat I never got, booking JWX7Q2.', postedAt: '2026-11-24T08:13:00.000Z', url },
      { author: 'Jetway Airline', text: 'Hi, we are looking into it now.', postedAt: '2026-11-24T08:20:00.000Z', url },
      { author: 'Inbox Customer (100000000000606)', text: 'Thank you. It has been two weeks.', postedAt: null, url },
    ]);
  });

  it('keeps the latest 50 messages of a long conversation, and messages arriving later', () => {
    const doc = loadFixture(...INBOX);
    const log = doc.querySelector('[role="log"]')!;
    for (let i = 0; i < 60; i++) {
      const row = doc.createElement('div');
      row.setAttribute('role', 'row');
      const text = doc.createElement('div');
      text.textContent = `Message ${i}`;
      row.append(text);
      log.append(row);
    }
    const transcript = facebookAdapter.transcriptFor(facebookAdapter.findPosts(doc)[0]!);
    expect(transcript).toHaveLength(50);
    expect(transcript.at(-1)!.text).toBe('Message 59');
    expect(transcript[0]!.text).toBe('Message 10');
  });

  it('has no conversation to hand off when the header names nobody, and counts it for site health', () => {
    const doc = loadFixture(...INBOX);
    doc.querySelector('[role="region"] [role="heading"] a')!.setAttribute('href', 'https://www.instagram.com/someone');
    const [thread] = facebookAdapter.findPosts(doc);
    expect(facebookAdapter.authorOf(thread!)).toBeNull();
    expect(facebookAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 0 });
  });

  it('reads inbox structures only on inbox pages', () => {
    const doc = loadFixture(INBOX[0], 'https://www.facebook.com/jetway.airline');
    expect(facebookAdapter.findSightings(doc)).toEqual([]);
    const onFacebook = loadFixture(INBOX[0], 'https://www.facebook.com/latest/inbox/all');
    expect(facebookAdapter.findSightings(onFacebook)).toHaveLength(3);
  });
});

describe('Facebook adapter: security and site health', () => {
  it('security: hostile names (markup as text, RTL override, 10 kB) stay text; identity comes from the link only', () => {
    const doc = fromHtml(
      '<div role="article"><div data-ad-rendering-role="profile_name"><a href="https://www.facebook.com/real.person.1?__cft__[0]=x"><span class="name"></span></a></div><div data-ad-rendering-role="story_message"><div dir="auto" class="text"></div></div></div>',
      'https://www.facebook.com/real.person.1/posts/1',
    );
    doc.querySelector('.name')!.textContent = `<img src=x onerror="globalThis.pwned=1">\u202Eevil.person.9 ${'A'.repeat(10_000)}`;
    doc.querySelector('.text')!.textContent = '<script>globalThis.pwned=1</script>';
    expect(kindsAndHandles(doc)).toEqual([['post-author', 'real.person.1']]);
    const [entry] = facebookAdapter.transcriptFor(facebookAdapter.findPosts(doc)[0]!);
    expect(entry!.text).toBe('<script>globalThis.pwned=1</script>');
    expect(entry!.author.length).toBeLessThanOrEqual(200);
    expect(entry!.author.endsWith('(real.person.1)')).toBe(true);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(doc.querySelector('img, script')).toBeNull();
  });

  it.each([
    ['a Facebook host the extension does not run on', 'https://m.facebook.com/real.person.1/posts/pfbid0abc'],
    ['a look-alike host', 'https://www.facebook.com.evil.example/real.person.1/posts/pfbid0abc'],
    ['user info before another host', 'https://www.facebook.com@evil.example/real.person.1/posts/pfbid0abc'],
    ['plain http', 'http://www.facebook.com/real.person.1/posts/pfbid0abc'],
    ['a data: page', 'data:text/html,/posts/pfbid0abc'],
  ])('security: a post link to %s gives no permalink and no transcript address', (_name, href) => {
    const doc = fromHtml(
      `<div role="article"><div data-ad-rendering-role="profile_name"><a href="https://www.facebook.com/real.person.1"><span>Real Person</span></a></div><a class="when" href="">2 h</a><div data-ad-rendering-role="story_message"><div dir="auto">My bag is lost</div></div></div>`,
      'https://www.facebook.com/jetway.airline',
    );
    const post = facebookAdapter.findPosts(doc)[0]!;
    const link = doc.querySelector('a.when')!;
    link.setAttribute('href', 'https://www.facebook.com/real.person.1/posts/pfbid0abc');
    expect(facebookAdapter.permalinkOf!(post)).toBe('https://www.facebook.com/real.person.1/posts/pfbid0abc');
    link.setAttribute('href', href);
    expect(facebookAdapter.permalinkOf!(post)).toBeNull();
    expect(facebookAdapter.transcriptFor(post).map((entry) => entry.url)).toEqual([null]);
  });

  it('security: an inbox conversation opened off the supported hosts gives no address', () => {
    const doc = loadFixture('facebook/built/business-suite-inbox.html', 'https://business.facebook.com.evil.example/latest/inbox/all?asset_id=1');
    const threads = facebookAdapter.findPosts(doc);
    expect(threads.length).toBeGreaterThan(0);
    for (const thread of threads) {
      expect(facebookAdapter.permalinkOf!(thread)).toBeNull();
      expect(facebookAdapter.transcriptFor(thread).every((entry) => entry.url === null)).toBe(true);
    }
  });

  it('security: an article without a profile link is reported, never guessed from its name', () => {
    const doc = fromHtml(
      '<div role="article"><div data-ad-rendering-role="profile_name"><a href="https://www.facebook.com/groups/1"><span>Anna Lindqvist</span></a></div><div dir="auto">text</div></div>',
      'https://www.facebook.com/groups/1',
    );
    expect(facebookAdapter.findSightings(doc)).toEqual([]);
    expect(facebookAdapter.health(doc)).toEqual({ posts: 1, postsWithHandle: 0 });
  });

  it('reports posts without readable authors when the name block is gone (Facebook changed its layout)', () => {
    const doc = loadFixture(...CAPTURE);
    for (const block of doc.querySelectorAll(FB.profileName)) block.remove();
    expect(facebookAdapter.health(doc)).toEqual({ posts: 11, postsWithHandle: 10 });
  });

  it('ignores Jetway’s own hosts inside comments', () => {
    const doc = loadFixture(...PAGE_POST);
    const comment = doc.querySelector('[data-testid="comment-b"]')!;
    const permalink = facebookAdapter.permalinkOf!(comment);
    const host = doc.createElement('span');
    host.setAttribute('data-jetway-action', 'handoff');
    host.innerHTML = '<a href="https://www.facebook.com/intruder.person">Intruder</a><a href="https://www.facebook.com/intruder.person/posts/9?comment_id=9">1 h</a>';
    comment.prepend(host);
    expect(facebookAdapter.authorOf(comment)).toEqual({ network: 'facebook', handle: 'not.a.member.77' });
    expect(permalink).toContain('comment_id=');
    expect(facebookAdapter.permalinkOf!(comment)).toBe(permalink);
    // The same in a post's name block, where the host comes before the author's own link.
    const post = doc.querySelector(FB.article)!;
    const author = facebookAdapter.authorOf(post);
    const badge = doc.createElement('span');
    badge.setAttribute('data-jetway-badge', 'intruder.person');
    badge.innerHTML = '<a href="/intruder.person">Intruder</a>';
    post.querySelector(FB.profileName)!.prepend(badge);
    expect(author).not.toBeNull();
    expect(facebookAdapter.authorOf(post)).toEqual(author);
    expect(facebookAdapter.findSightings(doc).map((s) => s.identity.handle)).not.toContain('intruder.person');
  });
});
