import { createRoute, z } from '@hono/zod-openapi';
import {
  NoticeSettingsSchema, WebhookEndpointCreatedSchema, WebhookEndpointCreateSchema, WebhookSecretSchema, WebhooksOverviewSchema,
} from '../../../utils/contract';
import type { Database } from '../../db/database';
import type { AgentContext } from '../../domain/agents';
import { forbidden } from '../../domain/errors';
import {
  addEndpoint, failedDeliveries, listEndpoints, noticeSettings, removeEndpoint, retryDelivery, rotateSecret, setNotices,
} from '../../domain/webhooks/endpoints';
import { jsonBody, jsonResponse, readResponses, router, writeResponses } from '../openapi';

const EndpointParams = z.object({ id: z.uuid() });
const DeliveryParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** Webhooks carry the team's customers' words out of Jetway: only its leads and admins decide where. */
function manager(agent: AgentContext): AgentContext {
  if (agent.role !== 'lead' && agent.role !== 'admin') throw forbidden("Only your team's leads and admins manage its webhooks and notices.");
  return agent;
}

const overviewRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  summary: "The team's webhook endpoints, its deliveries that failed their last try, and its Slack and email notices (leads and admins)",
  responses: readResponses({ 200: jsonResponse(WebhooksOverviewSchema, 'Endpoints, failed deliveries and notices') }),
});

const addRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  summary: 'Register an endpoint (https; http only on loopback) for some or all events; the signing secret is shown this once',
  request: { body: jsonBody(WebhookEndpointCreateSchema) },
  responses: writeResponses({ 201: jsonResponse(WebhookEndpointCreatedSchema, 'Registered') }),
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{id}',
  summary: 'Remove an endpoint and what was still to be delivered to it',
  request: { params: EndpointParams },
  responses: writeResponses({ 204: { description: 'Removed' } }),
});

const rotateRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/{id}/rotate-secret',
  summary: 'A new signing secret (the old one stops at once); a disabled endpoint is enabled again',
  request: { params: EndpointParams },
  responses: writeResponses({ 200: jsonResponse(WebhookSecretSchema, 'The new secret, shown this once') }),
});

const retryRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/deliveries/{id}/retry',
  summary: 'Try a failed delivery again now, with a fresh retry schedule',
  request: { params: DeliveryParams },
  responses: writeResponses({ 202: { description: 'Queued' } }),
});

const noticesRoute = createRoute({
  method: 'put',
  path: '/v1/webhooks/notices',
  summary: "The team's Slack incoming-webhook URL and notice email address for new handoffs (null: none)",
  request: { body: jsonBody(NoticeSettingsSchema) },
  responses: writeResponses({ 200: jsonResponse(NoticeSettingsSchema, 'Saved') }),
});

export function webhooksRoutes(db: Database, clock: () => Date) {
  return router()
    .openapi(overviewRoute, async (c) => {
      const { teamId } = manager(c.get('agent'));
      const [endpoints, failed, notices] = await Promise.all([listEndpoints(db, teamId), failedDeliveries(db, teamId), noticeSettings(db, teamId)]);
      return c.json({ endpoints, failed, notices }, 200);
    })
    .openapi(addRoute, async (c) => c.json(await addEndpoint(db, manager(c.get('agent')).teamId, c.req.valid('json')), 201))
    .openapi(noticesRoute, async (c) => c.json(await setNotices(db, manager(c.get('agent')).teamId, c.req.valid('json')), 200))
    .openapi(retryRoute, async (c) => {
      await retryDelivery(db, manager(c.get('agent')).teamId, c.req.valid('param').id, clock());
      return c.body(null, 202);
    })
    .openapi(rotateRoute, async (c) => c.json({ secret: await rotateSecret(db, manager(c.get('agent')).teamId, c.req.valid('param').id) }, 200))
    .openapi(removeRoute, async (c) => {
      await removeEndpoint(db, manager(c.get('agent')).teamId, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
