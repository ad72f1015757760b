import { describe, expect, it } from 'vitest';
import { deadlinesFor, DeadlineSettingsSchema, sundownFor, urgencyOf } from '@/utils/contract';

describe('sundownFor', () => {
  it.each([
    // [time zone, day ends at, opened at (UTC), due (UTC)]
    ['UTC', '24:00', '2026-11-24T09:00:00Z', '2026-11-25T00:00:00.000Z'],
    ['Europe/Stockholm', '24:00', '2026-11-24T09:00:00Z', '2026-11-24T23:00:00.000Z'],
    ['Europe/Stockholm', '24:00', '2026-11-24T23:30:00Z', '2026-11-25T23:00:00.000Z'],
    ['Europe/Stockholm', '18:00', '2026-11-24T17:30:00Z', '2026-11-25T17:00:00.000Z'],
    ['Europe/Stockholm', '18:00', '2026-11-24T10:00:00Z', '2026-11-24T17:00:00.000Z'],
    ['America/New_York', '24:00', '2026-07-01T03:00:00Z', '2026-07-01T04:00:00.000Z'],
    ['America/New_York', '24:00', '2026-07-01T05:00:00Z', '2026-07-02T04:00:00.000Z'],
    // Daylight saving starts in Europe on 2026-03-29: that local day is 23 hours long.
    ['Europe/Stockholm', '24:00', '2026-03-29T10:00:00Z', '2026-03-29T22:00:00.000Z'],
    // ...and ends on 2026-10-25: that local day is 25 hours long.
    ['Europe/Stockholm', '24:00', '2026-10-25T10:00:00Z', '2026-10-25T23:00:00.000Z'],
    ['Asia/Kolkata', '24:00', '2026-11-24T20:00:00Z', '2026-11-25T18:30:00.000Z'],
  ])('%s ending %s: opened %s is due %s', (timeZone, dayEndsAt, openedAt, due) => {
    expect(sundownFor({ timeZone, dayEndsAt }, new Date(openedAt)).toISOString()).toBe(due);
  });
});

describe('deadlinesFor', () => {
  it('puts the first response 15 minutes after opening with the default settings', () => {
    const opened = new Date('2026-11-24T09:00:00Z');
    const deadlines = deadlinesFor({ timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' }, opened);
    expect(deadlines.firstResponseDueAt.toISOString()).toBe('2026-11-24T09:15:00.000Z');
    expect(deadlines.resolutionDueAt.toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('rejects settings with an unknown time zone or a malformed day end', () => {
    expect(DeadlineSettingsSchema.safeParse({ timeZone: 'Mars/Olympus', firstResponseMinutes: 15, dayEndsAt: '24:00' }).success).toBe(false);
    expect(DeadlineSettingsSchema.safeParse({ timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '25:00' }).success).toBe(false);
    expect(DeadlineSettingsSchema.safeParse({ timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '17:30' }).success).toBe(true);
  });
});

describe('urgencyOf', () => {
  const opened = new Date('2026-11-24T09:00:00Z');
  const due = new Date('2026-11-24T09:15:00Z');
  it.each([
    ['2026-11-24T09:01:00Z', 'ok'],
    ['2026-11-24T09:12:30Z', 'near'],
    ['2026-11-24T09:15:00Z', 'breached'],
    ['2026-11-24T11:00:00Z', 'breached'],
  ])('at %s a 15-minute deadline is %s', (now, urgency) => {
    expect(urgencyOf(due, opened, new Date(now))).toBe(urgency);
  });

  it('turns a whole-day deadline amber only in its last 30 minutes', () => {
    const dayEnd = new Date('2026-11-25T00:00:00Z');
    expect(urgencyOf(dayEnd, opened, new Date('2026-11-24T23:00:00Z'))).toBe('ok');
    expect(urgencyOf(dayEnd, opened, new Date('2026-11-24T23:31:00Z'))).toBe('near');
  });
});
