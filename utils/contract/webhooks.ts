import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/** Every event an endpoint can subscribe to; the body is `{ type, timestamp, data }`. */
export const WEBHOOK_EVENT_TYPES = [
  'handoff.created',
  'handoff.accepted',
  'handoff.resolved',
  'handoff.sent_back',
  'handoff.reassigned',
  'case.opened',
  'case.resolved',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/**
 * An https URL; plain http only on loopback (127.0.0.1, localhost, ::1), for local
 * receivers and tests. A delivery carries the customer's words: never in clear text.
 */
export const DeliveryUrlSchema = z
  .url()
  .max(2048)
  .refine((text) => {
    const url = new URL(text);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'Use an https URL (plain http only for 127.0.0.1 or localhost)');

export const WebhookEndpointSchema = z.object({
  id: IdSchema,
  url: z.string(),
  events: z.array(WebhookEventTypeSchema),
  createdAt: TimestampSchema,
  /** Since when every delivery to it has failed (null while it delivers). */
  failingSince: TimestampSchema.nullable(),
  /** Set when it failed for 3 days in a row: nothing more is sent to it. */
  disabledAt: TimestampSchema.nullable(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** A team's endpoints, as the admin API lists them (`GET /admin/v1/teams/{id}/webhooks`). */
export const TeamWebhooksSchema = z.object({ endpoints: z.array(WebhookEndpointSchema) });

export const WebhookEndpointCreateSchema = z.object({
  url: DeliveryUrlSchema,
  events: z.array(WebhookEventTypeSchema).min(1).default([...WEBHOOK_EVENT_TYPES]),
});

/** The endpoint and its signing secret, shown this once. */
export const WebhookEndpointCreatedSchema = z.object({ endpoint: WebhookEndpointSchema, secret: z.string() });
export const WebhookSecretSchema = z.object({ secret: z.string() });

/** A delivery that failed its last try, for the team to retry. */
export const FailedDeliverySchema = z.object({
  id: z.string(),
  endpointId: IdSchema,
  target: z.string(),
  eventId: IdSchema,
  type: z.string(),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type FailedDelivery = z.infer<typeof FailedDeliverySchema>;

/** The team's Slack incoming-webhook URL and notice email address (null: none). */
export const NoticeSettingsSchema = z.object({
  slackUrl: DeliveryUrlSchema.nullable(),
  email: z.email().max(320).nullable(),
});
export type NoticeSettings = z.infer<typeof NoticeSettingsSchema>;

export const WebhooksOverviewSchema = z.object({
  endpoints: z.array(WebhookEndpointSchema),
  failed: z.array(FailedDeliverySchema),
  notices: NoticeSettingsSchema,
});
export type WebhooksOverview = z.infer<typeof WebhooksOverviewSchema>;
