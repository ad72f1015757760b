import { browser } from 'wxt/browser';
import type * as OverlayUiModule from '@/utils/overlay/ui';
import { OVERLAY_UI_FILE } from '@/utils/overlay/ui-file';

/** What the overlay UI module offers the content script (see `ui.tsx`). */
export type OverlayUi = typeof OverlayUiModule;

let loading: Promise<OverlayUi> | null = null;

/**
 * Imports the overlay UI (React, the member card, Hand off, the full message checks) the
 * first time the agent needs it; the badge path never waits for it. One import per page,
 * shared by everyone who asks; a failed import is tried again by the next one who asks.
 */
export function loadOverlayUi(): Promise<OverlayUi> {
  if (!loading) {
    const url = browser.runtime.getURL(`/${OVERLAY_UI_FILE}`);
    loading = import(/* @vite-ignore */ url) as Promise<OverlayUi>;
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
