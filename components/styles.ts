/**
 * Styles for Jetway UI inside closed shadow roots on x.com / facebook.com. Colours come
 * from custom properties so the same sheet serves the host page's light and dark themes.
 */
export const OVERLAY_CSS = `
:host { all: initial; }
.jw-root {
  --jw-bg: #ffffff; --jw-fg: #0f1419; --jw-muted: #536471; --jw-border: #cfd9de; --jw-accent: #1d6fb8;
  --jw-ok: #0f7b3f; --jw-near: #a15c00; --jw-breached: #b42318; --jw-surface: #f7f9f9;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--jw-fg);
}
.jw-root[data-theme="dark"] {
  --jw-bg: #16181c; --jw-fg: #e7e9ea; --jw-muted: #8b98a5; --jw-border: #38444d; --jw-accent: #6cb4ff;
  --jw-ok: #4ade80; --jw-near: #fbbf24; --jw-breached: #f87171; --jw-surface: #202327;
}
.jw-pop { position: fixed; z-index: 2147483000; }
.jw-card {
  width: min(320px, var(--jw-available-width, 320px)); max-height: min(520px, var(--jw-available-height, 80vh)); overflow: auto;
  background: var(--jw-bg); color: var(--jw-fg); border: 1px solid var(--jw-border); border-radius: 12px;
  box-shadow: 0 8px 28px rgba(0,0,0,.25); padding: 14px 16px; box-sizing: border-box;
}
.jw-card-header { display: flex; justify-content: space-between; align-items: flex-start; gap: 8px; }
.jw-card-name { font-size: 16px; font-weight: 700; margin: 0; overflow-wrap: anywhere; max-height: 4.2em; overflow: hidden; }
.jw-muted { color: var(--jw-muted); margin: 2px 0; font-size: 13px; overflow-wrap: anywhere; }
.jw-facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 10px 0; font-size: 13px; }
.jw-facts dt { color: var(--jw-muted); }
.jw-facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.jw-section { border-top: 1px solid var(--jw-border); padding-top: 8px; margin-top: 8px; }
.jw-section h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--jw-muted); margin: 0 0 6px; }
.jw-tier { display: inline-flex; align-items: center; height: 18px; padding: 0 7px; border-radius: 999px; font-size: 11px; font-weight: 700; letter-spacing: .04em; vertical-align: middle; }
.jw-chip { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.jw-chip-ok { color: var(--jw-ok); } .jw-chip-near { color: var(--jw-near); } .jw-chip-breached { color: var(--jw-breached); }
.jw-warning { color: var(--jw-near); font-weight: 600; margin: 4px 0; }
.jw-error { color: var(--jw-breached); margin: 4px 0; }
/* What became of the agent's last action, kept in view at the foot of a card that scrolls (over the card's own padding). */
.jw-status {
  position: sticky; bottom: -14px; margin: 8px -16px -14px; padding: 8px 16px 14px; font-size: 13px; color: var(--jw-muted);
  background: var(--jw-bg); border-top: 1px solid var(--jw-border);
}
.jw-actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 6px; }
.jw-notes { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
.jw-notes li { background: var(--jw-surface); border-radius: 8px; padding: 6px 8px; }
.jw-note-meta { display: block; font-size: 12px; color: var(--jw-muted); }
.jw-note-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.jw-handoff-status { margin: 2px 0; font-size: 13px; font-weight: 600; overflow-wrap: anywhere; }
.jw-note-form { display: grid; gap: 6px; margin-top: 8px; }
textarea, input, select {
  font: inherit; color: var(--jw-fg); background: var(--jw-bg); border: 1px solid var(--jw-border); border-radius: 8px;
  padding: 6px 8px; width: 100%; box-sizing: border-box;
}
button {
  font: inherit; font-weight: 600; font-size: 13px; border-radius: 999px; padding: 5px 12px; cursor: pointer;
  border: 1px solid var(--jw-accent); background: var(--jw-accent); color: #fff;
}
.jw-root[data-theme="dark"] button { color: #0f1419; }
button.jw-secondary, .jw-root[data-theme="dark"] button.jw-secondary { background: transparent; color: var(--jw-accent); }
button:focus-visible, textarea:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--jw-accent); outline-offset: 2px; }
.jw-icon-button { background: transparent; color: var(--jw-muted); border: none; font-size: 20px; line-height: 1; padding: 2px 6px; }
.jw-toast {
  position: fixed; z-index: 2147483000; left: 50%; bottom: 24px; transform: translateX(-50%);
  display: flex; gap: 10px; align-items: center; padding: 10px 14px; border-radius: 10px;
  background: var(--jw-fg); color: var(--jw-bg); box-shadow: 0 6px 20px rgba(0,0,0,.3); max-width: 90vw;
}
.jw-toast button.jw-secondary, .jw-root[data-theme="dark"] .jw-toast button.jw-secondary { color: var(--jw-bg); border-color: var(--jw-bg); }
.jw-toast .jw-icon-button { color: var(--jw-bg); }
.jw-menu label { display: grid; gap: 4px; font-size: 13px; color: var(--jw-muted); }
.jw-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The Hand off button beside a post's actions. */
export const ACTION_CSS = `
:host { all: initial; display: inline-flex; align-items: center; gap: 2px; margin-inline-start: 8px; vertical-align: middle; }
button {
  all: unset; box-sizing: border-box; cursor: pointer; display: inline-flex; align-items: center; height: 28px;
  padding: 0 10px; border-radius: 999px; font: 600 13px/1 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d6fb8; border: 1px solid rgba(29, 111, 184, .5); background: transparent;
}
button.more { padding: 0 7px; }
button:hover { background: rgba(29, 111, 184, .1); }
button:focus-visible { outline: 2px solid #1d9bf0; outline-offset: 2px; }
@media (prefers-color-scheme: dark) { button { color: #6cb4ff; border-color: rgba(108, 180, 255, .5); } }
`;
