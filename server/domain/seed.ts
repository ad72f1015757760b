import { randomBytes } from 'node:crypto';
import { DEFAULT_TIERS, type Role } from '../../utils/contract';
import type { Database, Queryable } from '../db/database';
import { agentByToken, agentByTokenHash, createAgent, hashToken, rotateAgentToken, setAccount, type AgentContext } from './agents';
import { openCase } from './cases';
import { recordHandoff } from './handoffs';
import { importMembers } from './members/import';
import { verifyPassword } from './passwords';
import { ensureTeam } from './teams';

/** Mulberry32: a tiny seeded PRNG, so the demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Erik', 'Maja', 'Lars', 'Sofia', 'Johan', 'Elin', 'Karl', 'Ingrid', 'Oskar', 'Noor', 'Ali', 'Mei', 'Diego', 'Priya', 'Liam', 'Emma', 'Yusuf', 'Hanna', 'Tomas'];
const LAST = ['Lindqvist', 'Berg', 'Nilsson', 'Ek', 'Holm', 'Sandberg', 'Khan', 'Chen', 'Garcia', 'Patel', 'Okafor', 'Larsen', 'Virtanen', 'Novak', 'Moreau', 'Rossi', 'Silva', 'Kowalski', 'Dahl', 'Falk'];
const AIRPORTS = ['ARN', 'GOT', 'CPH', 'OSL', 'HEL', 'LHR', 'CDG', 'FRA', 'JFK', 'EWR', 'ORD', 'BKK', 'DXB', 'AMS'];
const CHANNELS = ['x_dm', 'facebook_messenger', 'email', 'phone', 'sms'] as const;
const LANGUAGES = ['sv', 'en', 'no', 'da', 'fi', 'de'];
/** Share of members per tier, lowest first: a loyalty programme's pyramid. */
const TIER_SHARE = [0.5, 0.25, 0.13, 0.07, 0.04, 0.01];

export const DEMO_TEAMS = [
  { name: 'Social Care', timeZone: 'Europe/Stockholm' },
  { name: 'Baggage', timeZone: 'Europe/Stockholm' },
  { name: 'Refunds', timeZone: 'Europe/Stockholm' },
  { name: 'Call Centre', timeZone: 'Europe/London' },
];

function pickTier(roll: number): string {
  let sum = 0;
  for (let i = 0; i < TIER_SHARE.length; i++) {
    sum += TIER_SHARE[i]!;
    if (roll < sum) return DEFAULT_TIERS[i]!.id;
  }
  return DEFAULT_TIERS[DEFAULT_TIERS.length - 1]!.id;
}

