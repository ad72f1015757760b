import { z } from 'zod';
import { isKnownTimeZone, type DeadlineSettings } from './deadlines';

/** Validates a team's deadline settings (see `DeadlineSettings`). */
export const DeadlineSettingsSchema: z.ZodType<DeadlineSettings> = z.object({
  timeZone: z.string().min(1).refine(isKnownTimeZone, 'Unknown IANA time zone'),
  firstResponseMinutes: z.number().int().min(1).max(7 * 24 * 60),
  dayEndsAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/),
});
