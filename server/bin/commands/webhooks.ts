import { parseArgs } from 'node:util';
import { WEBHOOK_EVENT_TYPES, WebhookEventTypeSchema, type WebhookEventType } from '../../../utils/contract';
import type { Queryable } from '../../db/database';
import { addEndpoint, listEndpoints, removeEndpoint, rotateSecret, teamIdByName } from '../../domain/webhooks/endpoints';

export const WEBHOOKS_USAGE = `  webhooks add --team TEAM --url URL     register a webhook endpoint (https; http only on loopback);
      [--events handoff.created,…]        prints its signing secret (whsec_…) last
  webhooks list --team TEAM               the team's endpoints: id, URL, events, state
  webhooks remove --team TEAM --id ID     remove an endpoint
  webhooks rotate-secret --team TEAM --id ID
                                          a new signing secret, printed last (the old one stops)`;

/** A mistake in the command line, shown with the usage. */
export class WebhooksUsageError extends Error {}

function eventsFrom(list: string | undefined): WebhookEventType[] | undefined {
  if (list === undefined) return undefined;
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const parsed = WebhookEventTypeSchema.safeParse(name);
      if (!parsed.success) throw new WebhooksUsageError(`unknown event "${name}"; the events are ${WEBHOOK_EVENT_TYPES.join(', ')}`);
      return parsed.data;
    });
}

/** `webhooks add | list | remove | rotate-secret` on the database; each line of output goes to `print`. */
export async function webhooksCommand(db: Queryable, sub: string | undefined, args: string[], print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { team: { type: 'string' }, url: { type: 'string' }, events: { type: 'string' }, id: { type: 'string' } } });
  if (!values.team) throw new WebhooksUsageError(`webhooks ${sub ?? ''} needs --team`.replace('  ', ' '));
  if (sub === 'add') {
    if (!values.url) throw new WebhooksUsageError('webhooks add needs --url');
    const events = eventsFrom(values.events);
    const { endpoint, secret } = await addEndpoint(db, await teamIdByName(db, values.team), { url: values.url, events });
    print(`Added webhook endpoint ${endpoint.id} for team "${values.team}": ${endpoint.url} (${endpoint.events.join(', ')}). Its signing secret (shown once):`);
    print(secret);
    return 0;
  }
  if (sub === 'list') {
    const endpoints = await listEndpoints(db, await teamIdByName(db, values.team));
    if (endpoints.length === 0) print(`Team "${values.team}" has no webhook endpoints.`);
    for (const endpoint of endpoints) {
      const state = endpoint.disabledAt ? `disabled since ${endpoint.disabledAt}` : endpoint.failingSince ? `failing since ${endpoint.failingSince}` : 'delivering';
      print(`${endpoint.id}  ${endpoint.url}  ${endpoint.events.join(',')}  ${state}`);
    }
    return 0;
  }
  if (sub === 'remove' || sub === 'rotate-secret') {
    if (!values.id) throw new WebhooksUsageError(`webhooks ${sub} needs --id (see webhooks list)`);
    const teamId = await teamIdByName(db, values.team);
    if (!/^[0-9a-f-]{36}$/i.test(values.id)) throw new Error(`No webhook endpoint ${values.id} in team "${values.team}".`);
    if (sub === 'remove') {
      await removeEndpoint(db, teamId, values.id);
      print(`Removed webhook endpoint ${values.id}.`);
      return 0;
    }
    const secret = await rotateSecret(db, teamId, values.id);
    print(`New signing secret for ${values.id} (shown once; the old one no longer signs):`);
    print(secret);
    return 0;
  }
  throw new WebhooksUsageError(`unknown command "webhooks ${sub ?? ''}"`);
}
