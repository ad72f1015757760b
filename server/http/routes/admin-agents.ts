import { createRoute } from '@hono/zod-openapi';
import { ADMIN_PREFIX, AgentIdParamSchema, AgentPasswordSchema, RevokedAgentSchema } from '../../../utils/contract';
import type { Database } from '../../db/database';
import { resetPassword, revokeAgent, signOutEverywhere } from '../../domain/agents';
import { auditChange } from '../../domain/audit';
import { conflict } from '../../domain/errors';
import type { AdminCaller, AgentContext } from '../context';
import { jsonResponse, problemResponse, router } from '../openapi';

const ADMIN_PROBLEMS = {
  401: problemResponse('No admin key and no Console session'),
  403: problemResponse('A Console session of an account that is not an admin, or without its X-Jetway-CSRF header'),
  404: problemResponse('No such agent'),
} as const;

/** The admin's own account, or null for the admin key (which is no agent). */
export function adminAccount(caller: AdminCaller): AgentContext | null {
  return caller.kind === 'account' ? caller.agent : null;
}

const deactivateRoute = createRoute({
  method: 'post',
  path: `${ADMIN_PREFIX}/agents/{id}/deactivate`,
  summary: 'Deactivate an agent: signed out everywhere at once (token, Console sessions, browser sign-ins) and no new sign-in',
  request: { params: AgentIdParamSchema },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(RevokedAgentSchema, 'Deactivated'),
    409: problemResponse("An admin's own account (another admin must do it)"),
  }),
});

const signOutRoute = createRoute({
  method: 'post',
  path: `${ADMIN_PREFIX}/agents/{id}/sign-out`,
  summary: "Sign an agent out everywhere at once: their token, every Console session and every browser sign-in end; they may sign in again",
  request: { params: AgentIdParamSchema },
  responses: Object.assign({}, ADMIN_PROBLEMS, { 200: jsonResponse(RevokedAgentSchema, 'Signed out everywhere') }),
});

const passwordRoute = createRoute({
  method: 'post',
  path: `${ADMIN_PREFIX}/agents/{id}/password`,
  summary: "Give an agent's Console account a new password, made up by the server and answered once; their sessions end",
  request: { params: AgentIdParamSchema },
  responses: Object.assign({}, ADMIN_PROBLEMS, {
    200: jsonResponse(AgentPasswordSchema, 'The new password, shown this once and stored only hashed'),
    422: problemResponse('The agent has no Console account (no email)'),
  }),
});

/** The admin's Agents page: deactivate, sign out everywhere, reset a password; each audited. */
export function adminAgentsRoutes(db: Database) {
  return router()
    .openapi(deactivateRoute, async (c) => {
      const agentId = c.req.valid('param').id;
      const by = adminAccount(c.get('admin'));
      if (by?.agentId === agentId) throw conflict('You cannot deactivate your own account; another admin can.');
      const revoked = await db.transaction(async (tx) => {
        const done = await revokeAgent(tx, agentId);
        await auditChange(tx, by, 'agent.deactivate', { agentId, agentName: done.name });
        return done;
      });
      return c.json({ agentId, ...revoked }, 200);
    })
    .openapi(signOutRoute, async (c) => {
      const agentId = c.req.valid('param').id;
      const signedOut = await db.transaction(async (tx) => {
        const done = await signOutEverywhere(tx, agentId);
        await auditChange(tx, adminAccount(c.get('admin')), 'agent.sign_out_everywhere', { agentId, agentName: done.name, sessionsEnded: done.sessionsEnded });
        return done;
      });
      return c.json({ agentId, ...signedOut }, 200);
    })
    .openapi(passwordRoute, async (c) => {
      const agentId = c.req.valid('param').id;
      const { password } = await db.transaction(async (tx) => {
        const done = await resetPassword(tx, agentId);
        await auditChange(tx, adminAccount(c.get('admin')), 'agent.password_reset', { agentId, agentName: done.name });
        return done;
      });
      return c.json({ agentId, password }, 200);
    });
}
