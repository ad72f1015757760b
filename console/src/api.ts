import type { z } from 'zod';
import {
  ConsoleSessionSchema,
  CSRF_HEADER,
  DashboardSchema,
  TeamSettingsListSchema,
  TeamSettingsSchema,
  HandoffDetailSchema,
  InboxPageSchema,
  MeSchema,
  ProblemSchema,
  SsoProviderSchema,
  type ConsoleSession,
  type Dashboard,
  type DashboardQuery,
  type TeamSettings,
  type TeamSettingsPatch,
  type HandoffAction,
  type HandoffDetail,
  type InboxPage,
  type InboxQuery,
  type Me,
  type Problem,
  type SignIn,
  NoticeSettingsSchema,
  WebhookEndpointCreatedSchema,
  WebhookSecretSchema,
  WebhooksOverviewSchema,
  type NoticeSettings,
  type WebhookEventType,
  type WebhooksOverview,
  AgentListSchema,
  AgentPasswordSchema,
  AuditAgentsSchema,
  AuditPageSchema,
  CreatedAgentSchema,
  RevokedAgentSchema,
  TierListSchema,
  type AuditPage,
  type AuditQuery,
  type Tier,
  type TiersChange,
  ErasureSchema,
  ImportLineSchema,
  MEMBER_ERASE_PATH,
  MEMBER_IMPORT_PATH,
  MEMBER_SEARCH_PATH,
  MemberSearchSchema,
  type Erasure,
  type ImportResultLine,
  type MemberListing,
} from '@/utils/contract';

/** The server answered with an error status; `problem` is its RFC 9457 body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** Seconds from `Retry-After` on a 429, when the server gave them. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** The server answered 2xx with a body the contract does not allow. */
export class ContractError extends Error {
  override name = 'ContractError';
}

/**
 * The CSRF token of the current session. Every cookie-authenticated write echoes it in
 * `X-Jetway-CSRF`; it is only kept in memory and comes back with `GET /auth/session`.
 */
let csrfToken: string | null = null;

export function rememberSession(session: ConsoleSession | null): void {
  csrfToken = session?.csrfToken ?? null;
}

interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (the browser streams it from disk), instead of a JSON `body`. */
  file?: { data: Blob; type: string };
  /** Writes carry one key per user action, so a retried request is applied once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.type;
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.file ? options.file.data : options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(String(error));
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    const parsed = ProblemSchema.safeParse(await response.json());
    if (parsed.success) problem = parsed.data;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(response.status, problem, retryAfterOf(response.headers.get('retry-after')));
}

/** `Retry-After` as seconds from now: either delta-seconds or an HTTP date. */
export function retryAfterOf(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

async function json<S extends z.ZodType>(schema: S, response: Response): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ContractError(`${response.url}: not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ContractError(`${response.url}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts; a Console reached over
 * plain http on a LAN name is not one, so the key is built from `getRandomValues` there.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How far an import got: valid rows stored (committed) of all valid rows in the file. */
export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * An import that began but did not end with its result: the server stopped it (`byServer`)
 * or the connection was lost. `stored` rows are in for certain; with a lost connection,
 * more may be.
 */
export class ImportInterruptedError extends Error {
  override name = 'ImportInterruptedError';
  constructor(
    readonly byServer: boolean,
    readonly stored: number,
    readonly total: number,
  ) {
    super(byServer ? 'the import failed on the server' : 'the connection was lost during the import');
  }
}

/**
 * Reads the import's NDJSON answer as it arrives: each progress line goes to `onProgress`,
 * the result line is returned. An error line, or an answer that ends (or breaks) before the
 * result, is an `ImportInterruptedError`.
 */
async function readImportAnswer(response: Response, onProgress: (progress: ImportProgress) => void): Promise<ImportResultLine> {
  if (!response.body) throw new ContractError(`${response.url}: no body`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let progress: ImportProgress = { done: 0, total: 0 };
  let pending = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch {
      throw new ImportInterruptedError(false, progress.done, progress.total);
    }
    if (chunk.done) throw new ImportInterruptedError(false, progress.done, progress.total);
    pending += chunk.value;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.trim()) continue;
      let parsed;
      try {
        parsed = ImportLineSchema.safeParse(JSON.parse(text));
      } catch {
        throw new ContractError(`${response.url}: a line that is not JSON`);
      }
      if (!parsed.success) throw new ContractError(`${response.url}: ${parsed.error.message}`);
      const line = parsed.data;
      if ('error' in line) throw new ImportInterruptedError(true, line.stored ?? 0, progress.total);
      if ('done' in line) {
        progress = line;
        onProgress(line);
        continue;
      }
      await reader.cancel().catch(() => undefined);
      return line;
    }
  }
}

