import { describe, expect, it } from 'vitest';
import { en as consoleEnglish } from '@/console/src/i18n/en';
import { sv as consoleSwedish } from '@/console/src/i18n/sv';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';
import { ApiError as ConsoleApiError } from '@/console/src/api';
import { errorMessage } from '@/console/src/errors';
import { ApiError } from '@/utils/api/client';
import { DEFAULT_PROBLEM_CODE, PROBLEM_CODES, problemCodeOf } from '@/utils/contract';
import { apiErrorMessage } from '@/utils/problem-messages';

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

describe('translating a problem', () => {
  const problem = (status: number, code: string, params?: Record<string, string>) => ({
    type: `https://jetway.example/problems/${status}`,
    title: 'Conflict',
    status,
    code,
    detail: 'An English sentence from the server',
    ...(params ? { params } : {}),
  });

  it('the extension shows the catalogue message for the code, never the server’s detail', () => {
    const taken = new ApiError('conflict', 409, 'An English sentence from the server', problem(409, 'case_taken', { assignee: 'Dana Berg' }));
    expect(apiErrorMessage(taken)).toBe('Dana Berg has taken this case. Coordinate before you reply.');
    const newer = new ApiError('conflict', 409, 'An English sentence from the server', problem(409, 'something_newer'));
    expect(apiErrorMessage(newer)).toBe(english.problem_conflict.message);
    expect(apiErrorMessage(new ApiError('network', 0, 'The Jetway server cannot be reached.'))).toBe(english.problemNetwork.message);
  });

  it('the Console shows it in the agent’s language, falling back to the status’s message', () => {
    const fill = (template: string, params?: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
    const swedish = {
      t: (key: keyof typeof consoleSwedish, params?: Record<string, string | number>) => fill(consoleSwedish[key], params),
      plural: () => '',
    };
    const message = (status: number, code: string, params?: Record<string, string>) =>
      errorMessage(new ConsoleApiError(status, problem(status, code, params), null), swedish);
    expect(message(409, 'case_taken', { assignee: 'Dana Berg' })).toBe('Dana Berg har tagit ärendet. Samordna innan du svarar.');
    expect(message(422, 'member_not_found')).toBe(consoleSwedish.problem_member_not_found);
    expect(message(404, 'a_code_from_a_newer_server')).toBe(consoleSwedish.problem_not_found);
    for (const status of [404, 409, 422]) expect(message(status, 'case_taken', { assignee: 'x' })).not.toContain('An English sentence');
  });
});
