import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { SERVER_CHECK_MS } from '@/utils/protocol/badge-path';

/**
 * While the server cannot be reached an open tab asks the background every
 * `SERVER_CHECK_MS` whether it is back: each question wakes the background, which may
 * sleep otherwise, so the server's return is noticed within seconds (waiting writes go,
 * waiting badges come). Returns `watch`, which starts asking (once: a call while asking
 * does nothing) until an answer says the server is reachable or the page's script ends.
 */
export function createServerCheck(ctx: Pick<ContentScriptContext, 'isInvalid' | 'setTimeout'>, checkServer: () => Promise<{ reachable: boolean }>): () => void {
  let watching = false;
  const check = async () => {
    const { reachable } = await checkServer().catch(() => ({ reachable: false }));
    if (reachable || ctx.isInvalid) watching = false;
    else ctx.setTimeout(() => void check(), SERVER_CHECK_MS);
  };
  return () => {
    if (watching || ctx.isInvalid) return;
    watching = true;
    void check();
  };
}
