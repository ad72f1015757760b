import { describe, expect, it } from 'vitest';
import { createWriteIds } from '@/utils/writes';

describe('write ids made at the click', () => {
  const clock = () => {
    let at = 1_000;
    return { now: () => at, pass: (ms: number) => (at += ms) };
  };

  it('a second click while the first is still being sent or checked is the same write, however long that takes', () => {
    const time = clock();
    const ids = createWriteIds(6_000, time.now);
    const first = ids.idFor('handoff post-1 baggage');
    // The worker restarted: the page says "Checking…" for far longer than the window.
    time.pass(60_000);
    expect(ids.idFor('handoff post-1 baggage')).toBe(first);
    time.pass(60_000);
    ids.keep('handoff post-1 baggage');
    time.pass(5_999);
    expect(ids.idFor('handoff post-1 baggage')).toBe(first);
  });

  it('the window starts at the final message; after it, the same click is a new write', () => {
    const time = clock();
    const ids = createWriteIds(6_000, time.now);
    const first = ids.idFor('note case-1 text');
    ids.keep('note case-1 text');
    time.pass(6_000);
    const second = ids.idFor('note case-1 text');
    expect(second).not.toBe(first);
  });

  it('other posts, teams or texts are other writes; an undone write is forgotten', () => {
    const time = clock();
    const ids = createWriteIds(6_000, time.now);
    const toBaggage = ids.idFor('handoff post-1 baggage');
    expect(ids.idFor('handoff post-1 refunds')).not.toBe(toBaggage);
    expect(ids.idFor('handoff post-2 baggage')).not.toBe(toBaggage);
    ids.keep('handoff post-1 baggage');
    ids.forget('handoff post-1 baggage');
    expect(ids.idFor('handoff post-1 baggage')).not.toBe(toBaggage);
  });

  it('ids of writes long settled are let go, ids under way are not', () => {
    const time = clock();
    const ids = createWriteIds(6_000, time.now);
    const settled = ids.idFor('a');
    ids.keep('a');
    const underWay = ids.idFor('b');
    time.pass(10_000);
    ids.idFor('c');
    expect(ids.idFor('b')).toBe(underWay);
    expect(ids.idFor('a')).not.toBe(settled);
  });
});
