import { z } from 'zod';
import { IdSchema, RefSchema } from './common';
import { DeadlineSettingsSchema } from './deadline-settings';
import { RoleSchema } from './roles';
import { TierSchema } from './tiers';

export const TeamSchema = RefSchema.extend({ deadlines: DeadlineSettingsSchema });
export type Team = z.infer<typeof TeamSchema>;

export const MeSchema = z.object({
  agent: RefSchema,
  /** What the agent may do; `agent` when an older server did not say. */
  role: RoleSchema.default('agent'),
  team: TeamSchema,
  /** The teams the agent's team hands off to (an admin chooses them), by name: the first is the default target. */
  handoffTargets: z.array(RefSchema),
  tiers: z.array(TierSchema),
});
export type Me = z.infer<typeof MeSchema>;

export const TeamIdSchema = IdSchema;
