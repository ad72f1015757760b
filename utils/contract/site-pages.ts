import { SITES } from '../sites/registry';

/**
 * The page-address rule as plain functions (no schema library), so content scripts can
 * use it without shipping the validation code; `SitePageUrlSchema` (./site-url.ts) is the
 * same rule for the contract.
 */

/** The hosts a page address may name: the supported sites' own, from the site registry. */
export const SITE_PAGE_HOSTS: readonly string[] = SITES.flatMap((site) => site.hosts);

export const SITE_PAGE_URL_MAX = 2048;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `https://`, one of the hosts exactly, then nothing or a path, query or fragment in
 * printable ASCII (a browser's `href` is percent-encoded). The host must be followed by
 * `/`, `?`, `#` or the end, so `https://x.com@evil.example/`, `https://x.com.evil.example/`
 * and `https://x.com:8443/` are refused. Server migration 14 cleared stored addresses by
 * the same rule.
 */
const SITE_PAGE_URL = new RegExp(`^https://(?:${SITE_PAGE_HOSTS.map(escapeRegExp).join('|')})(?:[/?#][!-~]*)?$`);

/**
 * Whether `value` is the address of a page on a supported site: the only addresses Jetway
 * stores, sends or opens from a case or a handoff (never `data:`, `javascript:`, `file:`,
 * plain http or another host).
 */
export function isSitePageUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > SITE_PAGE_URL_MAX || !SITE_PAGE_URL.test(value)) return false;
  // The pattern decides; the parser must agree, or the address is refused all the same.
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && SITE_PAGE_HOSTS.includes(url.hostname) && url.username === '' && url.password === '' && url.port === '';
  } catch {
    return false;
  }
}

/** `value` when it is a supported site's page address, else null: what the site readers emit. */
export function sitePageUrlOrNull(value: string | null | undefined): string | null {
  return isSitePageUrl(value) ? value : null;
}
