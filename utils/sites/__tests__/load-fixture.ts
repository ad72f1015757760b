import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';

/** A sanitized fixture as a DOM at the URL it was served from on the real site. */
export function loadFixture(path: string, url: string): Document {
  const html = readFileSync(resolve(__dirname, '../../../tests/fixtures', path), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

export function fromHtml(html: string, url = 'https://x.com/home'): Document {
  return new JSDOM(html, { url }).window.document;
}
