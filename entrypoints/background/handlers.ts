import type { Browser } from 'wxt/browser';
import { MemberCardSchema, type Tier } from '@/utils/contract';
import { ApiError, type ApiClient } from '@/utils/api/client';
import type { JetwayDb } from '@/utils/db';
import { EnvelopeSchema, PROTOCOL } from '@/utils/message-schemas';
import type { Answers, Reply, Verb, VerbData } from '@/utils/messaging';
import type { WriteReceipt } from '@/utils/overlay/bridge';
import { effectiveSettings, readMe, serverStateItem, siteHealthItem, readSiteHealth, updateSettings } from '@/utils/storage';
import type { LookupPipeline } from './lookup-pipeline';
import type { Outbox, WriteRequest } from './outbox';
import { signIn, signOut } from './session';

type Sender = Browser.runtime.MessageSender;
type Handlers = { [V in Verb]: (data: VerbData<V>, sender: Sender) => Promise<Answers[V]> };

/** The sites whose pages may talk to the background (their content scripts). */
export const CONTENT_ORIGINS = new Set([
  'https://x.com',
  'https://twitter.com',
  'https://mobile.x.com',
  'https://mobile.twitter.com',
  'https://www.facebook.com',
  'https://web.facebook.com',
  'https://business.facebook.com',
]);

export function siteOf(url: string | undefined): 'x' | 'facebook' | null {
  if (!url) return null;
  const host = new URL(url).hostname;
  if (/(^|\.)(x|twitter)\.com$/.test(host)) return 'x';
  if (/(^|\.)facebook\.com$/.test(host)) return 'facebook';
  return null;
}

/** Who sent a message: one of our content scripts on an allowed site, one of our pages, or nobody we talk to. */
export function senderKind(sender: Sender, runtimeId: string, extensionBase: string): 'content' | 'page' | null {
  if (sender.id !== runtimeId) return null;
  const url = sender.url ?? (sender as { origin?: string }).origin;
  if (!url) return null;
  // Extension URLs have an opaque origin ("null"), so compare by prefix.
  if (url.startsWith(extensionBase)) return 'page';
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  if (sender.tab?.id !== undefined && CONTENT_ORIGINS.has(origin)) return 'content';
  return null;
}

/**
 * Checks the sender, then the payload, then runs the handler: failing closed at each
 * step. Returns undefined for messages that are not Jetway's, so other listeners may answer.
 */
