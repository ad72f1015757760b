const sheets = new Map<string, CSSStyleSheet | null>();

/**
 * Gives a shadow root its styles through one constructed sheet per CSS text, shared by
 * every badge and button on the page (parsed once). Where a content script cannot adopt
 * constructed sheets (Firefox's content-script sandbox), a <style> element does the same.
 */
export function adoptSharedStyles(root: ShadowRoot, doc: Document, css: string): void {
  let sheet = sheets.get(css);
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    } catch {
      sheet = null;
    }
    sheets.set(css, sheet);
  }
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
