import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../db/database';
import { takeRequest } from '../../domain/request-rate';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';

/**
 * Per-agent request limit: `perMinute` requests a minute with bursts up to the same number,
 * counted in the database (`takeRequest`), so replicas behind a load balancer share one
 * count per agent.
 */
export function rateLimit(db: Database, perMinute: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const taken = await takeRequest(db, c.get('agent').agentId, perMinute);
    if (!taken.allowed) {
      const retryAfter = taken.retryAfterSeconds;
      throw new HttpProblem(429, `Too many requests for this agent; try again in ${retryAfter} s.`, undefined, {
        'retry-after': String(retryAfter),
      });
    }
    await next();
  };
}
