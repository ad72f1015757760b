import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { MeSchema, type Me } from '@/utils/contract';
import { SitesSchema } from '@/utils/protocol/schemas';
import { SITE_IDS } from '@/utils/sites/registry';

/**
 * Every storage item Jetway keeps, in one place, each validated when read. The access token
 * lives only in `storage.session` (cleared with the browser session, never written to disk
 * and, with TRUSTED_CONTEXTS access, unreadable by content scripts); the refresh token that
 * outlasts a restart lives in the extension's IndexedDB (`credentials`, utils/db).
 */

/** `expiresAt` (ms) for an access token from browser sign-in; absent for a pasted token. */
export const AuthSchema = z.object({ serverUrl: z.url(), token: z.string().min(10).max(2000), expiresAt: z.number().optional() });
export type Auth = z.infer<typeof AuthSchema>;

export { SitesSchema, type Sites } from '@/utils/protocol/schemas';

export const SettingsSchema = z.object({
  serverUrl: z.url().nullable(),
  sites: SitesSchema,
  defaultHandoffTeamId: z.string().nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { serverUrl: null, sites: { x: true, facebook: true }, defaultHandoffTeamId: null };

/** What enterprise policy (managed storage, `public/managed-schema.json`) may set. */
export const ManagedSchema = z.object({
  serverUrl: z.url().optional(),
  sites: SitesSchema.partial().optional(),
  defaultHandoffTeamId: z.string().optional(),
});

export const SiteHealthSchema = z.partialRecord(
  z.enum(SITE_IDS),
  z.object({ status: z.enum(['ok', 'layout-changed']), at: z.string(), postsSeen: z.number(), postsWithHandle: z.number() }),
);
export type SiteHealth = z.infer<typeof SiteHealthSchema>;

export const ServerStateSchema = z.object({
  reachable: z.boolean(),
  checkedAt: z.string(),
  message: z.string().nullable(),
});
export type ServerState = z.infer<typeof ServerStateSchema>;

/** A browser sign-in under way: its PKCE verifier and state, in the session store only. */
export const PendingSignInSchema = z.object({
  serverUrl: z.url(),
  state: z.string().min(32),
  verifier: z.string().min(43).max(128),
  redirectUri: z.string(),
  createdAt: z.number(),
});
export type PendingSignIn = z.infer<typeof PendingSignInSchema>;

/** Why the agent is no longer signed in, when the extension (not the agent) ended it. */
export const SessionEndedSchema = z.object({ message: z.string(), at: z.string() });
export type SessionEnded = z.infer<typeof SessionEndedSchema>;

function validated<T>(schema: z.ZodType<T>, fallback: T) {
  return (value: unknown): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
}

export const authItem = storage.defineItem<Auth | null>('session:auth', { fallback: null, version: 1 });
export const pendingSignInItem = storage.defineItem<PendingSignIn | null>('session:pendingSignIn', { fallback: null, version: 1 });
export const sessionEndedItem = storage.defineItem<SessionEnded | null>('local:sessionEnded', { fallback: null, version: 1 });
export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 1 });
export const meItem = storage.defineItem<Me | null>('local:me', { fallback: null, version: 1 });
export const siteHealthItem = storage.defineItem<SiteHealth>('local:siteHealth', { fallback: {}, version: 1 });
export const serverStateItem = storage.defineItem<ServerState | null>('local:serverState', { fallback: null, version: 1 });

export async function readAuth(): Promise<Auth | null> {
  return validated(AuthSchema.nullable(), null)(await authItem.getValue());
}

export async function readPendingSignIn(): Promise<PendingSignIn | null> {
  return validated(PendingSignInSchema.nullable(), null)(await pendingSignInItem.getValue());
}

export async function readSessionEnded(): Promise<SessionEnded | null> {
  return validated(SessionEndedSchema.nullable(), null)(await sessionEndedItem.getValue());
}

export async function readMe(): Promise<Me | null> {
  return validated(MeSchema.nullable(), null)(await meItem.getValue());
}

export async function readServerState(): Promise<ServerState | null> {
  return validated(ServerStateSchema.nullable(), null)(await serverStateItem.getValue());
}

export async function readSiteHealth(): Promise<SiteHealth> {
  return validated(SiteHealthSchema, {})(await siteHealthItem.getValue());
}

export interface EffectiveSettings extends Settings {
  serverUrl: string;
  locked: { serverUrl: boolean; sites: boolean; defaultHandoffTeamId: boolean };
}

async function readManaged(): Promise<z.infer<typeof ManagedSchema>> {
  try {
    const raw = await browser.storage.managed.get(null);
    const parsed = ManagedSchema.safeParse(raw);
    return parsed.success ? parsed.data : {};
  } catch {
    // No policy installed (or a browser without managed storage).
    return {};
  }
}

/** The agent's settings with enterprise policy applied on top: policy always wins. */
export async function effectiveSettings(): Promise<EffectiveSettings> {
  const local = validated(SettingsSchema, DEFAULT_SETTINGS)(await settingsItem.getValue());
  const managed = await readManaged();
  return {
    serverUrl: managed.serverUrl ?? local.serverUrl ?? __JETWAY_DEFAULT_SERVER__,
    sites: { ...local.sites, ...managed.sites },
    defaultHandoffTeamId: managed.defaultHandoffTeamId ?? local.defaultHandoffTeamId,
    locked: {
      serverUrl: managed.serverUrl !== undefined,
      sites: managed.sites !== undefined,
      defaultHandoffTeamId: managed.defaultHandoffTeamId !== undefined,
    },
  };
}

export async function updateSettings(change: Partial<Settings>): Promise<void> {
  const current = validated(SettingsSchema, DEFAULT_SETTINGS)(await settingsItem.getValue());
  await settingsItem.setValue(SettingsSchema.parse({ ...current, ...change }));
}
