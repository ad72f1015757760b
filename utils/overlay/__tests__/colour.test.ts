import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '@/utils/contract';
import { BADGE_MINIMUM_CONTRAST, BADGE_PAGES, readableTextOn, worstContrast } from '@/utils/overlay/colour';

describe('readableTextOn', () => {
  it.each([
    ['#ffffff', '#000000'],
    ['#000000', '#ffffff'],
    ['#6d28d9', '#ffffff'],
    ['#fde047', '#000000'],
  ])('picks %s → %s', (background, text) => {
    expect(readableTextOn(background)).toBe(text);
  });

  it('gives every default tier a label colour with at least 4.5:1 contrast', async () => {
    const { luminanceOf } = await import('@/utils/overlay/colour');
    for (const tier of DEFAULT_TIERS) {
      const a = luminanceOf(tier.colour);
      const b = luminanceOf(readableTextOn(tier.colour));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      expect(ratio, tier.id).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('worstContrast', () => {
  it('finds every default tier colour at least 3:1 against light and dark pages, as the Tiers page measures it', () => {
    for (const tier of DEFAULT_TIERS) {
      expect(worstContrast(tier.colour, BADGE_PAGES.light), `${tier.id} on light pages`).toBeGreaterThanOrEqual(BADGE_MINIMUM_CONTRAST);
      expect(worstContrast(tier.colour, BADGE_PAGES.dark), `${tier.id} on dark pages`).toBeGreaterThanOrEqual(BADGE_MINIMUM_CONTRAST);
    }
  });

  it('is the lowest ratio against the pages given: the colours shipped before fell short', () => {
    expect(worstContrast('#8a96a3', BADGE_PAGES.light)).toBeCloseTo(2.8, 2);
    expect(worstContrast('#6d28d9', BADGE_PAGES.dark)).toBeCloseTo(2.32, 2);
    expect(worstContrast('#ffffff', ['#000000', '#ffffff'])).toBe(1);
  });
});

describe('contrastRatio', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#6d28d9', '#ffffff', 7.1],
    ['#6d28d9', '#000000', 2.96],
  ])('%s against %s is %s:1, whichever is lighter', async (a, b, ratio) => {
    const { contrastRatio } = await import('@/utils/overlay/colour');
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 1);
  });
});
