// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { BADGE_ATTRIBUTE } from '@/utils/overlay/badge';
import { createScanner, topmostConnected } from '@/utils/overlay/scanner';

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 80));

function cell(text: string): HTMLElement {
  const div = document.createElement('div');
  const inner = document.createElement('p');
  inner.textContent = text;
  div.append(inner);
  return div;
}

async function started() {
  document.body.replaceChildren();
  const ctx = new ContentScriptContext('scanner-test');
  const scanner = createScanner(ctx, document);
  const seen: Element[][] = [];
  scanner.onAdded((roots) => seen.push(roots));
  await nextFrame(); // the first full scan
  seen.length = 0;
  return { ctx, scanner, seen };
}

describe('createScanner', () => {
  it('hands what one task added to the features at the end of that task, topmost nodes only', async () => {
    const { ctx, seen } = await started();
    const first = cell('one');
    const second = cell('two');
    document.body.append(first, second);
    first.append(cell('nested, scanned with its parent'));
    await Promise.resolve();
    expect(seen).toEqual([[first, second]]);
    ctx.abort();
  });

  it('never hands Jetway its own nodes, nor nodes that left before the task ended', async () => {
    const { ctx, seen } = await started();
    const badge = document.createElement('span');
    badge.setAttribute(BADGE_ATTRIBUTE, 'someone');
    const layer = document.createElement('div');
    layer.setAttribute('data-jetway-layer', '');
    const gone = cell('gone');
    document.body.append(badge, layer, gone);
    gone.remove();
    await Promise.resolve();
    expect(seen).toEqual([]);
    ctx.abort();
  });

  it('does not hand back what a feature inserts while it handles a batch, and keeps what the page adds next', async () => {
    const { ctx, scanner, seen } = await started();
    let inserted: HTMLElement | null = null;
    scanner.onAdded((roots) => {
      if (inserted) return;
      inserted = cell('inserted by a feature, unmarked');
      roots[0]!.after(inserted);
    });
    const post = cell('post');
    document.body.append(post);
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual([[post]]);
    const next = cell('the page’s next post');
    document.body.append(next);
    await Promise.resolve();
    expect(seen).toEqual([[post], [next]]);
    ctx.abort();
  });

  it('scans the whole page again in the next frame when asked', async () => {
    const { ctx, scanner, seen } = await started();
    scanner.rescan();
    expect(seen).toEqual([]);
    await nextFrame();
    expect(seen).toEqual([[document.body]]);
    ctx.abort();
  });

  it('stops when the content script is invalidated, a pending rescan included', async () => {
    const { ctx, scanner, seen } = await started();
    scanner.rescan();
    ctx.abort();
    document.body.append(cell('after the script stopped'));
    await nextFrame();
    expect(seen).toEqual([]);
  });

  it('does not ask the extension runtime or register a listener per batch on the hot path', async () => {
    const { ctx, seen } = await started();
    const onInvalidated = vi.spyOn(ctx, 'onInvalidated');
    const isInvalid = vi.spyOn(ctx, 'isInvalid', 'get');
    document.body.append(cell('oldest'));
    await Promise.resolve();
    seen.length = 0;
    // A virtualised feed: each batch adds a post and drops the oldest.
    for (let i = 0; i < 20; i++) {
      document.body.append(cell(`batch ${i}`));
      document.body.firstElementChild!.remove();
      await Promise.resolve();
    }
    await nextFrame();
    expect(seen).toHaveLength(20);
    expect(onInvalidated).not.toHaveBeenCalled();
    expect(isInvalid).not.toHaveBeenCalled();
    ctx.abort();
  });
});

describe('topmostConnected', () => {
  it('keeps the topmost connected nodes, in order, however their ancestors are shared', () => {
    document.body.replaceChildren();
    const list = document.createElement('section');
    const cells = [cell('a'), cell('b'), cell('c')];
    list.append(...cells);
    const other = cell('elsewhere');
    document.body.append(list, other);
    const nestedInB = cells[1]!.firstElementChild!;
    const deepInOther = document.createElement('em');
    other.firstElementChild!.append(deepInOther);
    const gone = cell('removed');
    // Siblings share every ancestor's verdict; nested nodes are covered by a pending one
    // found either directly or through an ancestor walked for an earlier node.
    const pending = new Set<Element>([cells[0]!, nestedInB, cells[1]!, cells[2]!, gone, deepInOther, other]);
    expect(topmostConnected(pending)).toEqual([cells[0], cells[1], cells[2], other]);
    // The same nodes with the list itself pending: the cells are now inside it.
    expect(topmostConnected(new Set<Element>([...cells, list, nestedInB]))).toEqual([list]);
    // Siblings alone (a feed's usual batch): the connected ones, in order.
    cells[1]!.remove();
    expect(topmostConnected(new Set<Element>(cells))).toEqual([cells[0], cells[2]]);
    expect(topmostConnected(new Set<Element>([cells[2]!, cells[0]!]))).toEqual([cells[2], cells[0]]);
  });
});
