/**
 * The sites Jetway runs on, in one place. The manifest reads it at build time (host
 * permissions in `wxt.config.ts`, content-script `matches` in each
 * `entrypoints/*.content/index.tsx`), and the background reads it at run time: which
 * origins may send content-script messages, which site a tab is on, and which tabs to
 * tell when the server is back. Adding a host here adds it everywhere.
 *
 * Plain data with no imports: `wxt.config.ts` loads this file while it builds.
 */
export const SITES = [
  { id: 'x', hosts: ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'] },
  { id: 'facebook', hosts: ['www.facebook.com', 'web.facebook.com', 'business.facebook.com'] },
] as const;

export type SiteId = (typeof SITES)[number]['id'];

export const SITE_IDS = SITES.map((site) => site.id) as [SiteId, ...SiteId[]];

/** Sites are only ever served over https. */
const originOf = (host: string) => `https://${host}`;
const matchOf = (host: string) => `${originOf(host)}/*`;

/** One site's match patterns: its content script's `matches`. */
export function matchesOf(site: SiteId): string[] {
  return SITES.find((entry) => entry.id === site)!.hosts.map(matchOf);
}

/** Every site's match patterns: the manifest's host permissions and the tabs the background tells. */
export const ALL_MATCHES: string[] = SITES.flatMap((site) => site.hosts.map(matchOf));

/** The origins whose pages run a Jetway content script (the background's allowed senders). */
export const CONTENT_ORIGINS: ReadonlySet<string> = new Set(SITES.flatMap((site) => site.hosts.map(originOf)));

/** The site a URL belongs to, by its exact host; null for anything else. */
export function siteOf(url: string | undefined): SiteId | null {
  if (!url) return null;
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return null;
    host = parsed.hostname;
  } catch {
    return null;
  }
  return SITES.find((site) => (site.hosts as readonly string[]).includes(host))?.id ?? null;
}