/** A query string of the values given (none: ''). */
function searchOf(query: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const api = {
  /** The signed-in session, or null when there is none (401). */
  async session(signal?: AbortSignal): Promise<ConsoleSession | null> {
    try {
      return await json(ConsoleSessionSchema, await send('GET', '/auth/session', { signal }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },

  /** The company sign-in (OIDC) the server offers, or null. */
  async ssoProvider(signal?: AbortSignal): Promise<{ name: string } | null> {
    return (await json(SsoProviderSchema, await send('GET', '/oauth/oidc/provider', { signal }))).provider;
  },

  async signIn(credentials: SignIn): Promise<ConsoleSession> {
    return json(ConsoleSessionSchema, await send('POST', '/auth/session', { body: credentials }));
  },

  async signOut(): Promise<void> {
    try {
      await send('DELETE', '/auth/session');
    } catch (error) {
      // Already signed out is signed out.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
  },

  async me(signal?: AbortSignal): Promise<Me> {
    return json(MeSchema, await send('GET', '/v1/me', { signal }));
  },

  async inbox(query: Partial<InboxQuery>, signal?: AbortSignal): Promise<InboxPage> {
    return json(InboxPageSchema, await send('GET', `/v1/handoffs/inbox${searchOf(query)}`, { signal }));
  },

  async teams(signal?: AbortSignal): Promise<TeamSettings[]> {
    return (await json(TeamSettingsListSchema, await send('GET', '/admin/v1/teams', { signal }))).teams;
  },

  async changeTeam(id: string, patch: TeamSettingsPatch): Promise<TeamSettings> {
    return json(TeamSettingsSchema, await send('PATCH', `/admin/v1/teams/${encodeURIComponent(id)}`, { body: patch }));
  },

  async dashboard(query: Partial<DashboardQuery>, signal?: AbortSignal): Promise<Dashboard> {
    return json(DashboardSchema, await send('GET', `/v1/dashboard${searchOf(query)}`, { signal }));
  },

  async handoff(id: string, signal?: AbortSignal): Promise<HandoffDetail> {
    return json(HandoffDetailSchema, await send('GET', `/v1/handoffs/${encodeURIComponent(id)}`, { signal }));
  },

  async webhooks(signal?: AbortSignal): Promise<WebhooksOverview> {
    return json(WebhooksOverviewSchema, await send('GET', '/v1/webhooks', { signal }));
  },

  /** The new endpoint's signing secret is in this answer only. */
  async addWebhook(url: string, events: WebhookEventType[]) {
    return json(WebhookEndpointCreatedSchema, await send('POST', '/v1/webhooks', { body: { url, events } }));
  },

  async removeWebhook(id: string): Promise<void> {
    await send('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`);
  },

  async rotateWebhookSecret(id: string): Promise<string> {
    return (await json(WebhookSecretSchema, await send('POST', `/v1/webhooks/${encodeURIComponent(id)}/rotate-secret`))).secret;
  },

  async retryDelivery(id: string): Promise<void> {
    await send('POST', `/v1/webhooks/deliveries/${encodeURIComponent(id)}/retry`);
  },

  async saveNotices(settings: NoticeSettings): Promise<NoticeSettings> {
    return json(NoticeSettingsSchema, await send('PUT', '/v1/webhooks/notices', { body: settings }));
  },

  async agents(signal?: AbortSignal) {
    return (await json(AgentListSchema, await send('GET', '/admin/v1/agents', { signal }))).agents;
  },

  /** A new agent with a Console account; its password, made up by the server, is in this answer only. */
  async createAgent(agent: { name: string; email: string; team: string; role: string }) {
    return json(CreatedAgentSchema, await send('POST', '/admin/v1/agents', { body: { ...agent, issuePassword: true } }));
  },

  async deactivateAgent(id: string) {
    return json(RevokedAgentSchema, await send('POST', `/admin/v1/agents/${encodeURIComponent(id)}/deactivate`));
  },

  async signOutAgent(id: string) {
    return json(RevokedAgentSchema, await send('POST', `/admin/v1/agents/${encodeURIComponent(id)}/sign-out`));
  },

  /** The new password is in this answer only. */
  async resetAgentPassword(id: string) {
    return json(AgentPasswordSchema, await send('POST', `/admin/v1/agents/${encodeURIComponent(id)}/password`));
  },

  async tiers(signal?: AbortSignal): Promise<Tier[]> {
    return (await json(TierListSchema, await send('GET', '/admin/v1/tiers', { signal }))).tiers;
  },

  async changeTiers(change: TiersChange): Promise<Tier[]> {
    return (await json(TierListSchema, await send('PUT', '/admin/v1/tiers', { body: change }))).tiers;
  },

  async audit(query: Partial<AuditQuery>, signal?: AbortSignal): Promise<AuditPage> {
    return json(AuditPageSchema, await send('GET', `/v1/audit${searchOf(query)}`, { signal }));
  },

  async auditAgents(signal?: AbortSignal) {
    return (await json(AuditAgentsSchema, await send('GET', '/v1/audit/agents', { signal }))).agents;
  },

  /** Members by loyalty number or handle (exact); the server audits each one shown. */
  async searchMembers(q: string): Promise<MemberListing[]> {
    return (await json(MemberSearchSchema, await send('GET', `${MEMBER_SEARCH_PATH}${searchOf({ q })}`))).members;
  },

  async eraseMember(loyaltyNumber: string): Promise<Erasure> {
    return json(ErasureSchema, await send('POST', MEMBER_ERASE_PATH, { body: { loyaltyNumber } }));
  },

  /** Sends the file as it is, then follows the server's progress until its result. */
  async importMembers(file: File, type: string, onProgress: (progress: ImportProgress) => void): Promise<ImportResultLine> {
    return readImportAnswer(await send('POST', MEMBER_IMPORT_PATH, { file: { data: file, type } }), onProgress);
  },

  /** The page refetches the handoff afterwards, so the answer's body is not needed here. */
  async actOn(id: string, action: HandoffAction, idempotencyKey: string): Promise<void> {
    await send('PATCH', `/v1/handoffs/${encodeURIComponent(id)}`, { body: action, idempotencyKey });
  },
};
