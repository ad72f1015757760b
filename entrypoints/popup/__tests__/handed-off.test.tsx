// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import type { Me } from '@/utils/contract';
import { DEFAULT_TIERS } from '@/utils/contract';
import { HandedOff } from '../HandedOff';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The extension database with a handoff list that is read only when the test says so. */
const reading = vi.hoisted(() => ({ finish: null as null | ((rows: unknown[]) => void) }));
vi.mock('@/utils/db', () => ({
  jetwayDb: () => ({
    handoffs: { toArray: () => new Promise((resolve) => (reading.finish = resolve)) },
    lookups: { bulkGet: async (keys: string[]) => keys.map(() => undefined) },
  }),
}));

const ME = {
  agent: { id: '00000000-0000-4000-8000-000000000001', name: 'Erin Agent' },
  tiers: [...DEFAULT_TIERS],
} as unknown as Me;

describe('the popup’s "Handed off" tab', () => {
  let root: Root | null = null;
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    reading.finish = null;
  });

  it('says nothing until its list is read, and only then that nothing was handed off', async () => {
    const page = document.createElement('div');
    document.body.replaceChildren(page);
    root = createRoot(page);
    await act(async () => root!.render(<HandedOff me={ME} tiers={new Map()} now={new Date()} />));
    expect(page.querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(page.textContent).not.toContain(english.popupHandedOffEmpty.message);
    // Still nothing said while the read is under way.
    for (let wait = 0; wait < 50 && reading.finish === null; wait++) await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(page.textContent).not.toContain(english.popupHandedOffEmpty.message);
    await act(async () => reading.finish!([]));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(page.querySelector('[aria-busy="true"]')).toBeNull();
    expect(page.textContent).toContain(english.popupHandedOffEmpty.message);
  });
});
