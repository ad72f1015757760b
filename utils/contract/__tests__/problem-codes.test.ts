import { describe, expect, it } from 'vitest';
import { en as consoleEnglish } from '@/console/src/i18n/en';
import { sv as consoleSwedish } from '@/console/src/i18n/sv';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';
import { DEFAULT_PROBLEM_CODE, PROBLEM_CODES, problemCodeOf } from '@/utils/contract';

describe('problem codes', () => {
  it('has an English and a Swedish message for every code, in the extension and in the Console', () => {
    const catalogues: Record<string, Record<string, unknown>> = {
      'extension en': english,
      'extension sv': swedish,
      'console en': consoleEnglish,
      'console sv': consoleSwedish,
    };
    for (const [name, catalogue] of Object.entries(catalogues)) {
      for (const code of PROBLEM_CODES) expect(catalogue, `${name}: ${code}`).toHaveProperty(`problem_${code}`);
    }
    for (const code of PROBLEM_CODES) expect(consoleSwedish[`problem_${code}`]).not.toBe(consoleEnglish[`problem_${code}`]);
  });

  it('falls back to the status’s code for a code the client does not know, and every default is a known code', () => {
    expect(problemCodeOf(409, 'case_taken')).toBe('case_taken');
    expect(problemCodeOf(409, 'something_newer')).toBe('conflict');
    expect(problemCodeOf(418)).toBe('bad_request');
    expect(problemCodeOf(502)).toBe('server_error');
    for (const code of Object.values(DEFAULT_PROBLEM_CODE)) expect(PROBLEM_CODES).toContain(code);
  });
});
