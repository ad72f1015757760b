import { randomBytes } from 'node:crypto';
import {
  DeliveryUrlSchema, NoticeSettingsSchema, WEBHOOK_EVENT_TYPES, WebhookEventTypeSchema, type FailedDelivery, type NoticeSettings, type WebhookEndpoint,
  type WebhookEventType,
} from '../../../utils/contract';
import type { Queryable } from '../../db/database';
import { invalid, notFound } from '../errors';
import { iso, isoRequired } from '../rows';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

interface EndpointRow {
  id: string;
  target: string;
  events: string[];
  created_at: Date;
  failing_since: Date | null;
  disabled_at: Date | null;
}

function endpointFrom(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.target,
    events: row.events.filter((type): type is WebhookEventType => WebhookEventTypeSchema.safeParse(type).success),
    createdAt: isoRequired(row.created_at),
    failingSince: iso(row.failing_since),
    disabledAt: iso(row.disabled_at),
  };
}

/** The URL, if it may receive deliveries (https, or http on loopback); else a refusal naming it. */
function deliveryUrl(url: string): string {
  const parsed = DeliveryUrlSchema.safeParse(url);
  if (!parsed.success) throw invalid(`${url}: ${parsed.error.issues[0]!.message}.`, [{ path: 'url', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/** Registers a webhook endpoint of the team; its signing secret is returned this once. */
export async function addEndpoint(
  db: Queryable,
  teamId: string,
  input: { url: string; events?: readonly WebhookEventType[] },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = deliveryUrl(input.url);
  const events = [...new Set(input.events && input.events.length > 0 ? input.events : WEBHOOK_EVENT_TYPES)];
  const secret = newSigningSecret();
  const [row] = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (team_id, kind, target, events, secret) VALUES ($1, 'webhook', $2, $3, $4)
     RETURNING id, target, events, created_at, failing_since, disabled_at`,
    [teamId, url, events, secret],
  );
  return { endpoint: endpointFrom(row!), secret };
}

export async function listEndpoints(db: Queryable, teamId: string): Promise<WebhookEndpoint[]> {
  const rows = await db.query<EndpointRow>(
    `SELECT id, target, events, created_at, failing_since, disabled_at FROM webhook_endpoints
      WHERE team_id = $1 AND kind = 'webhook' ORDER BY created_at, id`,
    [teamId],
  );
  return rows.map(endpointFrom);
}

/** Removes the endpoint and what was still to be delivered to it. */
export async function removeEndpoint(db: Queryable, teamId: string, id: string): Promise<void> {
  const removed = await db.query(`DELETE FROM webhook_endpoints WHERE id = $1 AND team_id = $2 AND kind = 'webhook' RETURNING id`, [id, teamId]);
  if (removed.length === 0) throw notFound('No such webhook endpoint in your team.');
}

/**
 * A new signing secret for the endpoint (the old one stops at once). A disabled endpoint
 * is enabled again: rotating is what a team does after fixing its receiver.
 */
export async function rotateSecret(db: Queryable, teamId: string, id: string): Promise<string> {
  const secret = newSigningSecret();
  const updated = await db.query(
    `UPDATE webhook_endpoints SET secret = $3, disabled_at = NULL, failing_since = NULL
      WHERE id = $1 AND team_id = $2 AND kind = 'webhook' RETURNING id`,
    [id, teamId, secret],
  );
  if (updated.length === 0) throw notFound('No such webhook endpoint in your team.');
  return secret;
}

/** The team's Slack and email notices (each an endpoint of its own kind, for `handoff.created`). */
export async function noticeSettings(db: Queryable, teamId: string): Promise<NoticeSettings> {
  const rows = await db.query<{ kind: 'slack' | 'email'; target: string }>(`SELECT kind, target FROM webhook_endpoints WHERE team_id = $1 AND kind <> 'webhook'`, [
    teamId,
  ]);
  return {
    slackUrl: rows.find((row) => row.kind === 'slack')?.target ?? null,
    email: rows.find((row) => row.kind === 'email')?.target ?? null,
  };
}

/** Sets (or with null, removes) the team's Slack URL and notice email address. */
export async function setNotices(db: Queryable, teamId: string, input: NoticeSettings): Promise<NoticeSettings> {
  const settings = NoticeSettingsSchema.parse(input);
  for (const [kind, target] of [['slack', settings.slackUrl], ['email', settings.email]] as const) {
    if (target === null) {
      await db.query('DELETE FROM webhook_endpoints WHERE team_id = $1 AND kind = $2', [teamId, kind]);
      continue;
    }
    const updated = await db.query(
      `UPDATE webhook_endpoints SET target = $3, disabled_at = NULL, failing_since = NULL WHERE team_id = $1 AND kind = $2 RETURNING id`,
      [teamId, kind, target],
    );
    if (updated.length === 0) {
      await db.query(`INSERT INTO webhook_endpoints (team_id, kind, target, events) VALUES ($1, $2, $3, ARRAY['handoff.created'])`, [teamId, kind, target]);
    }
  }
  return noticeSettings(db, teamId);
}

/** The team's deliveries that failed their last try, newest first. */
export async function failedDeliveries(db: Queryable, teamId: string): Promise<FailedDelivery[]> {
  const rows = await db.query<{
    id: string;
    endpoint_id: string;
    target: string;
    event_id: string;
    type: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    created_at: Date;
  }>(
    `SELECT d.id::text AS id, d.endpoint_id, e.target, d.event_id, ev.type, d.attempts, d.last_status, d.last_error, d.created_at
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN webhook_events ev ON ev.id = d.event_id
      WHERE e.team_id = $1 AND d.status = 'failed' ORDER BY d.created_at DESC, d.id DESC LIMIT 200`,
    [teamId],
  );
  return rows.map((row) => ({
    id: row.id,
    endpointId: row.endpoint_id,
    target: row.target,
    eventId: row.event_id,
    type: row.type,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: isoRequired(row.created_at),
  }));
}

/** Tries a failed delivery again now, with a fresh retry schedule; its endpoint is enabled again. */
export async function retryDelivery(db: Queryable, teamId: string, id: string, now = new Date()): Promise<void> {
  if (!/^\d{1,18}$/.test(id)) throw notFound('No such failed delivery in your team.');
  const retried = await db.query<{ endpoint_id: string }>(
    `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = $3, lease_until = NULL, created_at = $3
       FROM webhook_endpoints e
      WHERE d.id = $1 AND d.status = 'failed' AND e.id = d.endpoint_id AND e.team_id = $2
      RETURNING d.endpoint_id`,
    [id, teamId, now],
  );
  if (retried.length === 0) throw notFound('No such failed delivery in your team.');
  await db.query('UPDATE webhook_endpoints SET disabled_at = NULL, failing_since = NULL WHERE id = $1', [retried[0]!.endpoint_id]);
}

/** The id of the team with this name (the CLI names teams), or a refusal naming it. */
export async function teamIdByName(db: Queryable, name: string): Promise<string> {
  const [team] = await db.query<{ id: string }>('SELECT id FROM teams WHERE name = $1', [name]);
  if (!team) throw new Error(`No team named "${name}".`);
  return team.id;
}
