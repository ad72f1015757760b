import type { Context } from 'hono';
import type { Database } from '../db/database';
import type { AgentContext } from '../domain/agents';

export type { AgentContext };

export interface AppEnv {
  /** Set only by the server itself on its start-up warm-up request (no client can set it). */
  Bindings: { warmUp?: boolean };
  Variables: { agent: AgentContext; db: Database; requestId: string };
}

export type AppContext = Context<AppEnv>;
