import { z } from 'zod';

/** What an account may do: agents work cases, leads also watch their team, admins run Jetway. */
export const RoleSchema = z.enum(['agent', 'lead', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
