import { z } from 'zod';
import { FACEBOOK_NUMERIC_ID, FACEBOOK_VANITY, normalizeHandle, PreferredChannelSchema, safeText, X_HANDLE, IMPORT_FIELDS, type ImportRejectionCode } from '../../../utils/contract';
import type { Database, Queryable } from '../../db/database';
import { readCsv } from './csv';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional()
  .transform((value) => value ?? null);

/** One member row of an import, as the loyalty system exports it. */
export const ImportRowSchema = z.object({
  loyaltyNumber: z.string().trim().regex(/^[A-Za-z0-9-]{4,32}$/, 'loyaltyNumber must be 4–32 letters, digits or dashes'),
  name: safeText().trim().min(1, 'name is required').max(200),
  tier: z.string().trim().toLowerCase().min(1, 'tier is required'),
  xHandle: optionalText.transform((value) => (value === null ? null : normalizeHandle(value))).refine((value) => value === null || X_HANDLE.test(value), 'xHandle must be 1–15 letters, digits or underscores'),
  facebookId: optionalText
    .transform((value) => (value === null ? null : normalizeHandle(value)))
    .refine((value) => value === null || FACEBOOK_NUMERIC_ID.test(value) || FACEBOOK_VANITY.test(value), 'facebookId must be a numeric id or a vanity name'),
  homeAirport: optionalText.transform((value) => value?.toUpperCase() ?? null).refine((value) => value === null || /^[A-Z]{3}$/.test(value), 'homeAirport must be a 3-letter IATA code'),
  preferredChannel: optionalText.transform((value) => value ?? 'email').pipe(PreferredChannelSchema),
  language: optionalText.transform((value) => value ?? 'en').pipe(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'language must be like "en" or "sv-SE"')),
});
export type ImportRow = z.infer<typeof ImportRowSchema>;

/** An issue as an operator reads it, always naming the field ("name is required"). */
function rowIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (!field || issue.message.startsWith(field)) return issue.message;
  if (issue.code === 'invalid_type') return issue.input === undefined || issue.input === null ? `${field} is required` : `${field} must be a ${issue.expected}`;
  return `${field}: ${issue.message}`;
}

export interface ImportReport {
  imported: number;
  updated: number;
  /** `reason` in English (command line, logs); `code` and `params` for the Console's own words. */
  rejected: Array<{ line: number; reason: string; code: ImportRejectionCode; params: Record<string, string> }>;
}

export type ImportFormat = 'csv' | 'jsonl';

export function detectFormat(fileName: string, text: string): ImportFormat {
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** Records parsed between two turns of the event loop: a 100,000-row file is some seconds of parsing. */
const PARSE_SLICE = 1_000;

/** Lets the event loop answer other requests (I/O, timers) before the work goes on. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Parses every row, keeping the good ones and a `line N: reason` for each bad one. Rows
 * given as objects (not text) are numbered from 1 in the order given. It lets other
 * requests in every `PARSE_SLICE` records.
 */
export async function parseImport(
  text: string | readonly unknown[],
  format: ImportFormat,
  tiers: Set<string>,
): Promise<{ rows: Array<ImportRow & { line: number }>; rejected: ImportReport['rejected'] }> {
  const rows: Array<ImportRow & { line: number }> = [];
  const rejected: ImportReport['rejected'] = [];
  const seen = new Map<string, number>();
  let records = 0;
  const pause = async () => {
    if (++records % PARSE_SLICE === 0) await yieldToEventLoop();
  };
  const accept = (line: number, raw: unknown) => {
    const parsed = ImportRowSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')).filter(Boolean))];
      rejected.push({
        line,
        reason: parsed.error.issues.map(rowIssue).join('; '),
        ...(fields.length > 0 ? { code: 'field' as const, params: { fields: fields.join(',') } } : { code: 'not_a_record' as const, params: { expected: IMPORT_FIELDS.join(',') } }),
      });
      return;
    }
    if (!tiers.has(parsed.data.tier)) {
      const known = [...tiers].join(', ');
      rejected.push({ line, reason: `unknown tier "${parsed.data.tier}" (known: ${known})`, code: 'unknown_tier', params: { tier: parsed.data.tier, known } });
      return;
    }
    const key = parsed.data.loyaltyNumber.toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rejected.push({
        line,
        reason: `loyaltyNumber ${parsed.data.loyaltyNumber} repeats line ${earlier}`,
        code: 'repeated',
        params: { loyaltyNumber: parsed.data.loyaltyNumber, firstLine: String(earlier) },
      });
      return;
    }
    seen.set(key, line);
    rows.push({ ...parsed.data, line });
  };

  if (typeof text !== 'string') {
    for (const [index, raw] of text.entries()) {
      accept(index + 1, raw);
      await pause();
    }
    return { rows, rejected };
  }
  if (format === 'jsonl') {
    for (const [index, content] of text.split(/\r?\n/).entries()) {
      if (!content.trim()) continue;
      try {
        accept(index + 1, JSON.parse(content));
      } catch {
        rejected.push({ line: index + 1, reason: 'not valid JSON', code: 'invalid_json', params: {} });
      }
      await pause();
    }
    return { rows, rejected };
  }

  let header: string[] | null = null;
  for (const record of readCsv(text)) {
    await pause();
    if (!header) {
      // Column names as exported by hand often differ in case ("LoyaltyNumber"); unknown ones are ignored.
      header = record.fields.map((field) => {
        const name = field.trim();
        return IMPORT_FIELDS.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
      });
      const missing = ['loyaltyNumber', 'name', 'tier'].filter((field) => !header!.includes(field));
      if (missing.length > 0) {
        rejected.push({
          line: record.line,
          reason: `header lacks ${missing.join(', ')} (expected ${IMPORT_FIELDS.join(',')})`,
          code: 'header',
          params: { missing: missing.join(', '), expected: IMPORT_FIELDS.join(',') },
        });
        return { rows: [], rejected };
      }
      continue;
    }
    if (record.fields.length !== header.length) {
      rejected.push({
        line: record.line,
        reason: `expected ${header.length} fields, found ${record.fields.length}`,
        code: 'field_count',
        params: { expected: String(header.length), found: String(record.fields.length) },
      });
      continue;
    }
    accept(record.line, Object.fromEntries(header.map((name, i) => [name, record.fields[i]])));
  }
  return { rows, rejected };
}

