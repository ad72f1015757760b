/**
 * Whether an event is the agent's own gesture: a real click, tap or key press, which the
 * browser marks trusted. A page script's `element.click()` or `dispatchEvent(…)` is not,
 * so the host page can neither open a member card (an audited read in the agent's name)
 * nor cause a write. Keyboard activation (Enter or Space on a focused control) is trusted.
 * No UI library here: the badge path checks its clicks with it too.
 */
export function isAgentGesture(event: { isTrusted: boolean }): boolean {
  return event.isTrusted;
}

/** `handler`, run only for the agent's own gestures (`isAgentGesture`); anything else is ignored. */
export function onAgentGesture<E extends { isTrusted: boolean }>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (isAgentGesture(event)) handler(event);
  };
}
