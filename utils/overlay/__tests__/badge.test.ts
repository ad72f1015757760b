import { describe, expect, it } from 'vitest';
import { badgeCssFor } from '@/utils/overlay/badge';

describe('badge styles per tier', () => {
  it('carries the tier colour and a readable text colour', () => {
    expect(badgeCssFor('#b8860b')).toContain('button { --tier-colour: #b8860b; --tier-text: #000000; }');
    expect(badgeCssFor('#1d6fb8')).toContain('--tier-text: #ffffff;');
  });

  it('security: a colour that is not #rrggbb never reaches the CSS text', () => {
    const css = badgeCssFor('red; } :host { display: none } button {');
    expect(css).not.toContain('display: none');
    expect(css).toContain('--tier-colour: #6b7280;');
  });

  it('gives every badge of a tier the same CSS text, so they share one stylesheet', () => {
    expect(badgeCssFor('#5b6f8a')).toBe(badgeCssFor('#5b6f8a'));
  });
});
