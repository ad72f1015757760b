import { IMPORT_CSV_TYPE, IMPORT_JSONL_TYPE, MAX_IMPORT_BYTES } from '@/utils/contract';

/** What the page can tell about a member file before sending it. */
export type MemberFileCheck =
  | { ok: true; type: typeof IMPORT_CSV_TYPE | typeof IMPORT_JSONL_TYPE }
  | { ok: false; problem: 'empty' | 'tooLarge' | 'notText' };

/** Files saved by spreadsheets and office programs rather than as text. */
const NOT_TEXT_EXTENSIONS = /\.(xlsx?|xlsm|ods|numbers|docx?|pdf|zip|gz)$/i;

/** Bytes read to tell CSV from JSON Lines, and text from a binary file. */
const SNIFF_BYTES = 4096;

/**
 * The body type a member file is sent as: CSV or JSON Lines by its name (`.csv`,
 * `.jsonl`, `.ndjson`), else by its first character; a file that is empty, over the
 * server's limit, or not text at all (a spreadsheet saved as .xlsx) is refused here,
 * before anything is sent.
 */
export async function checkMemberFile(file: File): Promise<MemberFileCheck> {
  if (file.size === 0) return { ok: false, problem: 'empty' };
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, problem: 'tooLarge' };
  if (NOT_TEXT_EXTENSIONS.test(file.name)) return { ok: false, problem: 'notText' };
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  // Text files hold no NUL byte; zip-based spreadsheets and other binaries do, early on.
  if (head.includes(0)) return { ok: false, problem: 'notText' };
  if (/\.csv$/i.test(file.name)) return { ok: true, type: IMPORT_CSV_TYPE };
  if (/\.(jsonl|ndjson)$/i.test(file.name)) return { ok: true, type: IMPORT_JSONL_TYPE };
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  return { ok: true, type: start.startsWith('{') ? IMPORT_JSONL_TYPE : IMPORT_CSV_TYPE };
}

/** The file's size in megabytes, for messages ("312.4"). */
export function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
