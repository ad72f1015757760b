import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSiteOverlay } from '@/utils/overlay/run-site';
import { listenToBackground, messageBridge } from '@/utils/overlay/message-bridge';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';
import { matchesOf } from '@/utils/sites/registry';

export default defineContentScript({
  matches: matchesOf('facebook'),
  runAt: 'document_idle',
  async main(ctx) {
    const tabHandlers = await runSiteOverlay(ctx, facebookAdapter, messageBridge);
    if (tabHandlers) listenToBackground(ctx, tabHandlers);
  },
});
