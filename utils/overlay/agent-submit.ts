import { useRef, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { isAgentGesture } from '@/utils/overlay/gesture';

/**
 * A form's submit that counts only when the agent's own click on its submit button, or
 * Enter pressed in one of its fields, caused it. The browser marks every `submit` trusted,
 * even one a script's `button.click()` or `form.requestSubmit()` started, so the gesture
 * before it is what is checked: it arms the form for the task it happens in (the submit
 * follows in that same task), and the submit disarms it. Spread the result on the form.
 */
export function useAgentSubmit(onSubmit: () => void): {
  onClickCapture(event: MouseEvent): void;
  onKeyDownCapture(event: KeyboardEvent): void;
  onSubmit(event: FormEvent): void;
} {
  const armed = useRef(false);
  const arm = () => {
    armed.current = true;
    setTimeout(() => (armed.current = false), 0);
  };
  return {
    onClickCapture(event) {
      const target = event.target as Element;
      if (isAgentGesture(event) && target.closest?.('button[type="submit"]')) arm();
    },
    onKeyDownCapture(event) {
      if (isAgentGesture(event) && event.key === 'Enter') arm();
    },
    onSubmit(event) {
      event.preventDefault();
      if (!armed.current) return;
      armed.current = false;
      onSubmit();
    },
  };
}
