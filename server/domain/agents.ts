import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import { ensureTeam } from './teams';

/** The signed-in agent every request runs as; all queries are scoped by `teamId`. */
export interface AgentContext {
  agentId: string;
  agentName: string;
  teamId: string;
  teamName: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new agent token: shown once, stored only as its hash. */
export function newToken(): string {
  return `jw_${randomBytes(32).toString('base64url')}`;
}

interface AgentRow {
  agent_id: string;
  agent_name: string;
  team_id: string;
  team_name: string;
}

const AGENT_SELECT = `SELECT a.id AS agent_id, a.name AS agent_name, t.id AS team_id, t.name AS team_name
  FROM agents a JOIN teams t ON t.id = a.team_id`;

function agentFrom(row: AgentRow): AgentContext {
  return { agentId: row.agent_id, agentName: row.agent_name, teamId: row.team_id, teamName: row.team_name };
}

/** The enabled agent holding this token, by the token's hash. */
export async function agentByTokenHash(db: Queryable, tokenHash: string): Promise<AgentContext | null> {
  const [row] = await db.query<AgentRow>(`${AGENT_SELECT} WHERE a.token_hash = $1 AND a.disabled_at IS NULL`, [tokenHash]);
  return row ? agentFrom(row) : null;
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
