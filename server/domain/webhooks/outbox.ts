import type { WebhookEventType } from '../../../utils/contract';
import type { Queryable } from '../../db/database';

export interface OutboxEvent {
  type: WebhookEventType;
  /** The teams whose webhook endpoints receive it (the sending and the receiving team of a handoff). */
  teamIds: string[];
  /** The team whose Slack and email notices tell of it (the receiving team of a new handoff), if any. */
  noticeTeamId?: string | null;
  /** The handoff or case as the API returns it. */
  data: unknown;
  at: Date;
}

/**
 * Writes the event and one pending delivery per subscribed, enabled endpoint, in the
 * caller's transaction: the event exists exactly when the change it tells of does
 * (transactional outbox). The delivery worker sends it from there.
 */
export async function enqueueEvent(tx: Queryable, event: OutboxEvent): Promise<void> {
  const payload = JSON.stringify({ type: event.type, timestamp: event.at.toISOString(), data: event.data });
  const [row] = await tx.query<{ id: string }>('INSERT INTO webhook_events (type, payload, created_at) VALUES ($1, $2, $3) RETURNING id', [
    event.type,
    payload,
    event.at,
  ]);
  await tx.query(
    `INSERT INTO webhook_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at)
     SELECT $1, e.id, 'pending', $2, $2 FROM webhook_endpoints e
      WHERE e.disabled_at IS NULL AND $3 = ANY(e.events)
        AND ((e.kind = 'webhook' AND e.team_id = ANY($4::uuid[])) OR (e.kind <> 'webhook' AND e.team_id = $5))`,
    [row!.id, event.at, event.type, [...new Set(event.teamIds)], event.noticeTeamId ?? null],
  );
}
