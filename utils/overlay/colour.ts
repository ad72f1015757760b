/** Relative luminance of an `#rrggbb` colour (WCAG 2.x). */
export function luminanceOf(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG 2.x contrast ratio of two `#rrggbb` colours: 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminanceOf(a), luminanceOf(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The pages badges sit on: X's light theme and the Console's light surfaces; X's dim and
 * lights-out themes and the Console's dark surfaces. A tier colour is measured against the
 * worst of each.
 */
export const BADGE_PAGES = {
  light: ['#ffffff', '#f5f7f9'],
  dark: ['#000000', '#15202b', '#111417', '#1a1e23'],
} as const satisfies Record<'light' | 'dark', readonly string[]>;

/** WCAG 2.x 1.4.11: a badge's shape against the page around it. */
export const BADGE_MINIMUM_CONTRAST = 3;

/** The lowest contrast of an `#rrggbb` colour against any of the pages. */
export function worstContrast(colour: string, pages: readonly string[]): number {
  return Math.min(...pages.map((page) => contrastRatio(colour, page)));
}

const textColours = new Map<string, '#000000' | '#ffffff'>();

/** Black or white text, whichever contrasts more with the tier colour (worked out once per colour). */
export function readableTextOn(hex: string): '#000000' | '#ffffff' {
  let text = textColours.get(hex);
  if (!text) textColours.set(hex, (text = contrastingText(hex)));
  return text;
}

function contrastingText(hex: string): '#000000' | '#ffffff' {
  return contrastRatio(hex, '#ffffff') >= contrastRatio(hex, '#000000') ? '#ffffff' : '#000000';
}
