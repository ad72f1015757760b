import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, IMPORT_REJECTION_CODES, type ImportRejection } from '@/utils/contract';
import { fill } from '../i18n';
import { en } from '../i18n/en';
import { sv } from '../i18n/sv';
import { rejectionText } from '../import-rejections';

const translator = (catalogue: Record<string, string>) => (key: string, params?: Record<string, string | number>) => fill(catalogue[key]!, params);
const inEnglish = translator(en);
const inSwedish = translator(sv);

/** One of each rejection as the server sends it (its English `message` beside the code). */
const ROWS: ImportRejection[] = [
  { line: 3, message: 'loyaltyNumber must be 4–32 letters, digits or dashes', code: 'field', params: { fields: 'loyaltyNumber' } },
  { line: 4, message: 'name is required; tier is required', code: 'field', params: { fields: 'name,tier' } },
  { line: 5, message: 'unknown tier "unobtainium" (known: member, gold)', code: 'unknown_tier', params: { tier: 'unobtainium', known: 'member, gold' } },
  { line: 6, message: 'expected 8 fields, found 3', code: 'field_count', params: { expected: '8', found: '3' } },
  { line: 7, message: 'loyaltyNumber SK1234 repeats line 2', code: 'repeated', params: { loyaltyNumber: 'SK1234', firstLine: '2' } },
  { line: 8, message: 'not valid JSON', code: 'invalid_json', params: {} },
  { line: 1, message: 'header lacks name (expected …)', code: 'header', params: { missing: 'name', expected: 'loyaltyNumber,name,tier' } },
  { line: 9, message: 'not a member record', code: 'not_a_record', params: { expected: 'loyaltyNumber,name,tier' } },
  { line: 10, message: 'x handle "kim" already belongs to another member; member stored without it', code: 'handle_taken', params: { network: 'x', handle: 'kim' } },
];

describe('rejected import rows in the admin’s language', () => {
  it('every code and every column of a member file has its words in English and Swedish', () => {
    for (const code of IMPORT_REJECTION_CODES.filter((c) => c !== 'field')) {
      expect(en[`importRejected_${code}` as keyof typeof en], code).toBeTruthy();
      expect(sv[`importRejected_${code}` as keyof typeof sv], code).toBeTruthy();
    }
    for (const field of IMPORT_FIELDS) {
      expect(en[`importField_${field}` as keyof typeof en], field).toBeTruthy();
      expect(sv[`importField_${field}` as keyof typeof sv], field).toBeTruthy();
    }
    expect(ROWS.map((row) => row.code).sort()).toEqual([...IMPORT_REJECTION_CODES, 'field'].sort());
  });

  it('reads in English as the server words it for the command line', () => {
    expect(rejectionText(ROWS[0]!, inEnglish)).toBe(ROWS[0]!.message);
    expect(rejectionText(ROWS[1]!, inEnglish)).toBe('name is required: 1–200 characters, no control characters; tier is required');
    for (const row of [ROWS[2]!, ROWS[3]!, ROWS[4]!, ROWS[5]!, ROWS[8]!]) expect(rejectionText(row, inEnglish)).toBe(row.message);
  });

  it('reads in Swedish with no English sentence from the server', () => {
    const swedish = ROWS.map((row) => rejectionText(row, inSwedish));
    expect(swedish[0]).toBe('loyaltyNumber ska vara 4–32 bokstäver, siffror eller bindestreck');
    expect(swedish[2]).toBe('okänd nivå "unobtainium" (kända: member, gold)');
    expect(swedish[3]).toBe('8 fält förväntades, 3 hittades');
    swedish.forEach((text, i) => {
      expect(text).not.toBe(ROWS[i]!.message);
      expect(text).not.toMatch(/\b(must|required|expected|found|repeats|already belongs|not valid|header lacks|unknown tier)\b/);
    });
  });

  it('falls back to the server’s message for a code it does not know yet', () => {
    const newer = { line: 2, message: 'a reason from a newer server', code: 'something_new', params: {} } as unknown as ImportRejection;
    expect(rejectionText(newer, inSwedish)).toBe('a reason from a newer server');
  });
});
