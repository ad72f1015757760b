import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSiteOverlay } from '@/utils/overlay/run-site';
import { listenToBackground, messageBridge } from '@/utils/overlay/message-bridge';
import { matchesOf } from '@/utils/sites/registry';
import { xAdapter } from '@/utils/sites/x/adapter';

export default defineContentScript({
  matches: matchesOf('x'),
  runAt: 'document_idle',
  async main(ctx) {
    const tabHandlers = await runSiteOverlay(ctx, xAdapter, messageBridge);
    if (tabHandlers) listenToBackground(ctx, tabHandlers);
  },
});
