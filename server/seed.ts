import { DEFAULT_TIERS } from '../utils/contract';
import { createAgent, ensureTeam } from './agents';
import { openCase } from './cases';
import type { Database } from './db/database';
import { agentByTokenHash, hashToken } from './auth';
import { importMembers } from './members/import';

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

/**
 * Demo data for trying Jetway: ~10,000 members across the tiers, the demo teams, a few
 * agents and some open cases with notes. Running it again changes nothing.
 */
export async function seedDemo(db: Database, options: { members?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<{ members: number }> {
  for (const team of DEMO_TEAMS) await ensureTeam(db, team.name, team.timeZone);
  const report = await importMembers(db, demoMembersCsv(options.members ?? 10_000), { format: 'csv', onProgress: options.onProgress });
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM cases');
  if (count === 0) {
    const colleague = await createAgent(db, { name: 'Dana Berg', team: 'Social Care' });
    const agent = await agentByTokenHash(db, hashToken(colleague.token));
    const handles = await db.query<{ handle: string }>(
      `SELECT i.handle FROM member_identities i JOIN members m ON m.id = i.member_id
        WHERE i.network = 'x' ORDER BY m.loyalty_number LIMIT 6`,
    );
    for (const [index, { handle }] of handles.entries()) {
      const opened = await openCase(db, agent!, {
        identity: { network: 'x', handle },
        subject: ['Bag did not arrive at ARN', 'Refund for cancelled flight', 'Seat change request', 'Lounge access refused'][index % 4]!,
        postUrl: `https://x.com/${handle}/status/${1_860_000_000_000_000_000n + BigInt(index)}`,
      }, new Date(Date.now() - index * 7 * 60_000));
      await db.query('INSERT INTO notes (case_id, author_id, text) VALUES ($1, $2, $3)', [
        opened.id,
        agent!.agentId,
        'Asked the customer to send booking details by DM.',
      ]);
    }
  }
  return { members: report.imported + report.updated };
}
