import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../db/database';
import { agentByTokenHash, hashToken, type AgentContext } from '../../domain/agents';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';

const CACHE_MS = 30_000;

/**
 * Bearer-token authentication. Agents are cached briefly by token hash so the lookup hot
 * path does not pay a query for every request; a disabled token stops working within 30 s.
 */
export function requireAgent(db: Database): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, { agent: AgentContext; until: number }>();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
    if (!match) throw new HttpProblem(401, 'Send the agent token as "Authorization: Bearer <token>".', undefined, { 'www-authenticate': 'Bearer' });
    const tokenHash = hashToken(match[1]!);
    const now = Date.now();
    let agent = cache.get(tokenHash);
    if (!agent || agent.until < now) {
      const found = await agentByTokenHash(db, tokenHash);
      if (!found) {
        cache.delete(tokenHash);
        throw new HttpProblem(401, 'This token is not valid. Ask your Jetway administrator for a new one.', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      agent = { agent: found, until: now + CACHE_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(tokenHash, agent);
    }
    c.set('agent', agent.agent);
    await next();
  };
}
