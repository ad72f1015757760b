import type { BrowserContext } from '@playwright/test';
import { currentDeadlineOf } from '@/utils/deadline-view';
import { launchWithExtension, signIn } from './extension';
import { membersCsv } from './members';
import { JetwayServer } from './server';

export interface JetwayRig {
  server: JetwayServer;
  browser: { context: BrowserContext; close(): Promise<void> };
  /** Each agent's token, by agent name. */
  tokens: Record<string, string>;
  close(): Promise<void>;
}

/**
 * One e2e file's world: a real server with the e2e members and the given agents, and
 * Chromium with the built extension, signed in as the first agent unless told otherwise.
 */
export async function setUpJetway(options: { agents: Array<[name: string, team: string]>; signIn?: boolean; language?: string }): Promise<JetwayRig> {
  const server = new JetwayServer();
  const tokens: Record<string, string> = {};
  for (const [name, team] of options.agents) tokens[name] = server.createAgent(name, team);
  server.importMembers(membersCsv());
  await server.start();
  const browser = await launchWithExtension({ language: options.language });
  const [first] = options.agents;
  if (options.signIn !== false && first) await (await signIn(browser.context, server.url, tokens[first[0]]!, options.language)).close();
  return {
    server,
    browser,
    tokens,
    async close() {
      await browser.close();
      await server.dispose();
    },
  };
}

/**
 * What a card or popup row shows as a new case's deadline, chosen by the rule they use
 * (`currentDeadlineOf`): the first response while it is the nearer, the team's sundown when
 * the case opened within the first-response minutes of the team's day end (the e2e teams'
 * day is UTC's: a run just before midnight UTC).
 */
export function shownDeadline(opened: { firstResponseDueAt: string; resolutionDueAt: string }): RegExp {
  return currentDeadlineOf(opened).kind === 'first-response' ? /First response · due in 1[45] min/ : /Sundown · due in \d{1,2} min/;
}
