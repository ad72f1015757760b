import { z } from 'zod';
import { isValidHandle, normalizeHandle } from './handles';
import { safeText } from './text';

/** The social networks Jetway overlays. */
export const NetworkSchema = z.enum(['x', 'facebook']);
export type Network = z.infer<typeof NetworkSchema>;

/**
 * A customer's identity on one network. Handles are compared case-insensitively, so
 * the schema lower-cases them; anything that is not a possible handle is rejected.
 */
export const IdentitySchema = z
  .object({
    network: NetworkSchema,
    handle: safeText().min(1).max(64).transform(normalizeHandle),
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

