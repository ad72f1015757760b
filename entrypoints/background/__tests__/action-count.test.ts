import { describe, expect, it } from 'vitest';
import type { SyncedCase } from '@/utils/db';
import { urgentCount } from '../action-count';

const me = { id: '11111111-1111-4111-8111-111111111111', name: 'Erin' };
const other = { id: '22222222-2222-4222-8222-222222222222', name: 'Dana' };

function caseAt(opened: string, firstDue: string, sundown: string, assignee = me, extra: Partial<SyncedCase> = {}): SyncedCase {
  return {
    id: crypto.randomUUID(),
    team: { id: '33333333-3333-4333-8333-333333333333', name: 'Social Care' },
    identity: { network: 'x', handle: 'someone' },
    memberId: null,
    subject: 'x',
    postUrl: null,
    status: 'open',
    assignee,
    assignedAt: opened,
    openedAt: opened,
    firstResponseDueAt: firstDue,
    firstRespondedAt: null,
    resolutionDueAt: sundown,
    resolvedAt: null,
    updatedAt: opened,
    version: 1,
    syncedAt: 0,
    ...extra,
  };
}

describe('urgentCount (the toolbar icon)', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('counts the agent’s open cases past or near a deadline, and nothing else', () => {
    const cases = [
      caseAt('2026-11-24T09:40:00Z', '2026-11-24T09:55:00Z', '2026-11-24T23:00:00Z'), // first response breached
      caseAt('2026-11-24T09:47:00Z', '2026-11-24T10:02:00Z', '2026-11-24T23:00:00Z'), // first response near (2 of 15 min left)
      caseAt('2026-11-24T09:59:00Z', '2026-11-24T10:14:00Z', '2026-11-24T23:00:00Z'), // fine
      caseAt('2026-11-24T09:40:00Z', '2026-11-24T09:55:00Z', '2026-11-24T23:00:00Z', other), // someone else's
      caseAt('2026-11-24T09:40:00Z', '2026-11-24T09:55:00Z', '2026-11-24T23:00:00Z', me, { status: 'resolved' }),
      // First response sent: only sundown counts, and it is hours away.
      caseAt('2026-11-24T09:40:00Z', '2026-11-24T09:55:00Z', '2026-11-24T23:00:00Z', me, { firstRespondedAt: '2026-11-24T09:50:00Z' }),
      // First response sent and sundown in 10 minutes.
      caseAt('2026-11-24T02:00:00Z', '2026-11-24T02:15:00Z', '2026-11-24T10:10:00Z', me, { firstRespondedAt: '2026-11-24T02:05:00Z' }),
    ];
    expect(urgentCount(cases, me.id, now)).toBe(3);
  });
});
