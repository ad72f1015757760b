import { describe, expect, it } from 'vitest';
import type { Me } from '@/utils/contract';
import { defaultHandoffTeamId } from '../handlers';

const team = (id: number, name: string) => ({ id: `00000000-0000-4000-8000-00000000000${id}`, name });
const BAGGAGE = team(1, 'Baggage');
const REFUNDS = team(2, 'Refunds');
const me = (handoffTargets: Me['handoffTargets']): Me => ({
  agent: team(9, 'Ana Agent'),
  role: 'agent',
  team: { ...team(8, 'Social Care'), deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } },
  handoffTargets,
  tiers: [],
});

describe('the default handoff team', () => {
  it.each([
    ['the chosen team while it is a target', me([BAGGAGE, REFUNDS]), REFUNDS.id, REFUNDS.id],
    ['the first target when none was chosen', me([BAGGAGE, REFUNDS]), null, BAGGAGE.id],
    ['the first target when an admin narrowed the targets past the chosen one', me([BAGGAGE]), REFUNDS.id, BAGGAGE.id],
    ['none when the team hands off to no one', me([]), REFUNDS.id, null],
    ['the chosen team while the agent is not known yet', null, REFUNDS.id, REFUNDS.id],
  ] as const)('is %s', (_name, agent, chosen, expected) => {
    expect(defaultHandoffTeamId(agent, { defaultHandoffTeamId: chosen })).toBe(expected);
  });
});
