import type { Context } from 'hono';
import type { Database } from '../db/database';
import type { AgentContext } from '../domain/agents';

export type { AgentContext };

export interface AppEnv {
  Variables: { agent: AgentContext; db: Database; requestId: string };
}

export type AppContext = Context<AppEnv>;
