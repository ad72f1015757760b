import { browser } from 'wxt/browser';
import { urgencyOf } from '@/utils/contract';
import type { JetwayDb, SyncedCase } from '@/utils/db';
import { currentDeadlineOf } from '@/utils/deadline-view';

/** The agent's open cases past or near a deadline: what the toolbar icon counts. */
export function urgentCount(cases: SyncedCase[], agentId: string, now: Date): number {
  return cases.filter((item) => {
    if (item.status === 'resolved' || item.assignee?.id !== agentId) return false;
    const deadline = currentDeadlineOf(item);
    return urgencyOf(deadline.dueAt, new Date(item.openedAt), now) !== 'ok';
  }).length;
}

export async function updateActionCount(db: JetwayDb, agentId: string | null, now = new Date()): Promise<number> {
  const count = agentId ? urgentCount(await db.cases.toArray(), agentId, now) : 0;
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  await browser.action.setBadgeBackgroundColor({ color: '#b42318' });
  return count;
}
