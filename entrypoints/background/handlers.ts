import { browser } from 'wxt/browser';
import { identityOfKey, MeSchema, MemberCardSchema, type Identity, type Me, type Tier } from '@/utils/contract';
import { ApiError, type ApiClient } from '@/utils/api/client';
import { clearCachedMemberData, type JetwayDb, type OutboxLabel } from '@/utils/db';
import type { BackgroundHandlers } from '@/utils/protocol/router';
import type { WriteReceipt } from '@/utils/protocol/schemas';
import { siteOf } from '@/utils/sites/registry';
import {
  effectiveSettings,
  meItem,
  readMe,
  readSessionEnded,
  sessionEndedItem,
  siteHealthItem,
  readSiteHealth,
  updateSettings,
  type Settings,
} from '@/utils/storage';
import { beginSignIn, finishSignIn, type TokenKeeper } from './credentials';
import { t } from '@/utils/i18n';
import { apiErrorMessage } from '@/utils/problem-messages';
import type { LookupPipeline } from './lookup-pipeline';
import type { Outbox, WriteRequest } from './outbox';
import type { ServerWatch } from './server-state';
import { signIn, signOut } from './session';

export interface HandlerDeps {
  db: JetwayDb;
  pipeline: LookupPipeline;
  outbox: Outbox;
  server: ServerWatch;
  syncNow(): Promise<void>;
  client(): Promise<ApiClient | null>;
  keeper: TokenKeeper;
  fetch?: typeof fetch;
}

export async function tiersOf(): Promise<Tier[]> {
  return (await readMe())?.tiers ?? [];
}

/**
 * The team a handoff goes to when the agent names none: their setting (or policy's) while
 * it is still one of the team's targets, else the first target. An admin may have narrowed
 * the targets since the team was picked; the server would refuse it.
 */
export function defaultHandoffTeamId(me: Me | null, settings: Pick<Settings, 'defaultHandoffTeamId'>): string | null {
  const chosen = settings.defaultHandoffTeamId;
  if (chosen && (!me || me.handoffTargets.some((target) => target.id === chosen))) return chosen;
  return me?.handoffTargets[0]?.id ?? null;
}

/** The customer a case is about, from the synced cases or, failing that, a cached badge answer. */
async function identityOfCase(db: JetwayDb, caseId: string): Promise<Identity | null> {
  const synced = await db.cases.get(caseId);
  if (synced) return synced.identity;
  const cached = await db.lookups.filter((row) => row.openCase?.id === caseId).first();
  return cached ? identityOfKey(cached.key) : null;
}

