import { openDatabase } from '../../../server/db/database';

/**
 * Disables an agent in a stopped e2e server's database, as an administrator's
 * deactivation does: `npx tsx tests/e2e/support/disable-agent.ts EMAIL` with
 * JETWAY_DATA_DIR set. Every token and session of a disabled agent is refused.
 */
const email = process.argv[2];
const dataDir = process.env.JETWAY_DATA_DIR;
if (!email || !dataDir) throw new Error('usage: JETWAY_DATA_DIR=… tsx disable-agent.ts EMAIL');
const db = await openDatabase({ dataDir });
const rows = await db.query<{ id: string }>('UPDATE agents SET disabled_at = now() WHERE lower(email) = lower($1) RETURNING id', [email]);
await db.close();
if (rows.length !== 1) throw new Error(`No agent with the email ${email}`);
