import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSiteOverlay } from '@/utils/overlay/run-site';
import { listenToBackground, messageBridge } from '@/utils/overlay/message-bridge';
import { facebookAdapter } from '@/utils/sites/facebook/adapter';

export default defineContentScript({
  matches: ['https://www.facebook.com/*', 'https://web.facebook.com/*', 'https://business.facebook.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const overlay = await runSiteOverlay(ctx, facebookAdapter, messageBridge);
    if (overlay) listenToBackground(ctx, overlay);
  },
});
