import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: ['https://www.facebook.com/*', 'https://business.facebook.com/*', 'https://web.facebook.com/*'],
  runAt: 'document_idle',
  main() {},
});
