import { z } from 'zod';
import { IdSchema } from './common';
import { DeadlineSettingsSchema } from './deadline-settings';

/** A team as the admin's Teams page edits it: its name and deadline settings. */
export const TeamSettingsSchema = z.object({
  id: IdSchema,
  name: z.string(),
  deadlines: DeadlineSettingsSchema,
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;

export const TeamSettingsListSchema = z.object({ teams: z.array(TeamSettingsSchema) });
export type TeamSettingsList = z.infer<typeof TeamSettingsListSchema>;

/** A change of a team's deadline settings: time zone, first-response minutes, sundown local time. */
export const TeamSettingsPatchSchema = z.object({ deadlines: DeadlineSettingsSchema });
