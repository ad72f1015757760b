// @vitest-environment jsdom
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import type { Case, MemberCard } from '@/utils/contract';
import { SAMPLE_GOLD_MEMBER } from '@/utils/contract/__tests__/sample-member';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import type * as GestureModule from '@/utils/overlay/gesture';
import type { Layer } from '@/utils/overlay/layer';
import { openMemberCard } from '../card-feature';

/**
 * jsdom cannot make a trusted event: here the dispatched click on "Take case" stands in
 * for the agent's (tests/e2e/card-actions.spec.ts clicks it for real in Chromium).
 */
vi.mock('@/utils/overlay/gesture', async (original) => {
  const real = await original<typeof GestureModule>();
  return { ...real, isAgentGesture: () => true, onAgentGesture: (handler: (event: unknown) => void) => handler };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const en = english as Record<string, { message: string }>;
const ERIN = { id: '00000000-0000-4000-8000-000000000001', name: 'Erin Agent' };
const DANA = { id: '00000000-0000-4000-8000-000000000002', name: 'Dana Berg' };
const TEAM = { id: '00000000-0000-4000-8000-000000000003', name: 'Social Care', deadlines: { timeZone: 'UTC', firstResponseMinutes: 15, dayEndsAt: '24:00' } };
const SESSION: ContentSession = { signedIn: true, agent: ERIN, team: TEAM, handoffTargets: [], defaultHandoffTeamId: null, tiers: [], sites: { x: true, facebook: true } };
const opened = new Date(Date.now() - 5 * 60_000).toISOString();

const caseHeldBy = (assignee: typeof DANA | null, version: number): Case => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  team: { id: TEAM.id, name: TEAM.name },
  identity: { network: 'x', handle: 'gold_person' },
  memberId: SAMPLE_GOLD_MEMBER.id,
  subject: 'Lost bag',
  postUrl: null,
  status: 'open',
  assignee,
  assignedAt: assignee ? new Date().toISOString() : null,
  openedAt: opened,
  firstResponseDueAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  firstRespondedAt: null,
  resolutionDueAt: new Date(Date.now() + 8 * 60 * 60_000).toISOString(),
  resolvedAt: null,
  updatedAt: opened,
  version,
});
/** Retries `check` until it passes, letting the card's answers arrive (inside act) in between. */
async function eventually(check: () => void): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      check();
      return;
    } catch (error) {
      if (tries > 200) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

const cardWith = (item: Case): MemberCard => ({ member: SAMPLE_GOLD_MEMBER, links: [], cases: [item], notes: [], handoffs: [] });

describe('the member card when a colleague changed the case first', () => {
  let root: Root | null = null;
  let container: HTMLElement;

  beforeEach(() => {
    // The card's own refresh timer never fires here: only what the card does about the refusal shows.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    container = document.createElement('div');
    document.body.replaceChildren(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    vi.useRealTimers();
  });

  it('Take case refused as stale: the card says so, loads the case again and shows the colleague, and sends it once', async () => {
    const unassigned = caseHeldBy(null, 3);
    let onServer = cardWith(unassigned);
    const sent: Array<{ verb: string; data: unknown }> = [];
    const send = vi.fn(async (verb: string, data?: unknown) => {
      sent.push({ verb, data });
      if (verb === 'getMemberCard') return { ok: true, card: onServer };
      if (verb === 'enqueueCaseChange') return { status: 'stored', outboxId: (data as { writeId: string }).writeId };
      // What the outbox knows after the write's one attempt: the server refused it as stale (409).
      if (verb === 'getWriteState') return { state: 'failed', status: 409, conflict: true, detail: null };
      throw new Error(`unexpected ${verb}`);
    });
    const layer: Layer = {
      show: (content: ReactNode) => act(() => root!.render(content)),
      hide: () => act(() => root!.render(null)),
      isOpen: () => true,
    };
    const badge = document.createElement('span');
    document.body.append(badge);
    const answer = { key: 'x:gold_person', network: 'x' as const, handle: 'gold_person', member: SAMPLE_GOLD_MEMBER, openCase: unassigned, tier: null };
    const sighting = { identity: { network: 'x' as const, handle: 'gold_person' }, kind: 'post' as never, anchor: badge, post: null };
    openMemberCard(layer, { send } as unknown as ContentBridge, SESSION, badge, answer, sighting, null);

    const take = () => [...container.querySelectorAll('button')].find((button) => button.textContent === en.cardTakeCase!.message);
    await eventually(() => expect(take()).toBeDefined());
    expect(container.textContent).toContain(en.cardUnassigned!.message);

    // Dana takes the case meanwhile; the agent's click carries the version the card loaded.
    onServer = cardWith(caseHeldBy(DANA, 4));
    await act(async () => take()!.click());

    await eventually(() => expect(container.querySelector('[role="status"]')?.textContent).toBe(en.writeConflict!.message));
    await eventually(() => expect(container.textContent).toContain('Held by Dana Berg'));
    expect(container.textContent).toContain(en.cardCollision!.message.replace('$1', 'Dana Berg'));
    expect(container.textContent).not.toContain(en.cardUnassigned!.message);
    expect(container.textContent).not.toContain(en.actionQueued!.message);
    // One write, based on what the card showed; then one question about it and one new load of the card.
    expect(sent.filter(({ verb }) => verb === 'enqueueCaseChange').map(({ data }) => data)).toEqual([
      { writeId: expect.any(String), caseId: unassigned.id, assignee: 'me', version: 3 },
    ]);
    expect(sent.filter(({ verb }) => verb === 'getMemberCard')).toHaveLength(2);
  });
});
