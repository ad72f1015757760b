import { describe, expect, it } from 'vitest';
import { readCsv } from '../csv';

describe('readCsv', () => {
  it.each([
    ['plain', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF', 'a,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['byte-order mark', '\uFEFFa,b\n', [[1, ['a', 'b']]]],
    ['quoted comma', 'a,"b, c"\n', [[1, ['a', 'b, c']]]],
    ['doubled quote', '"say ""hi""",x\n', [[1, ['say "hi"', 'x']]]],
    ['line break inside quotes', '"one\ntwo",x\nnext,y\n', [[1, ['one\ntwo', 'x']], [3, ['next', 'y']]]],
    ['empty lines skipped', 'a\n\n\nb\n', [[1, ['a']], [4, ['b']]]],
    ['empty fields', ',,\n', [[1, ['', '', '']]]],
    ['no final newline', 'a,b', [[1, ['a', 'b']]]],
    ['CRLF inside quotes kept', '"one\r\ntwo",x\r\nnext,y\r\n', [[1, ['one\r\ntwo', 'x']], [3, ['next', 'y']]]],
    ['empty CRLF lines skipped', 'a\r\n\r\nb\r\n', [[1, ['a']], [3, ['b']]]],
    ['quote inside an unquoted field is literal', 'ab"c,d\n', [[1, ['ab"c', 'd']]]],
    ['quoted empty field', '"",x\n', [[1, ['', 'x']]]],
    ['BOM then quoted header', '\uFEFF"loyaltyNumber","name"\n', [[1, ['loyaltyNumber', 'name']]]],
    ['commas and quotes together', '"Berg, Erik ""EB""",SK1\n', [[1, ['Berg, Erik "EB"', 'SK1']]]],
  ])('%s', (_name, text, expected) => {
    expect([...readCsv(text)].map((record) => [record.line, record.fields])).toEqual(expected);
  });
});
