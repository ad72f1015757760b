import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import swedish from '@/public/_locales/sv/messages.json';

const placeholders = (text: string) => [...text.matchAll(/\$\d/g)].map((m) => m[0]).sort();

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Extension code an agent's words can come from; selectors and the server's shared contract are not UI. */
const UI_CODE = ['entrypoints', 'components', 'utils'];
const NOT_UI = /(^|\/)__tests__\/|^utils\/sites\/|^utils\/contract\/|\.d\.ts$/;

/**
 * English that stays in code on purpose: reasons for the log and for developers, which the
 * agent never reads (the page shows the catalogue message for the reason's code instead).
 * A line that logs (`console.…`) may say anything.
 */
const FOR_THE_LOG: Record<string, string[]> = {
  // Write receipts: utils/writes.ts words them by `code`.
  'entrypoints/background/handlers.ts': ['Nobody is signed in', 'No team to hand off to'],
  // ApiError reasons: utils/problem-messages.ts words them by kind and problem code.
  'utils/api/client.ts': [
    'The Jetway server did not answer in time.',
    'The Jetway server cannot be reached.',
    'The Jetway server answered ${…}.',
    'The server answered with something that is not Jetway data.',
    'The server answered with data Jetway does not understand.',
  ],
  // Why the message protocol refused: each verb's answer or receipt code says it to the agent.
  'utils/protocol/ask.ts': ['No answer to ${…}', 'Request refused', 'Jetway answered ${…} with something unexpected'],
  'utils/protocol/router.ts': ['Unknown request', 'Request refused'],
  'utils/overlay/message-bridge.ts': ['Request refused'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (NOT_UI.test(path)) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Comments and string literals in source order, so `//` inside a string is not a comment. */
const TOKENS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;
/** Words of a sentence: a capitalised word and at least one more ("Sign in", "No Jetway server answered"). */
const ENGLISH_WORDS = /(?:^|[^\w.$/-])[A-Z][a-z]+(?:[ ,:;'’]+[a-z]+)+/;
/** JSX text written in the markup: `<p>Sign in</p>`. */
const JSX_TEXT = />\s*([A-Z][a-z]+(?: [a-z]+)+[^<{]*)</g;

/** Every English sentence written in UI code that is not in FOR_THE_LOG, as `file:line: text`. */
function hardCodedEnglish(): string[] {
  const found: string[] = [];
  for (const file of UI_CODE.flatMap(sourceFiles)) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const lines = source.split('\n');
    const allowed = FOR_THE_LOG[file] ?? [];
    const report = (index: number, text: string) => {
      const line = source.slice(0, index).split('\n').length;
      if (!lines[line - 1]!.includes('console.') && !allowed.includes(text)) found.push(`${relative(ROOT, join(ROOT, file))}:${line}: ${text}`);
    };
    for (const match of source.matchAll(TOKENS)) {
      if (match[0].startsWith('/')) continue;
      const text = match[0].slice(1, -1).replace(/\$\{[^}]*\}/g, '${…}');
      // Style sheets in template strings ("Segoe UI", …) are not words for the agent.
      if (!text.includes('{') || text.includes('${…}')) {
        if (ENGLISH_WORDS.test(text.replace(/\$\{…\}/g, 'X'))) report(match.index, text);
      }
    }
    if (file.endsWith('.tsx')) for (const match of source.matchAll(JSX_TEXT)) report(match.index, match[1]!.trim());
  }
  return found;
}

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

  it('shows the agent no English written in code: every UI sentence comes from the catalogue', () => {
    expect(hardCodedEnglish()).toEqual([]);
  });

  it('still finds English written in code (the check above can fail)', () => {
    const probe = `const a = 'Enter the server URL'; const b = <p>Sign in again</p>;`;
    const literals = [...probe.matchAll(TOKENS)].map((m) => m[0].slice(1, -1)).filter((text) => ENGLISH_WORDS.test(text));
    expect(literals).toEqual(['Enter the server URL']);
    expect([...probe.matchAll(JSX_TEXT)].map((m) => m[1])).toEqual(['Sign in again']);
  });
});