/** The demo members as CSV: deterministic for a given count. */
export function demoMembersCsv(count = 10_000): string {
  const random = seededRandom(20261124);
  const lines = ['loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language'];
  for (let i = 0; i < count; i++) {
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const tier = pickTier(random());
    const xHandle = `${first}${last}${i}`.slice(0, 15).toLowerCase();
    const facebookId = random() < 0.8 ? (random() < 0.5 ? String(100_000_000_000 + i) : `${first}.${last}.${i}`.toLowerCase()) : '';
    lines.push(
      [
        `SK${String(700_000_000 + i)}`,
        `${first} ${last}`,
        tier,
        xHandle,
        facebookId,
        AIRPORTS[Math.floor(random() * AIRPORTS.length)],
        CHANNELS[Math.floor(random() * CHANNELS.length)],
        LANGUAGES[Math.floor(random() * LANGUAGES.length)],
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** Colleagues in every demo team, so cases, notes and handoffs have real names on them. */
export const DEMO_COLLEAGUES = [
  { name: 'Dana Berg', team: 'Social Care' },
  { name: 'Bo Lind', team: 'Baggage' },
  { name: 'Rita Ek', team: 'Refunds' },
  { name: 'Carl Falk', team: 'Call Centre' },
];

const DEMO_CASES = [
  { subject: 'Bag did not arrive at ARN', note: 'Asked for the bag tag number by DM.', handOffTo: 'Baggage', reason: 'Bag missing since yesterday' },
  { subject: 'Refund for cancelled flight', note: 'Booking reference received in DM.', handOffTo: 'Refunds', reason: 'Cancelled flight, refund requested' },
  { subject: 'Seat change request', note: 'Offered the seat map link.', handOffTo: null, reason: '' },
  { subject: 'Lounge access refused', note: 'Apologised; checking the lounge rules.', handOffTo: null, reason: '' },
  { subject: 'Missed connection in CPH', note: 'Customer prefers a call back.', handOffTo: 'Call Centre', reason: 'Rebooking needs a phone call' },
  { subject: 'Wheelchair assistance', note: 'Confirmed assistance for the return flight.', handOffTo: null, reason: '' },
];

/**
 * Demo data for trying Jetway: ~10,000 members across the tiers, the demo teams with a
 * colleague each, and some open cases with notes and handoffs. Running it again changes
 * nothing (members are re-imported in place; cases are only made on an empty database).
 */
export async function seedDemo(db: Database, options: { members?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<{ members: number }> {
  for (const team of DEMO_TEAMS) await ensureTeam(db, team.name, team.timeZone);
  const report = await importMembers(db, demoMembersCsv(options.members ?? 10_000), { format: 'csv', onProgress: options.onProgress });
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM cases');
  if (count === 0) await seedDemoCases(db);
  return { members: report.imported + report.updated };
}

async function seedDemoCases(db: Database): Promise<void> {
  const colleagues = new Map<string, AgentContext>();
  for (const colleague of DEMO_COLLEAGUES) {
    const created = await createAgent(db, colleague);
    colleagues.set(colleague.team, (await agentByTokenHash(db, hashToken(created.token)))!);
  }
  const socialCare = colleagues.get('Social Care')!;
  const handles = await db.query<{ handle: string }>(
    `SELECT i.handle FROM member_identities i JOIN members m ON m.id = i.member_id
      WHERE i.network = 'x' ORDER BY m.loyalty_number LIMIT $1`,
    [DEMO_CASES.length],
  );
  for (const [index, { handle }] of handles.entries()) {
    const demo = DEMO_CASES[index]!;
    const postUrl = `https://x.com/${handle}/status/${1_860_000_000_000_000_000n + BigInt(index)}`;
    const openedAt = new Date(Date.now() - index * 7 * 60_000);
    await db.transaction(async (tx) => {
      const opened = await openCase(tx, socialCare, { identity: { network: 'x', handle }, subject: demo.subject, postUrl }, openedAt);
      await tx.query('INSERT INTO notes (case_id, author_id, text) VALUES ($1, $2, $3)', [opened.id, socialCare.agentId, demo.note]);
      const target = demo.handOffTo ? colleagues.get(demo.handOffTo) : undefined;
      if (!target) return;
      const transcript = [{ author: `@${handle}`, text: `${demo.subject}. Please help!`, postedAt: openedAt.toISOString(), url: postUrl }];
      await recordHandoff(tx, socialCare, { caseRow: opened, toTeamId: target.teamId, reason: demo.reason, transcript });
    });
  }
}

/** The demo's social-care agent: signs in to the extension (Sign in with Jetway) with this email. */
export const DEMO_AGENT = { name: 'Demo Agent', team: 'Social Care', email: 'agent@jetway.example', role: 'agent' } as const;
/** The receiving team's lead in the demo: signs in to the Console and works Baggage's inbox. */
export const DEMO_LEAD = { name: 'Bo Lind', team: 'Baggage', email: 'baggage@jetway.example', role: 'lead' } as const;

/** The demo's secrets as kept between starts (in the data directory). */
export interface DemoSecrets {
  token?: string;
  /** The demo lead's password. */
  password?: string;
  /** The demo agent's password. */
  agentPassword?: string;
}

/**
 * Gives a demo person their account with this password, unless it already works: the
 * account with the email, else the person of that name in the team, else a new agent.
 */
async function ensureDemoAccount(db: Queryable, who: { name: string; team: string; email: string; role: Role }, password: string): Promise<void> {
  const [account] = await db.query<{ id: string; password_hash: string | null }>('SELECT id, password_hash FROM agents WHERE lower(email) = $1', [who.email]);
  if (account?.password_hash && (await verifyPassword(password, account.password_hash))) return;
  const teamId = await ensureTeam(db, who.team);
  const [named] = await db.query<{ id: string }>('SELECT id FROM agents WHERE team_id = $1 AND name = $2 ORDER BY created_at LIMIT 1', [teamId, who.name]);
  const agentId = account?.id ?? named?.id;
  if (agentId) await setAccount(db, agentId, { email: who.email, role: who.role, password });
  else await createAgent(db, { ...who, password });
}

/**
 * The demo agent's token and password (for Sign in with Jetway) and the demo lead's Console
 * password, the same on every start: the kept ones while they still work, new ones
 * otherwise (first start, or a database that was replaced). The lead is the demo's Baggage
 * colleague, given an account.
 */
export async function ensureDemoAccounts(db: Queryable, kept: DemoSecrets): Promise<Required<DemoSecrets>> {
  const demoAgent = kept.token ? await agentByToken(db, kept.token) : null;
  const token =
    demoAgent && demoAgent.agentName === DEMO_AGENT.name && demoAgent.teamName === DEMO_AGENT.team ? kept.token! : await rotateAgentToken(db, DEMO_AGENT);
  const agentPassword = kept.agentPassword ?? randomBytes(18).toString('base64url');
  await ensureDemoAccount(db, DEMO_AGENT, agentPassword);
  const password = kept.password ?? randomBytes(18).toString('base64url');
  await ensureDemoAccount(db, DEMO_LEAD, password);
  return { token, password, agentPassword };
}
