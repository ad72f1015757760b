import { z } from 'zod';

/** Where the admin API lives; every route under it passes the `adminAuth` gate. */
export const ADMIN_PREFIX = '/admin/v1';
export const MEMBER_IMPORT_PATH = `${ADMIN_PREFIX}/members/import`;

/** The import's request body types: CSV with a header row, or JSON Lines. */
export const IMPORT_CSV_TYPE = 'text/csv';
export const IMPORT_JSONL_TYPE = 'application/x-ndjson';

/** A progress line of `POST /admin/v1/members/import`: valid rows stored so far of `total`. */
export const ImportProgressLineSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });

/** A row the import did not take (or took without a handle), by its line in the file. */
export const ImportRejectionSchema = z.object({ line: z.number().int().min(1), message: z.string() });

/** The last line of a finished import. */
export const ImportResultLineSchema = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  rejected: z.array(ImportRejectionSchema),
});

/** The last line of an import that failed after the answer began (nothing was stored). */
export const ImportErrorLineSchema = z.object({ error: z.string() });

/** One line of the import's NDJSON answer. */
export const ImportLineSchema = z.union([ImportResultLineSchema, ImportProgressLineSchema, ImportErrorLineSchema]);
export type ImportLine = z.infer<typeof ImportLineSchema>;
export type ImportResultLine = z.infer<typeof ImportResultLineSchema>;
