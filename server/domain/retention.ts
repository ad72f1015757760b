import type { Queryable } from '../db/database';
import { BLANK_TRANSCRIPT_SQL } from './members/erase';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Removes the words of every transcript handed off more than `days` days before `now`
 * (JETWAY_TRANSCRIPT_RETENTION_DAYS): the handoff stays with its status, times and the
 * number of messages, for the dashboard and the history. The webhook events of that age
 * go too, with their deliveries (an event carries the handoff or case as the API gave it,
 * transcript and notes included), unless one of their deliveries is still being tried.
 * Returns how many transcripts were cleared and events removed.
 */
export async function removeOldTranscripts(db: Queryable, days: number, now: Date): Promise<{ transcripts: number; events: number }> {
  const before = new Date(now.getTime() - days * DAY_MS);
  const transcripts = await db.query<{ id: string }>(
    `UPDATE handoffs SET transcript = ${BLANK_TRANSCRIPT_SQL}, transcript_removed_at = $2
      WHERE created_at < $1 AND transcript_removed_at IS NULL
      RETURNING id`,
    [before, now],
  );
  const events = await db.query<{ id: string }>(
    `DELETE FROM webhook_events e
      WHERE e.created_at < $1
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
      RETURNING e.id`,
    [before],
  );
  return { transcripts: transcripts.length, events: events.length };
}
