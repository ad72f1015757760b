import { z } from 'zod';
import { IdSchema, RefSchema } from './common';
import { DeadlineSettingsSchema } from './deadline-settings';

/** A team as the admin's Teams page edits it: its name, deadline settings and handoff targets. */
export const TeamSettingsSchema = z.object({
  id: IdSchema,
  name: z.string(),
  deadlines: DeadlineSettingsSchema,
  /** The teams this team's agents may hand off to, by name (`/v1/me`'s `handoffTargets`). */
  handoffTargets: z.array(RefSchema),
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;

export const TeamSettingsListSchema = z.object({ teams: z.array(TeamSettingsSchema) });
export type TeamSettingsList = z.infer<typeof TeamSettingsListSchema>;

/**
 * A change of a team's settings: its deadlines (time zone, first-response minutes, sundown
 * local time), the teams it hands off to (ids of other teams; none is allowed), or both.
 */
export const TeamSettingsPatchSchema = z
  .object({
    deadlines: DeadlineSettingsSchema.optional(),
    handoffTargetIds: z.array(IdSchema).max(1000).optional(),
  })
  .refine((patch) => patch.deadlines !== undefined || patch.handoffTargetIds !== undefined, {
    message: 'Give the deadlines, the handoff targets or both',
  });
export type TeamSettingsPatch = z.infer<typeof TeamSettingsPatchSchema>;
