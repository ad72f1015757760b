/**
 * The server's functions for scripts and tests that run Jetway without a subprocess:
 * open and migrate a database, create agents, import members, seed the demo, serve.
 */
export { startServer, type RunningServer, type ServerOptions } from './bin/serve';
export { readEnv, type ServerEnv } from './bin/env';
export { openDatabase, type Database, type DatabaseOptions, type Queryable } from './db/database';
export { migrate, MIGRATIONS } from './db/migrations';
export { createAgent, rotateAgentToken } from './domain/agents';
export { detectFormat, importMembers, type ImportFormat, type ImportReport } from './domain/members/import';
export { seedDemo } from './domain/seed';
export { ensureTeam } from './domain/teams';
export { createApp, type AppOptions, type AppType } from './http/app';
