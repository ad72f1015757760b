const sheets = new Map<string, CSSStyleSheet | null>();

/**
 * Gives a shadow root its styles through one constructed sheet per CSS text, shared by
 * every badge and button on the page (parsed once). Where a content script cannot adopt
 * constructed sheets (Firefox's content-script sandbox), a <style> element does the same.
 */
export function adoptSharedStyles(root: ShadowRoot, doc: Document, css: string): void {
  if (!sheets.has(css)) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    } catch {
      sheets.set(css, null);
    }
  }
  const sheet = sheets.get(css);
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      sheets.set(css, null);
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
}
