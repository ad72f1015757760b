import nodemailer from 'nodemailer';
import type { Handoff } from '../../../utils/contract';
import type { Queryable } from '../../db/database';

/** Sends one plain-text email; built from `JETWAY_SMTP_URL` and `JETWAY_SMTP_FROM`. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/**
 * How long a mail server may take to connect, greet, or answer each command: no longer than
 * a webhook receiver may take, so a hanging mail server holds up neither the delivery of
 * other events nor the server's shutdown.
 */
export const SMTP_TIMEOUT_MS = 10_000;

export function smtpMailer(smtpUrl: string, from: string, timeoutMs = SMTP_TIMEOUT_MS): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

/** The short notice of a new handoff: who, their tier, why, when it is due, and where to work it. */
export async function handoffNotice(db: Queryable, handoff: Handoff, consoleUrl: string): Promise<{ subject: string; text: string }> {
  const [member] = await db.query<{ tier: string }>(
    `SELECT t.name AS tier FROM member_identities i JOIN members m ON m.id = i.member_id JOIN tiers t ON t.id = m.tier_id
      WHERE i.network = $1 AND i.handle = $2`,
    [handoff.identity.network, handoff.identity.handle],
  );
  const who = `@${handoff.identity.handle} (${handoff.identity.network === 'x' ? 'X' : 'Facebook'})`;
  const tier = member?.tier ?? 'not a member';
  const link = `${consoleUrl.replace(/\/$/, '')}/console/handoffs/${handoff.id}`;
  return {
    subject: `New handoff from ${handoff.fromTeam.name}: ${who}, ${tier}`,
    text: [
      `New handoff from ${handoff.fromTeam.name} to ${handoff.toTeam.name}`,
      `Customer: ${who}, ${tier}`,
      `Reason: ${handoff.reason || '(none given)'}`,
      `Due: ${handoff.dueAt}`,
      link,
    ].join('\n'),
  };
}

/**
 * Who is told that an endpoint was disabled, by email: the team's leads and admins, who
 * manage its webhooks, and every admin, who runs Jetway for the airline.
 */
export async function endpointOwnerEmails(db: Queryable, teamId: string): Promise<string[]> {
  const rows = await db.query<{ email: string }>(
    `SELECT email FROM agents
      WHERE ((team_id = $1 AND role IN ('lead', 'admin')) OR role = 'admin') AND email IS NOT NULL AND disabled_at IS NULL
      ORDER BY email`,
    [teamId],
  );
  return rows.map((row) => row.email);
}
