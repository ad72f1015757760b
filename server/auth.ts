import { createHash, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Database, Queryable } from './db/database';
import { HttpProblem, type AgentContext, type AppEnv } from './http';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new agent token: shown once, stored only as its hash. */
export function newToken(): string {
  return `jw_${randomBytes(32).toString('base64url')}`;
}

const CACHE_MS = 30_000;

interface AgentRow {
  agent_id: string;
  agent_name: string;
  team_id: string;
  team_name: string;
}

export async function agentByTokenHash(db: Queryable, tokenHash: string): Promise<AgentContext | null> {
  const rows = await db.query<AgentRow>(
    `SELECT a.id AS agent_id, a.name AS agent_name, t.id AS team_id, t.name AS team_name
       FROM agents a JOIN teams t ON t.id = a.team_id
      WHERE a.token_hash = $1 AND a.disabled_at IS NULL`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    agentId: row.agent_id,
    agentName: row.agent_name,
    teamId: row.team_id,
    teamName: row.team_name,
  };
}

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
