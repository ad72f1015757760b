// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HandoffMenu } from '@/components/HandoffMenu';
import { MemberCard, type MemberCardActions } from '@/components/MemberCard';
import { Toast } from '@/components/Toast';
import type * as GestureModule from '@/utils/overlay/gesture';
import { SAMPLE_GOLD_MEMBER } from '@/utils/contract/__tests__/sample-member';

/**
 * jsdom cannot make a trusted event: every event it dispatches is a script's, as a host
 * page's would be. A test that needs the agent's own click lets them count as the agent's;
 * tests/e2e/hostile-page.spec.ts proves the real thing in Chromium.
 */
const gestures = vi.hoisted(() => ({ dispatchedCountAsAgent: false }));
vi.mock('@/utils/overlay/gesture', async (original) => {
  const real = await original<typeof GestureModule>();
  const isAgentGesture = (event: { isTrusted: boolean }) => real.isAgentGesture(event) || gestures.dispatchedCountAsAgent;
  // `onAgentGesture` calls the module's own check, which a mock cannot reach: the same wrapper over the stand-in.
  const onAgentGesture: typeof real.onAgentGesture = (handler) => (event) => {
    if (isAgentGesture(event)) handler(event);
  };
  return { ...real, isAgentGesture, onAgentGesture };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

function render(element: React.ReactElement): HTMLElement {
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  root = createRoot(container);
  act(() => root!.render(element));
  return container;
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  gestures.dispatchedCountAsAgent = false;
});

const TEAMS = [{ id: '00000000-0000-4000-8000-00000000000b', name: 'Baggage' }];

function button(container: HTMLElement, text: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find((element) => element.textContent?.trim() === text);
  if (!found) throw new Error(`No button ${text}`);
  return found;
}

/** Everything a page script could do to a control it held: click it, press keys on it, submit its form. */
function forge(control: HTMLElement): void {
  act(() => {
    control.click();
    control.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    for (const key of ['Enter', ' ']) control.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
    control.closest('form')?.requestSubmit();
  });
}

function renderMenu() {
  const onHandOff = vi.fn();
  const onLink = vi.fn();
  const container = render(<HandoffMenu teams={TEAMS} defaultTeamId={TEAMS[0]!.id} onHandOff={onHandOff} onLink={onLink} onClose={() => undefined} />);
  const loyaltyNumber = container.querySelector<HTMLInputElement>('input')!;
  act(() => {
    // React reads the value through its own setter tracking: set it the way typing does.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(loyaltyNumber, 'SK900000001');
    loyaltyNumber.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return { container, onHandOff, onLink };
}

function renderCard() {
  const actions: MemberCardActions = {
    addNote: vi.fn(async () => ({ ok: true, queued: false }) as const),
    openCase: vi.fn(async () => ({ ok: true, queued: false }) as const),
    takeCase: vi.fn(async () => ({ ok: true, queued: false }) as const),
    resolveCase: vi.fn(async () => ({ ok: true, queued: false }) as const),
    unlink: vi.fn(async () => ({ ok: true, queued: false }) as const),
  };
  const container = render(
    <MemberCard
      identity={{ network: 'x', handle: 'gold_member' }}
      member={SAMPLE_GOLD_MEMBER}
      tier={null}
      openCase={null}
      card={null}
      error={null}
      agent={null}
      now={new Date('2026-12-01T10:00:00Z')}
      actions={actions}
      onClose={() => undefined}
    />,
  );
  return { container, actions };
}

describe('write controls in the page', () => {
  it('security: Hand off and Link in the menu send nothing on a page script’s click, key press or form submit', () => {
    const { container, onHandOff, onLink } = renderMenu();
    forge(button(container, 'Hand off'));
    forge(button(container, 'Link'));
    forge(container.querySelector('input')!);
    expect(onHandOff).not.toHaveBeenCalled();
    expect(onLink).not.toHaveBeenCalled();
  });

  it('security: Undo in the toast and Open a case on the card do nothing on a page script’s click', () => {
    const onUndo = vi.fn();
    forge(button(render(<Toast message="Handed off to Baggage" onUndo={onUndo} onDismiss={() => undefined} />), 'Undo'));
    expect(onUndo).not.toHaveBeenCalled();
    const { container, actions } = renderCard();
    forge(button(container, 'Open a case'));
    expect(actions.openCase).not.toHaveBeenCalled();
  });

  it('security: a form is sent only by the click or Enter that submitted it, never by a submit alone', () => {
    gestures.dispatchedCountAsAgent = true;
    const { container, onHandOff, onLink } = renderMenu();
    const forms = container.querySelectorAll('form');
    act(() => forms.forEach((form) => form.requestSubmit()));
    expect(onHandOff).not.toHaveBeenCalled();
    expect(onLink).not.toHaveBeenCalled();

    // The agent's own click on Hand off, and Enter in the loyalty number field.
    act(() => button(container, 'Hand off').click());
    expect(onHandOff).toHaveBeenCalledWith(TEAMS[0]!.id, '');
    const field = container.querySelector('input')!;
    act(() => {
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      field.closest('form')!.requestSubmit();
    });
    expect(onLink).toHaveBeenCalledWith('SK900000001');
  });

  it('the agent’s own clicks on Undo and Open a case act', () => {
    gestures.dispatchedCountAsAgent = true;
    const onUndo = vi.fn();
    const undo = button(render(<Toast message="Handed off to Baggage" onUndo={onUndo} onDismiss={() => undefined} />), 'Undo');
    act(() => undo.click());
    expect(onUndo).toHaveBeenCalledTimes(1);
    const { container, actions } = renderCard();
    act(() => button(container, 'Open a case').click());
    expect(actions.openCase).toHaveBeenCalledTimes(1);
  });
});
