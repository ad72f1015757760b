import { describe, expect, it } from 'vitest';
import { HandoffCreateSchema, IdentitySchema, isControlCharsIssue, NoteCreateSchema, safeText, stripControlChars } from '..';

describe('safeText', () => {
  it.each([
    ['plain text', 'Bag lost at CPH', true],
    ['tabs and line breaks', 'line one\r\n\tline two', true],
    ['emoji and other scripts', 'Väskan ✈️ 行李', true],
    ['NUL', 'a\u0000b', false],
    ['bell', 'a\u0007', false],
    ['escape', '\u001b[31mred', false],
    ['vertical tab', 'a\u000bb', false],
    ['form feed', 'a\u000cb', false],
    ['DEL', 'a\u007f', false],
  ])('security: %s is %s', (_name, text, accepted) => {
    const parsed = safeText().safeParse(text);
    expect(parsed.success).toBe(accepted);
    if (!parsed.success) expect(parsed.error.issues.every(isControlCharsIssue)).toBe(true);
  });

  it('security: the contract refuses control characters in notes, handles and transcripts, naming the field', () => {
    expect(NoteCreateSchema.safeParse({ text: 'ok\u0000' }).error?.issues[0]?.path).toEqual(['text']);
    expect(IdentitySchema.safeParse({ network: 'x', handle: 'a\u0000' }).success).toBe(false);
    const handoff = HandoffCreateSchema.safeParse({
      toTeamId: '00000000-0000-4000-8000-000000000000',
      identity: { network: 'x', handle: 'someone' },
      transcript: [{ author: '@someone', text: 'hi\u0000', postedAt: null, url: null }],
    });
    expect(handoff.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['transcript.0.text']);
  });

  it('strips control characters but keeps tabs and line breaks', () => {
    expect(stripControlChars('a\u0000b\u0007c\td\r\ne\u007f')).toBe('abc\td\r\ne');
  });
});