export function createHandlers(deps: HandlerDeps): BackgroundHandlers {
  // Answers as soon as the write is on disk; the sender asks `getWriteState` what became of it.
  const queue = async (writeId: string, request: Omit<WriteRequest, 'id'>): Promise<WriteReceipt> => {
    const item = await deps.outbox.enqueue({ ...request, id: writeId });
    // A write needs an author: with nobody signed in it is not stored.
    return item ? { status: 'stored', outboxId: item.id } : { status: 'refused', code: 'signed-out', message: 'Nobody is signed in' };
  };
  const handoffLabel = (me: Me | null, handle: string, teamId: string): OutboxLabel => {
    const team = me?.handoffTargets.find((target) => target.id === teamId)?.name;
    return team ? { key: 'outboxHandoff', args: [handle, team] } : { key: 'outboxHandoffElsewhere', args: [handle] };
  };
  /** A new session: nothing cached under the last one is trusted; catch up, and send what waited. */
  const afterSignIn = async () => {
    await deps.db.lookups.clear();
    await deps.server.note(true, null);
    void deps.syncNow().catch(() => undefined);
    void deps.outbox.flush();
  };
  /** The code and state the server sent back: checked, traded for tokens, the agent fetched. */
  const completeWebSignIn = async (code: string, state: string) => {
    const finished = await finishSignIn(deps.db, code, state, deps.fetch);
    if (!finished.ok) return finished;
    const client = await deps.client();
    if (!client) return { ok: false as const, message: t('signInNotKept') };
    try {
      const me = await client.request({ method: 'GET', path: '/v1/me', schema: MeSchema });
      await meItem.setValue(me);
      await sessionEndedItem.setValue(null);
      await updateSettings({ serverUrl: finished.serverUrl });
      await afterSignIn();
      return { ok: true as const, agentName: me.agent.name, teamName: me.team.name };
    } catch (error) {
      return { ok: false as const, message: t('signInAccountNotLoaded', apiErrorMessage(error)) };
    }
  };

  return {
    lookupIdentities: (data) => deps.pipeline.lookupIdentities(data.identities),
    getRecentAnswers: () => deps.pipeline.recentAnswers(),
    async getSession() {
      const [me, settings, client, ended] = await Promise.all([readMe(), effectiveSettings(), deps.client(), readSessionEnded()]);
      return {
        signedIn: client !== null && me !== null,
        sessionEnded: ended !== null,
        agent: me?.agent ?? null,
        team: me?.team ?? null,
        handoffTargets: me?.handoffTargets ?? [],
        defaultHandoffTeamId: defaultHandoffTeamId(me, settings),
        tiers: me?.tiers ?? [],
        sites: settings.sites,
      };
    },
    async getMemberCard({ memberId }) {
      const client = await deps.client();
      if (!client) return { ok: false, message: t('cardSignInFirst') };
      try {
        return { ok: true, card: await client.request({ method: 'GET', path: `/v1/members/${memberId}`, schema: MemberCardSchema }) };
      } catch (error) {
        return { ok: false, message: error instanceof ApiError ? apiErrorMessage(error) : t('cardLoadError') };
      }
    },
    async enqueueHandoff({ writeId, identity, caseId, toTeamId, reason, transcript }) {
      const [me, settings] = await Promise.all([readMe(), effectiveSettings()]);
      const teamId = toTeamId ?? defaultHandoffTeamId(me, settings);
      if (!teamId) return { status: 'refused', code: 'no-team', message: 'No team to hand off to' };
      // The customer's preferred channel is the server's to decide, from the member record.
      const body = { ...(caseId ? { caseId } : {}), identity, toTeamId: teamId, reason, transcript };
      return queue(writeId, { kind: 'handoff', method: 'POST', path: '/v1/handoffs', body, identity, label: handoffLabel(me, identity.handle, teamId) });
    },
    undoWrite: ({ outboxId }) => deps.outbox.undo(outboxId),
    getWriteState: ({ outboxId, waitMs }) => deps.outbox.stateOf(outboxId, waitMs),
    enqueueNote: ({ writeId, caseId, text }) =>
      queue(writeId, { kind: 'note', method: 'POST', path: `/v1/cases/${caseId}/notes`, body: { text }, identity: null, label: { key: 'outboxNote', args: [] } }),
    enqueueCaseOpen: ({ writeId, ...data }) =>
      queue(writeId, { kind: 'case-open', method: 'POST', path: '/v1/cases', body: data, identity: data.identity, label: { key: 'outboxCaseOpen', args: [data.identity.handle] } }),
    enqueueCaseChange: async ({ writeId, caseId, ...change }) =>
      queue(writeId, {
        kind: 'case-change',
        method: 'PATCH',
        path: `/v1/cases/${caseId}`,
        body: change,
        identity: await identityOfCase(deps.db, caseId),
        label: { key: change.status === 'resolved' ? 'outboxResolve' : change.assignee === 'me' ? 'outboxTake' : 'outboxCaseChange', args: [] },
      }),
    enqueueLink: ({ writeId, ...data }) =>
      queue(writeId, { kind: 'link', method: 'POST', path: '/v1/links', body: data, identity: data.identity, label: { key: 'outboxLink', args: [data.identity.handle] } }),
    enqueueUnlink: ({ writeId, linkId, identity }) =>
      queue(writeId, { kind: 'unlink', method: 'DELETE', path: `/v1/links/${linkId}`, body: undefined, identity, label: { key: 'outboxUnlink', args: [identity.handle] } }),
    async reportSiteHealth(data, sender) {
      const site = siteOf(sender.url);
      if (!site) return;
      const health = await readSiteHealth();
      // Posts on screen but no author readable: X or Facebook changed their layout.
      const status = data.postsSeen >= 3 && data.postsWithHandle === 0 ? 'layout-changed' : 'ok';
      await siteHealthItem.setValue({ ...health, [site]: { status, at: new Date().toISOString(), ...data } });
    },
    signIn: async ({ serverUrl, token }) => {
      // A pasted token replaces any browser sign-in.
      await deps.keeper.revoke();
      const outcome = await signIn(serverUrl, token, deps.fetch);
      if (outcome.ok) await afterSignIn();
      return outcome;
    },
    async startWebSignIn({ serverUrl }) {
      let url: string;
      try {
        url = await beginSignIn(serverUrl);
      } catch (error) {
        console.warn(`Jetway could not start a browser sign-in: ${error instanceof Error ? error.message : String(error)}`);
        return { ok: false, message: t('signInNotStarted') };
      }
      if (!import.meta.env.FIREFOX) {
        // The server's page opens in a tab and comes back to signed-in.html, which finishes.
        await browser.tabs.create({ url });
        return { ok: true, done: false };
      }
      // Firefox: a moz-extension:// address differs per install, so the browser's own
      // sign-in window returns to the fixed identity redirect URL instead.
      let returned: string | undefined;
      try {
        returned = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      } catch (error) {
        // The browser's reason (the window closed, the address refused) is English: the log keeps it.
        console.warn(`Jetway's sign-in window did not finish: ${error instanceof Error ? error.message : String(error)}`);
        return { ok: false, message: t('signInWindowClosed') };
      }
      const params = new URL(returned ?? 'about:blank').searchParams;
      const outcome = await completeWebSignIn(params.get('code') ?? '', params.get('state') ?? '');
      return outcome.ok ? { ok: true, done: true } : outcome;
    },
    completeWebSignIn: ({ code, state }) => completeWebSignIn(code, state),
    async signOut(data) {
      await deps.outbox.settleForSignOut(data?.unsent ?? 'keep');
      await signOut(deps.db, deps.keeper);
    },
    async getUnsentWrites() {
      return (await deps.outbox.unsent()).map(({ id, label, state, createdAt }) => ({ id, label, state: state === 'sent' ? 'queued' : state, createdAt }));
    },
    retryWrite: ({ outboxId }) => deps.outbox.retry(outboxId),
    discardWrite: ({ outboxId }) => deps.outbox.discard(outboxId),
    async clearCachedData() {
      await clearCachedMemberData(deps.db);
      await deps.syncNow().catch(() => undefined);
    },
    saveSettings: (change) => updateSettings(change),
    syncNow: () => deps.syncNow(),
    checkServer: () => deps.server.check(),
  };
}
