import { describe, expect, it } from 'vitest';
import { xAdapter } from '@/utils/sites/x/adapter';
import { X } from '@/utils/sites/x/selectors';
import { fromHtml, loadFixture } from '@/utils/sites/__tests__/load-fixture';

const STATUS = 'https://x.com/art_author/status/1900000000000000100';

/** The three Article layouts the built pages show (sources in docs/sites.md). */
const LAYOUTS = [
  ['the Article as its own post (2026-03)', 'x/built/x-article-status.html', STATUS],
  ['the Article inside the post that names its author (2026-01)', 'x/built/x-article-status-in-post.html', STATUS],
  ['the Article’s own page', 'x/built/x-article-page.html', 'https://x.com/art_author/article/1900000000000000100'],
] as const;

/** The post that is the Article: the one holding the read view, or the read view itself. */
function articlePost(doc: Document): Element {
  const readView = doc.querySelector(X.articleReadView)!;
  return xAdapter.postAt(readView.querySelector(X.articleTitle)!)!;
}

/** The innermost span showing `text` (an Article's paragraph or a post's text). */
function paragraph(doc: Document, text: string): Element {
  return [...doc.querySelectorAll('span')].find((span) => span.childElementCount === 0 && span.textContent?.includes(text))!;
}

describe('X Articles: the author, the embedded posts and the replies', () => {
  it.each(LAYOUTS)('%s: the Article is one post, by its author, badged once after the display name', (_layout, fixture, url) => {
    const doc = loadFixture(fixture, url);
    const article = articlePost(doc);
    expect(xAdapter.authorOf(article)).toEqual({ network: 'x', handle: 'art_author' });
    const own = xAdapter.findSightings(doc).filter((sighting) => sighting.post === article);
    expect(own.map((sighting) => [sighting.kind, sighting.identity.handle])).toEqual([['post-author', 'art_author']]);
    expect(own[0]!.anchor.textContent).toBe('Article Author');
    // The header, not the author card after the body: the badge sits by the title.
    expect(own[0]!.anchor.closest(X.articleAuthorCard)).toBeNull();
  });

  it.each(LAYOUTS)('%s: a post embedded in the body is a post of its own; the body’s text is the Article’s', (_layout, fixture, url) => {
    const doc = loadFixture(fixture, url);
    const article = articlePost(doc);
    const embedded = xAdapter.postAt(paragraph(doc, 'The old lounge was full'))!;
    expect(embedded).not.toBe(article);
    expect(article.contains(embedded)).toBe(true);
    expect(xAdapter.authorOf(embedded)).toEqual({ network: 'x', handle: 'art_embedded' });
    expect(xAdapter.postAt(paragraph(doc, 'See you at the gate'))).toBe(article);
    expect(xAdapter.findPosts(doc)).toEqual(expect.arrayContaining([article, embedded]));
  });

  it.each(LAYOUTS)('%s: a handle the body mentions, or the author’s bio links, is not an author', (_layout, fixture, url) => {
    const handles = xAdapter.findSightings(loadFixture(fixture, url)).map((sighting) => sighting.identity.handle);
    expect(handles).not.toContain('art_mentioned');
    expect(handles).not.toContain('art_bio_link');
  });

  it.each(LAYOUTS)('%s: Hand off goes in the Article’s own action bar, and its permalink is its status', (_layout, fixture, url) => {
    const doc = loadFixture(fixture, url);
    const article = articlePost(doc);
    const slot = xAdapter.actionSlotOf!(article)!;
    expect(slot.querySelector('a[href="/art_author/status/1900000000000000100/analytics"]')).not.toBeNull();
    expect(xAdapter.permalinkOf!(article)).toBe(STATUS);
  });

  it.each(LAYOUTS)('%s: read cell by cell, as X adds them, every author is found', (_layout, fixture, url) => {
    const doc = loadFixture(fixture, url);
    const units = doc.querySelectorAll(X.cell).length > 0 ? [...doc.querySelectorAll(X.cell)] : [articlePost(doc)];
    const handles = units.flatMap((unit) => xAdapter.findSightings(unit).map((sighting) => sighting.identity.handle));
    expect(new Set(handles)).toEqual(new Set(xAdapter.findSightings(doc).map((sighting) => sighting.identity.handle)));
    expect(handles).toContain('art_author');
  });

  it('a batch of cells whose Article is not the first is read in full', () => {
    const doc = loadFixture('x/built/x-article-status.html', STATUS);
    const cells = [...doc.querySelectorAll(X.cell)];
    const batch = doc.createElement('div');
    batch.append(cells.at(-1)!, cells[0]!);
    expect(xAdapter.findSightings(batch).map((sighting) => sighting.identity.handle)).toEqual(['art_replier3', 'art_author', 'art_embedded', 'art_quoted']);
    expect(xAdapter.health(batch)).toEqual({ posts: 3, postsWithHandle: 3 });
  });

  it('a status page’s transcript carries the Article (title and body, not the embedded post), the embedded post and the replies', () => {
    const doc = loadFixture('x/built/x-article-status.html', STATUS);
    const transcript = xAdapter.transcriptFor(articlePost(doc));
    expect(transcript.map((entry) => entry.author)).toEqual([
      'Article Author (@art_author)',
      'Quoted Person (@art_quoted)',
      'Embedded Person (@art_embedded)',
      'First Replier (@art_replier1)',
      'Second Replier (@art_replier2)',
      'Airline Care (@airline_care)',
      'Third Replier (@art_replier3)',
    ]);
    const [article] = transcript;
    expect(article!.text.startsWith('A new lounge for every tier — Our new lounge at the hub')).toBe(true);
    expect(article!.text).toContain('See you at the gate.');
    expect(article!.text).not.toContain('The old lounge was full');
    expect(article!.postedAt).toBe('2026-03-15T15:07:14.000Z');
    expect(article!.url).toBe(STATUS);
  });

  it('an Article shown without its header is read from the author card after its body', () => {
    const doc = loadFixture('x/built/x-article-status.html', STATUS);
    doc.querySelector(X.articleAuthor)!.remove();
    const article = articlePost(doc);
    expect(xAdapter.authorOf(article)).toEqual({ network: 'x', handle: 'art_author' });
    const own = xAdapter.findSightings(doc).filter((sighting) => sighting.post === article);
    expect(own.map((sighting) => sighting.identity.handle)).toEqual(['art_author']);
    expect(own[0]!.anchor.closest(X.articleAuthorCard)).not.toBeNull();
  });

  it('a people list outside an Article is still a people list', () => {
    const doc = fromHtml(loadFixture('x/built/user-cells.html', 'https://x.com/jetway/followers').documentElement.outerHTML, 'https://x.com/jetway/followers');
    expect(xAdapter.findSightings(doc).map((sighting) => sighting.kind)).toEqual(['user-cell', 'user-cell']);
  });
});
