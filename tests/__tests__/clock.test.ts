import { describe, expect, it } from 'vitest';
import { waitClearOf } from '../clock';

const at = (iso: string) => Date.parse(iso);
const MINUTES_5 = 5 * 60_000;

describe('waitClearOf', () => {
  it('waits until just past a time of day that is near, and not at all when it is far or just gone', () => {
    expect(waitClearOf('UTC', ['24:00'], MINUTES_5, at('2026-12-07T23:57:00Z'))).toBe(3 * 60_000 + 5_000);
    expect(waitClearOf('UTC', ['24:00'], MINUTES_5, at('2026-12-07T23:54:00Z'))).toBe(0);
    expect(waitClearOf('UTC', ['24:00'], MINUTES_5, at('2026-12-08T00:00:30Z'))).toBe(0);
  });

  it('waits past the last of several near times, on the wall clock of the zone, DST days included', () => {
    expect(waitClearOf('UTC', ['23:00', '24:00'], MINUTES_5, at('2026-12-07T22:58:00Z'))).toBe(2 * 60_000 + 5_000);
    expect(waitClearOf('UTC', ['23:00', '24:00'], 70 * 60_000, at('2026-12-07T22:58:00Z'))).toBe(62 * 60_000 + 5_000);
    // Stockholm is UTC+1 in winter, UTC+2 from 29 March 2026.
    expect(waitClearOf('Europe/Stockholm', ['24:00'], MINUTES_5, at('2026-12-07T22:59:00Z'))).toBe(60_000 + 5_000);
    expect(waitClearOf('Europe/Stockholm', ['24:00'], MINUTES_5, at('2026-03-29T21:58:00Z'))).toBe(2 * 60_000 + 5_000);
    expect(waitClearOf('Europe/Stockholm', ['24:00'], MINUTES_5, at('2026-03-29T22:58:00Z'))).toBe(0);
  });
});
