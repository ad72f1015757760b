import { DEFAULT_DEADLINE_SETTINGS } from '../utils/contract';
import { hashToken, newToken } from './auth';
import type { Queryable } from './db/database';

export async function ensureTeam(db: Queryable, name: string, timeZone = DEFAULT_DEADLINE_SETTINGS.timeZone): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A team needs a name.');
  await db.query('INSERT INTO teams (name, time_zone) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [trimmed, timeZone]);
  const [row] = await db.query<{ id: string }>('SELECT id FROM teams WHERE name = $1', [trimmed]);
  return row!.id;
}

/** Creates an agent (and the team if needed); the token is returned once and stored only hashed. */
export async function createAgent(db: Queryable, input: { name: string; team: string }): Promise<{ agentId: string; teamId: string; token: string }> {
  const name = input.name.trim();
  if (!name) throw new Error('An agent needs a name (--name).');
  const teamId = await ensureTeam(db, input.team);
  const token = newToken();
  const [row] = await db.query<{ id: string }>('INSERT INTO agents (team_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id', [
    teamId,
    name,
    hashToken(token),
  ]);
  return { agentId: row!.id, teamId, token };
}

/** Gives an existing agent a new token (the old one stops working); creates the agent if missing. */
export async function rotateAgentToken(db: Queryable, input: { name: string; team: string }): Promise<string> {
  const teamId = await ensureTeam(db, input.team);
  const token = newToken();
  const updated = await db.query('UPDATE agents SET token_hash = $3 WHERE team_id = $1 AND name = $2 RETURNING id', [teamId, input.name, hashToken(token)]);
  if (updated.length > 0) return token;
  return (await createAgent(db, input)).token;
}
