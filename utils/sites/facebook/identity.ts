import type { Identity } from '@/utils/contract';
import { FACEBOOK_NUMERIC_ID, FACEBOOK_VANITY } from '@/utils/contract/handles';
import { RESERVED_PATHS } from './selectors';

const FACEBOOK_HOST = /^(www\.|web\.|m\.|mbasic\.|business\.)?facebook\.com$/i;

function facebookIdentity(handle: string): Identity {
  return { network: 'facebook', handle };
}

function parseFacebookUrl(href: string): URL | null {
  try {
    const url = new URL(href, 'https://www.facebook.com');
    return /^https?:$/.test(url.protocol) && FACEBOOK_HOST.test(url.hostname) ? url : null;
  } catch {
    return null;
  }
}

/**
 * A person's identity from a profile link, never from a display name:
 * `/profile.php?id=N` → N; `/people/Name/N` → N; `/<vanity>` → vanity (lower case).
 * Absolute (www., web., m., mbasic., business.) and relative links; tracking parameters,
 * comment ids and fragments are ignored; any other path (groups, posts, photos, the link
 * shim…) is not a person → null.
 */
export function identityFromProfileHref(href: string | null): Identity | null {
  if (!href) return null;
  const url = parseFacebookUrl(href);
  if (!url) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  const [first, second, third] = segments;
  if (first === 'profile.php' && segments.length === 1) {
    const id = url.searchParams.get('id');
    return id && FACEBOOK_NUMERIC_ID.test(id) ? facebookIdentity(id) : null;
  }
  if (first === 'people' && second && third && segments.length === 3) {
    return FACEBOOK_NUMERIC_ID.test(third) ? facebookIdentity(third) : null;
  }
  if (!first || segments.length !== 1) return null;
  const name = first.toLowerCase();
  // Facebook's own scripts (`/home.php`, `/story.php`…) are pages, not people.
  if (RESERVED_PATHS.has(name) || name.endsWith('.php')) return null;
  return FACEBOOK_NUMERIC_ID.test(name) || FACEBOOK_VANITY.test(name) ? facebookIdentity(name) : null;
}
