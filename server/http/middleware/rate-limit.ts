import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';

/**
 * Per-agent token bucket, in memory per replica: `perMinute` requests a minute with bursts
 * up to the same number. Scaled-out replicas each count their own share.
 */
export function rateLimit(perMinute: number): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return async (c, next) => {
    const key = c.get('agent').agentId;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      throw new HttpProblem(429, `Too many requests for this agent; try again in ${retryAfter} s.`, undefined, {
        'retry-after': String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    await next();
  };
}
