import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSiteOverlay } from '@/utils/overlay/run-site';
import { listenToBackground, messageBridge } from '@/utils/overlay/message-bridge';
import { xAdapter } from '@/utils/sites/x/adapter';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*', 'https://mobile.twitter.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const overlay = await runSiteOverlay(ctx, xAdapter, messageBridge);
    if (overlay) listenToBackground(ctx, overlay);
  },
});
