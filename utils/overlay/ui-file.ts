/**
 * Where the built extension keeps the overlay UI module (React, the member card, Hand off),
 * which content scripts import when the agent first opens one of them. The build writes it
 * there and lists it as web accessible on the supported sites; the loader imports it.
 */
export const OVERLAY_UI_FILE = 'content-scripts/ui/overlay.js';
