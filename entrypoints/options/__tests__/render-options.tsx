import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach } from 'vitest';
import { App, type OptionsBridge } from '../App';

/** The options page rendered into jsdom for a unit test, unmounted after each test. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

export async function renderOptions(bridge: OptionsBridge): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  root = createRoot(container);
  await act(async () => root!.render(<App bridge={bridge} />));
  return container;
}

/** The page's button whose text is `text`; throws, naming the buttons there, when none is. */
export function buttonNamed(container: HTMLElement, text: string): HTMLButtonElement {
  const buttons = [...container.querySelectorAll('button')];
  const found = buttons.find((element) => element.textContent?.trim() === text);
  if (!found) throw new Error(`No button "${text}" among: ${buttons.map((b) => b.textContent).join(', ')}`);
  return found;
}
