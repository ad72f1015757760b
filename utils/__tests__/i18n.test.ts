import { describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';

const placeholders = (text: string) => [...text.matchAll(/\$\d/g)].map((m) => m[0]).sort();

describe('UI strings', () => {
  it('has every English string in Swedish too, with the same placeholders', () => {
    const en = english as Record<string, { message: string }>;
    const sv = swedish as Record<string, { message: string }>;
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(sv[key]!.message.trim(), key).not.toBe('');
      expect(placeholders(sv[key]!.message), key).toEqual(placeholders(en[key]!.message));
    }
  });
});
