import { z } from 'zod';
import { isSitePageUrl, SITE_PAGE_HOSTS, SITE_PAGE_URL_MAX } from './site-pages';

export const SITE_PAGE_URL_MESSAGE = `Give the https address of a page on ${SITE_PAGE_HOSTS.join(', ')} (at most ${SITE_PAGE_URL_MAX} characters)`;

/**
 * The address of a page on a supported site (a post's permalink, a transcript message's),
 * in every field that holds one, inbound and outbound. The server answers a refusal with
 * 422 and the code `url_not_site_page`, naming the field.
 */
export const SitePageUrlSchema = z
  .string()
  .refine(isSitePageUrl, { message: SITE_PAGE_URL_MESSAGE, params: { sitePageUrl: true } })
  .meta({ format: 'uri', maxLength: SITE_PAGE_URL_MAX, description: `An https page of a supported site: ${SITE_PAGE_HOSTS.join(', ')}` });

/** Whether a validation issue is `SitePageUrlSchema`'s refusal. */
export function isSitePageUrlIssue(issue: { code: string; params?: unknown }): boolean {
  return issue.code === 'custom' && typeof issue.params === 'object' && issue.params !== null && 'sitePageUrl' in issue.params;
}
