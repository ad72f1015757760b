import { describe, expect, it } from 'vitest';
import { IdentitySchema, identityKey, identityOfKey, LookupRequestSchema, maskLoyaltyNumber } from '@/utils/contract';

describe('IdentitySchema', () => {
  it.each([
    [{ network: 'x', handle: 'JetSetter_99' }, 'x:jetsetter_99'],
    [{ network: 'x', handle: '@Ana' }, 'x:ana'],
    [{ network: 'facebook', handle: '100004123456789' }, 'facebook:100004123456789'],
    [{ network: 'facebook', handle: 'Anna.Lindqvist' }, 'facebook:anna.lindqvist'],
  ])('accepts %j as %s', (input, key) => {
    expect(identityKey(IdentitySchema.parse(input))).toBe(key);
  });

  it.each([
    { network: 'x', handle: 'much_too_long_handle' },
    { network: 'x', handle: "a'; drop table members;--" },
    { network: 'x', handle: '' },
    { network: 'facebook', handle: 'abc' },
    { network: 'mastodon', handle: 'someone' },
    { network: 'x', handle: 42 },
  ])('security: rejects %j', (input) => {
    expect(IdentitySchema.safeParse(input).success).toBe(false);
  });

  it('limits a lookup to 100 identities', () => {
    const identities = (n: number) => Array.from({ length: n }, (_, i) => ({ network: 'x', handle: `h${i}` }));
    expect(LookupRequestSchema.safeParse({ identities: identities(100) }).success).toBe(true);
    expect(LookupRequestSchema.safeParse({ identities: identities(101) }).success).toBe(false);
    expect(LookupRequestSchema.safeParse({ identities: [] }).success).toBe(false);
  });
});

describe('maskLoyaltyNumber', () => {
  it.each([
    ['SK123456789', '•••• 6789'],
    ['1234-5678-9012', '•••• 9012'],
    ['12', '•••• 0012'],
  ])('masks %s as %s', (number, masked) => {
    expect(maskLoyaltyNumber(number)).toBe(masked);
  });
});

describe('identityOfKey', () => {
  it('reads back the identity an identityKey was made from, and refuses foreign keys', () => {
    for (const identity of [{ network: 'x', handle: 'anna_flies' }, { network: 'facebook', handle: 'erik.berg.5' }] as const) {
      expect(identityOfKey(identityKey(identity))).toEqual(identity);
    }
    expect(identityOfKey('myspace:tom')).toBeNull();
    expect(identityOfKey(':nobody')).toBeNull();
    expect(identityOfKey('no-separator')).toBeNull();
  });
});
