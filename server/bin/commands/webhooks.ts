import { parseArgs } from 'node:util';
import {
  ADMIN_PREFIX, TeamWebhooksSchema, WEBHOOK_EVENT_TYPES, WebhookEndpointCreatedSchema, WebhookEventTypeSchema, WebhookSecretSchema,
  type WebhookEndpoint, type WebhookEventType,
} from '../../../utils/contract';
import type { Queryable } from '../../db/database';
import { addEndpoint, listEndpoints, removeEndpoint, rotateSecret, teamIdByName } from '../../domain/webhooks/endpoints';
import type { AdminCall } from './admin-call';
import { teamNamed, serverTeams } from './teams';
import { CommandUsageError } from './usage';

export const WEBHOOKS_USAGE = `  webhooks add --team TEAM --url URL     register a webhook endpoint (https; http only on loopback);
      [--events handoff.created,…]        prints its signing secret (whsec_…) last
  webhooks list --team TEAM               the team's endpoints: id, URL, events, state
  webhooks remove --team TEAM --id ID     remove an endpoint
  webhooks rotate-secret --team TEAM --id ID
                                          a new signing secret, printed last (the old one stops)`;

/** Where a team's endpoints are: the database itself, or a server's admin API. */
export interface WebhooksStore {
  teamId(name: string): Promise<string>;
  add(teamId: string, input: { url: string; events?: WebhookEventType[] }): Promise<{ endpoint: WebhookEndpoint; secret: string }>;
  list(teamId: string): Promise<WebhookEndpoint[]>;
  remove(teamId: string, id: string): Promise<void>;
  rotate(teamId: string, id: string): Promise<string>;
}

export function localWebhooks(db: Queryable): WebhooksStore {
  return {
    teamId: (name) => teamIdByName(db, name),
    add: (teamId, input) => addEndpoint(db, teamId, input),
    list: (teamId) => listEndpoints(db, teamId),
    remove: (teamId, id) => removeEndpoint(db, teamId, id),
    rotate: (teamId, id) => rotateSecret(db, teamId, id),
  };
}

export function serverWebhooks(call: AdminCall): WebhooksStore {
  const base = (teamId: string) => `${ADMIN_PREFIX}/teams/${teamId}/webhooks`;
  return {
    teamId: async (name) => teamNamed(await serverTeams(call).list(), name).id,
    add: async (teamId, input) => WebhookEndpointCreatedSchema.parse(await call('POST', base(teamId), input)),
    list: async (teamId) => TeamWebhooksSchema.parse(await call('GET', base(teamId))).endpoints,
    remove: async (teamId, id) => {
      await call('DELETE', `${base(teamId)}/${id}`);
    },
    rotate: async (teamId, id) => WebhookSecretSchema.parse(await call('POST', `${base(teamId)}/${id}/rotate-secret`)).secret,
  };
}

function eventsFrom(list: string | undefined): WebhookEventType[] | undefined {
  if (list === undefined) return undefined;
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const parsed = WebhookEventTypeSchema.safeParse(name);
      if (!parsed.success) throw new CommandUsageError(`unknown event "${name}"; the events are ${WEBHOOK_EVENT_TYPES.join(', ')}`);
      return parsed.data;
    });
}

/** `webhooks add | list | remove | rotate-secret`; each line of output goes to `print`. */
export async function webhooksCommand(store: WebhooksStore, sub: string | undefined, args: string[], print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { team: { type: 'string' }, url: { type: 'string' }, events: { type: 'string' }, id: { type: 'string' } } });
  if (sub !== 'add' && sub !== 'list' && sub !== 'remove' && sub !== 'rotate-secret') {
    throw new CommandUsageError(sub ? `unknown command "webhooks ${sub}"` : 'webhooks needs add, list, remove or rotate-secret');
  }
  if (!values.team) throw new CommandUsageError(`webhooks ${sub} needs --team`);
  if (sub === 'add') {
    if (!values.url) throw new CommandUsageError('webhooks add needs --url');
    const events = eventsFrom(values.events);
    const { endpoint, secret } = await store.add(await store.teamId(values.team), { url: values.url, events });
    print(`Added webhook endpoint ${endpoint.id} for team "${values.team}": ${endpoint.url} (${endpoint.events.join(', ')}). Its signing secret (shown once):`);
    print(secret);
    return 0;
  }
  if (sub === 'list') {
    const endpoints = await store.list(await store.teamId(values.team));
    if (endpoints.length === 0) print(`Team "${values.team}" has no webhook endpoints.`);
    for (const endpoint of endpoints) {
      const state = endpoint.disabledAt ? `disabled since ${endpoint.disabledAt}` : endpoint.failingSince ? `failing since ${endpoint.failingSince}` : 'delivering';
      print(`${endpoint.id}  ${endpoint.url}  ${endpoint.events.join(',')}  ${state}`);
    }
    return 0;
  }
  if (!values.id) throw new CommandUsageError(`webhooks ${sub} needs --id (see webhooks list)`);
  const teamId = await store.teamId(values.team);
  const missing = () => new Error(`No webhook endpoint ${values.id} in team "${values.team}" (see webhooks list).`);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.id)) throw missing();
  if (!(await store.list(teamId)).some((endpoint) => endpoint.id === values.id)) throw missing();
  if (sub === 'remove') {
    await store.remove(teamId, values.id);
    print(`Removed webhook endpoint ${values.id}.`);
    return 0;
  }
  const secret = await store.rotate(teamId, values.id);
  print(`New signing secret for ${values.id} (shown once; the old one no longer signs):`);
  print(secret);
  return 0;
}
