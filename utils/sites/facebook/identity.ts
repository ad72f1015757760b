import type { Identity } from '@/utils/contract';
import { FACEBOOK_NUMERIC_ID, FACEBOOK_VANITY } from '@/utils/contract/handles';
import { RESERVED_PATHS } from './selectors';

const FACEBOOK_HOST = /^(www\.|web\.|m\.|business\.|mbasic\.)?facebook\.com$/i;

/**
 * A person's identity from a profile link, never from a display name:
 * `/profile.php?id=N` → N; `/people/Name/N` → N; `/<vanity>` → vanity (lower case).
 * Tracking parameters, comment ids and fragments are ignored; other paths are not people.
 */
export function identityFromProfileHref(href: string | null): Identity | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, 'https://www.facebook.com');
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || !FACEBOOK_HOST.test(url.hostname)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'profile.php' && segments.length === 1) {
    const id = url.searchParams.get('id');
    return id && FACEBOOK_NUMERIC_ID.test(id) ? { network: 'facebook', handle: id } : null;
  }
  if (segments[0] === 'people' && segments.length >= 3) {
    const id = segments[2]!;
    return FACEBOOK_NUMERIC_ID.test(id) ? { network: 'facebook', handle: id } : null;
  }
  if (segments.length !== 1) return null;
  const name = segments[0]!.toLowerCase();
  if (RESERVED_PATHS.has(name)) return null;
  if (FACEBOOK_NUMERIC_ID.test(name) || FACEBOOK_VANITY.test(name)) return { network: 'facebook', handle: name };
  return null;
}
