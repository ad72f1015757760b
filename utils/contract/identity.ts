import { z } from 'zod';

/** The social networks Jetway overlays. */
export const NetworkSchema = z.enum(['x', 'facebook']);
export type Network = z.infer<typeof NetworkSchema>;

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

export function isValidHandle(network: Network, handle: string): boolean {
  if (network === 'x') return X_HANDLE.test(handle);
  return FACEBOOK_NUMERIC_ID.test(handle) || FACEBOOK_VANITY.test(handle);
}

/**
 * A customer's identity on one network. Handles are compared case-insensitively, so
 * the schema lower-cases them; anything that is not a possible handle is rejected.
 */
export const IdentitySchema = z
  .object({
    network: NetworkSchema,
    handle: z.string().min(1).max(64).transform(normalizeHandle),
  })
  .superRefine((identity, ctx) => {
    if (!isValidHandle(identity.network, identity.handle)) {
      ctx.addIssue({
        code: 'custom',
        path: ['handle'],
        message:
          identity.network === 'x'
            ? 'An X handle is 1–15 letters, digits or underscores'
            : 'A Facebook identity is a numeric id or a vanity name of 5–50 letters, digits or dots',
      });
    }
  });
export type Identity = z.infer<typeof IdentitySchema>;

/** The key an identity is cached and de-duplicated under: `x:handle`. */
export function identityKey(identity: Identity): string {
  return `${identity.network}:${identity.handle}`;
}