export function createRouter(handlers: Handlers, env: { runtimeId: string; extensionBase: string }) {
  return (message: unknown, sender: Sender): Promise<Reply<unknown>> | undefined => {
    const envelope = EnvelopeSchema.safeParse(message);
    if (!envelope.success) return undefined;
    const verb = envelope.data.jetway as Verb;
    const spec = PROTOCOL[verb];
    if (!spec) return Promise.resolve({ ok: false, error: 'Unknown request' });
    const kind = senderKind(sender, env.runtimeId, env.extensionBase);
    if (!kind || (spec.from !== 'any' && spec.from !== kind)) return Promise.resolve({ ok: false, error: 'Request refused' });
    const data = spec.data.safeParse(envelope.data.data);
    if (!data.success) return Promise.resolve({ ok: false, error: `Invalid ${verb} request: ${data.error.issues[0]?.message ?? ''}` });
    const handler = handlers[verb] as (data: unknown, sender: Sender) => Promise<unknown>;
    return handler(data.data, sender).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}

export interface HandlerDeps {
  db: JetwayDb;
  pipeline: LookupPipeline;
  outbox: Outbox;
  syncNow(): Promise<void>;
  client(): Promise<ApiClient | null>;
  fetch?: typeof fetch;
}

export async function tiersOf(): Promise<Tier[]> {
  return (await readMe())?.tiers ?? [];
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const queue = async (request: WriteRequest): Promise<WriteReceipt> => {
    const item = await deps.outbox.enqueue(request);
    // Give a reachable server a moment, so the toast can say "sent" rather than "queued".
    await Promise.race([deps.outbox.flush(), new Promise((resolve) => setTimeout(resolve, 1_500))]);
    const after = await deps.db.outbox.get(item.id);
    return { ok: true, outboxId: item.id, state: after?.state === 'sent' ? 'sent' : 'queued' };
  };
  const teamName = async (teamId: string) => (await readMe())?.handoffTargets.find((team) => team.id === teamId)?.name ?? 'another team';

  return {
    lookupIdentities: (data) => deps.pipeline.lookupIdentities(data.identities),
    getRecentAnswers: () => deps.pipeline.recentAnswers(),
    async getSession() {
      const [me, settings, client] = await Promise.all([readMe(), effectiveSettings(), deps.client()]);
      return {
        signedIn: client !== null && me !== null,
        agent: me?.agent ?? null,
        team: me?.team ?? null,
        handoffTargets: me?.handoffTargets ?? [],
        defaultHandoffTeamId: settings.defaultHandoffTeamId ?? me?.handoffTargets[0]?.id ?? null,
        tiers: me?.tiers ?? [],
        sites: settings.sites,
      };
    },
    async getMemberCard({ memberId }) {
      const client = await deps.client();
      if (!client) return { ok: false, message: 'Sign in to Jetway to see member details.' };
      try {
        return { ok: true, card: await client.request({ method: 'GET', path: `/v1/members/${memberId}`, schema: MemberCardSchema }) };
      } catch (error) {
        return { ok: false, message: error instanceof ApiError ? error.message : 'The member card could not be loaded.' };
      }
    },
    async enqueueHandoff(data) {
      const me = await readMe();
      const settings = await effectiveSettings();
      const toTeamId = data.toTeamId ?? settings.defaultHandoffTeamId ?? me?.handoffTargets[0]?.id;
      if (!toTeamId) return { ok: false, message: 'Sign in to Jetway to hand off: no team to hand off to yet.' };
      const body = { ...(data.caseId ? { caseId: data.caseId } : {}), identity: data.identity, toTeamId, reason: data.reason, preferredChannel: data.preferredChannel, transcript: data.transcript };
      return queue({ kind: 'handoff', method: 'POST', path: '/v1/handoffs', body, label: `Hand-off of @${data.identity.handle} to ${await teamName(toTeamId)}` });
    },
    async undoWrite({ outboxId }) {
      const result = await deps.outbox.undo(outboxId);
      return result.ok ? { ok: true, outboxId, state: result.state } : result;
    },
    enqueueNote: ({ caseId, text }) => queue({ kind: 'note', method: 'POST', path: `/v1/cases/${caseId}/notes`, body: { text }, label: 'Case note' }),
    enqueueCaseOpen: (data) =>
      queue({ kind: 'case-open', method: 'POST', path: '/v1/cases', body: data, label: `New case for @${data.identity.handle}` }),
    enqueueCaseChange: ({ caseId, ...change }) =>
      queue({ kind: 'case-change', method: 'PATCH', path: `/v1/cases/${caseId}`, body: change, label: change.status === 'resolved' ? 'Resolve case' : 'Case change' }),
    enqueueLink: (data) => queue({ kind: 'link', method: 'POST', path: '/v1/links', body: data, label: `Link @${data.identity.handle}` }),
    enqueueUnlink: ({ linkId }) => queue({ kind: 'unlink', method: 'DELETE', path: `/v1/links/${linkId}`, body: undefined, label: 'Unlink handle' }),
    async reportSiteHealth(data, sender) {
      const site = siteOf(sender.url);
      if (!site) return;
      const health = await readSiteHealth();
      // Posts on screen but no author readable: X or Facebook changed their layout.
      const status = data.postsSeen >= 3 && data.postsWithHandle === 0 ? 'layout-changed' : 'ok';
      await siteHealthItem.setValue({ ...health, [site]: { status, at: new Date().toISOString(), ...data } });
    },
    signIn: async ({ serverUrl, token }) => {
      const outcome = await signIn(serverUrl, token, deps.fetch);
      if (outcome.ok) {
        await deps.db.lookups.clear();
        await serverStateItem.setValue({ reachable: true, checkedAt: new Date().toISOString(), message: null });
        void deps.syncNow().catch(() => undefined);
        void deps.outbox.flush();
      }
      return outcome;
    },
    signOut: () => signOut(deps.db),
    retryWrite: ({ outboxId }) => deps.outbox.retry(outboxId),
    discardWrite: ({ outboxId }) => deps.outbox.discard(outboxId),
    async clearCachedData() {
      await deps.db.lookups.clear();
    },
    saveSettings: (change) => updateSettings(change),
    syncNow: () => deps.syncNow(),
  };
}

