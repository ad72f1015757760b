/**
 * Handle rules as plain functions (no schema library), so content scripts can use them
 * without shipping the validation code the background needs.
 */
export type NetworkName = 'x' | 'facebook';

/** X handles: 1–15 of letters, digits and underscore (X's own rule). */
export const X_HANDLE = /^[a-z0-9_]{1,15}$/;
/** Facebook numeric profile ids. */
export const FACEBOOK_NUMERIC_ID = /^\d{5,20}$/;
/** Facebook vanity names: letters, digits and dots, at least 5 characters. */
export const FACEBOOK_VANITY = /^[a-z0-9.]{5,50}$/;

/** Lower-cases a handle the way Jetway stores and compares it; `@` prefixes are dropped. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

export function isValidHandle(network: NetworkName, handle: string): boolean {
  if (network === 'x') return X_HANDLE.test(handle);
  return FACEBOOK_NUMERIC_ID.test(handle) || FACEBOOK_VANITY.test(handle);
}

/** The key an identity is cached and de-duplicated under: `x:handle`. */
export function identityKey(identity: { network: NetworkName; handle: string }): string {
  return `${identity.network}:${identity.handle}`;
}

/** The identity an `identityKey` stands for, or null for a key of no network Jetway knows. */
export function identityOfKey(key: string): { network: NetworkName; handle: string } | null {
  const at = key.indexOf(':');
  const network = key.slice(0, at);
  if (at <= 0 || (network !== 'x' && network !== 'facebook')) return null;
  return { network, handle: key.slice(at + 1) };
}