const BATCH = 1_000;

/**
 * Imports members, updating them by loyalty number and replacing their imported X /
 * Facebook identities. A handle that belongs to another member is reported, not stolen.
 *
 * The valid rows are stored in batches of `BATCH`, each in a transaction of its own, with a
 * turn of the event loop after each. One transaction over a whole file would hold the
 * embedded database (one session for the whole server) until its end, so lookups and the
 * Console would wait out a 100,000-row import; on PostgreSQL it would keep those members
 * locked as long. `onProgress` is told each batch once it is committed: a failure part-way
 * leaves the rows reported so far, and importing the same file again updates them (it never
 * doubles a member).
 */
export async function importMembers(
  db: Database,
  rowsOrText: string | readonly unknown[],
  options: { format?: ImportFormat; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const tiers = new Set((await db.query<{ id: string }>('SELECT id FROM tiers ORDER BY rank')).map((row) => row.id));
  const format = options.format ?? (typeof rowsOrText === 'string' ? detectFormat('', rowsOrText) : 'jsonl');
  const { rows, rejected } = await parseImport(rowsOrText, format, tiers);
  let imported = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const stored = await db.transaction(async (tx) => {
      const result = await upsertMembers(tx, batch);
      return { inserted: result.inserted, conflicts: await replaceIdentities(tx, batch, result.ids) };
    });
    imported += stored.inserted;
    updated += batch.length - stored.inserted;
    rejected.push(...stored.conflicts);
    options.onProgress?.(start + batch.length, rows.length);
    await yieldToEventLoop();
  }
  rejected.sort((a, b) => a.line - b.line);
  // Fresh planner statistics after a bulk change (PGlite has no autovacuum to do it).
  if (rows.length > 0) await db.query('ANALYZE members, member_identities');
  return { imported, updated, rejected };
}

async function upsertMembers(tx: Queryable, batch: ImportRow[]): Promise<{ inserted: number; ids: string[] }> {
  const column = <K extends keyof ImportRow>(key: K) => batch.map((row) => row[key]);
  const result = await tx.query<{ id: string; inserted: boolean }>(
    `INSERT INTO members (loyalty_number, name, tier_id, home_airport, preferred_channel, language)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (loyalty_number) DO UPDATE SET
       name = EXCLUDED.name,
       tier_since = CASE WHEN members.tier_id = EXCLUDED.tier_id THEN members.tier_since ELSE CURRENT_DATE END,
       tier_id = EXCLUDED.tier_id, home_airport = EXCLUDED.home_airport,
       preferred_channel = EXCLUDED.preferred_channel, language = EXCLUDED.language, updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [column('loyaltyNumber'), column('name'), column('tier'), column('homeAirport'), column('preferredChannel'), column('language')],
  );
  return { inserted: result.filter((row) => row.inserted).length, ids: result.map((row) => row.id) };
}

async function replaceIdentities(tx: Queryable, batch: Array<ImportRow & { line: number }>, ids: string[]): Promise<ImportReport['rejected']> {
  await tx.query(`DELETE FROM member_identities WHERE member_id = ANY($1::uuid[]) AND source = 'import'`, [ids]);
  const memberIds: string[] = [];
  const networks: string[] = [];
  const handles: string[] = [];
  const lines: number[] = [];
  batch.forEach((row, index) => {
    for (const [network, handle] of [['x', row.xHandle], ['facebook', row.facebookId]] as const) {
      if (handle === null) continue;
      memberIds.push(ids[index]!);
      networks.push(network);
      handles.push(handle);
      lines.push(row.line);
    }
  });
  if (handles.length === 0) return [];
  const inserted = await tx.query<{ network: string; handle: string }>(
    `INSERT INTO member_identities (member_id, network, handle, source)
     SELECT * , 'import' FROM unnest($1::uuid[], $2::text[], $3::text[])
     ON CONFLICT (network, handle) DO NOTHING RETURNING network, handle`,
    [memberIds, networks, handles],
  );
  const stored = new Set(inserted.map((row) => `${row.network}:${row.handle}`));
  const conflicts: ImportReport['rejected'] = [];
  handles.forEach((handle, i) => {
    if (!stored.has(`${networks[i]}:${handle}`)) {
      conflicts.push({
        line: lines[i]!,
        reason: `${networks[i]} handle "${handle}" already belongs to another member; member stored without it`,
        code: 'handle_taken',
        params: { network: networks[i]!, handle },
      });
    }
  });
  return conflicts;
}
