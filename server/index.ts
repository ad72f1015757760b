/**
 * The server's functions for scripts and tests that run Jetway without a subprocess:
 * open and migrate a database, create agents, import members, seed the demo, serve.
 */
export { createAgent, ensureTeam, rotateAgentToken } from './agents';
export { createApp, type AppOptions } from './app';
export { openDatabase, type Database, type DatabaseOptions, type Queryable } from './db/database';
export { migrate, MIGRATIONS } from './db/migrations';
export { readEnv, type ServerEnv } from './env';
export { detectFormat, importMembers, type ImportFormat, type ImportReport } from './members/import';
export { seedDemo } from './seed';
export { startServer, type RunningServer, type ServerOptions } from './serve';
