const sheets = new Map<string, CSSStyleSheet | null>();

/**
 * Gives a shadow root its styles through one constructed sheet per CSS text, shared by
 * every badge and button on the page (parsed once). Calling it again replaces the styles. Where a content script cannot adopt
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
  // Called again with new CSS (a badge whose tier changed): the old rules go.
  for (const old of root.querySelectorAll('style[data-jetway-shared]')) old.remove();
  const style = doc.createElement('style');
  style.setAttribute('data-jetway-shared', '');
  style.textContent = css;
  root.prepend(style);
}
