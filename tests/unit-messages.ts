import { fakeBrowser } from 'wxt/testing/fake-browser';

type Catalogue = Record<string, { message: string }>;

/**
 * Makes `browser.i18n.getMessage` answer from one of the extension's catalogues, with `$1`…
 * substitutions as the browser does (WXT's fake browser leaves i18n unimplemented). Call
 * it before the first `t(…)` of a test file: `t` caches what it was answered.
 */
export function speak(catalogue: object): void {
  const messages = catalogue as Catalogue;
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return (messages[key]?.message ?? '').replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  }) as typeof fakeBrowser.i18n.getMessage;
}
