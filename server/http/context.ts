import type { Context } from 'hono';
import type { Database } from '../db/database';
import type { AgentContext } from '../domain/agents';

export type { AgentContext };

/** Who is calling an /admin/v1 route: the admin key, or a Console session of an admin account. */
export type AdminCaller = { kind: 'key' } | { kind: 'account'; agent: AgentContext };

export interface AppEnv {
  /** Set only by the server itself on its start-up warm-up request (no client can set it). */
  Bindings: { warmUp?: boolean };
  Variables: { agent: AgentContext; db: Database; requestId: string; admin: AdminCaller };
}

export type AppContext = Context<AppEnv>;
