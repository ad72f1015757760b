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
 * The shapes Facebook writes its own links in: relative, or absolute on one of its hosts
 * (no port, no credentials), a path of plain characters (no escapes, no backslashes, no
 * `.` or `..` segments), then the query and fragment. For these, the path and query are
 * what the URL parser would give, read without building a URL: a comment thread holds
 * thousands of links. Anything else goes to the parser.
 */
const PLAIN_LINK = /^(?:https?:\/\/(?:www\.|web\.|m\.|mbasic\.|business\.)?facebook\.com)?(\/(?!\/)[A-Za-z0-9_\-./]*)(?:\?([^#\s]*))?(?:#.*)?$/i;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** The path and query of a link: `PLAIN_LINK`'s shapes read directly, anything else through the URL parser. */
function pathAndQuery(href: string): { path: string; query: string } | null {
  const plain = PLAIN_LINK.exec(href);
  if (plain && !DOT_SEGMENT.test(plain[1]!)) return { path: plain[1]!, query: plain[2] ?? '' };
  const url = parseFacebookUrl(href);
  return url ? { path: url.pathname, query: url.search.slice(1) } : null;
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
  const link = pathAndQuery(href);
  return link ? identityAt(link.path, link.query) : null;
}

/** The same reading with every link through the URL parser: what `identityFromProfileHref` must agree with. */
export function identityThroughUrlParser(href: string): Identity | null {
  const url = parseFacebookUrl(href);
  return url ? identityAt(url.pathname, url.search.slice(1)) : null;
}

function identityAt(path: string, query: string): Identity | null {
  const segments = path.split('/').filter(Boolean);
  const [first, second, third] = segments;
  if (first === 'profile.php' && segments.length === 1) {
    const id = new URLSearchParams(query).get('id');
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
