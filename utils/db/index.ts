import Dexie, { type EntityTable } from 'dexie';
import type { Case, Handoff, Identity, Member, OpenCaseSummary, Problem } from '@/utils/contract';
import type { MessageKey } from '@/utils/i18n';

/** An outbox entry's name for the popup: a catalogue key and its arguments, shown in the agent's language. */
export interface OutboxLabel {
  key: MessageKey;
  args: string[];
}

/** A lookup answer kept for the badge pipeline (members and "not a member" alike). */
export interface CachedLookup {
  /** `network:handle` */
  key: string;
  member: Member | null;
  openCase: OpenCaseSummary | null;
  fetchedAt: number;
  /** After this the answer is still shown but refreshed in the background. */
  staleAt: number;
  /** After this the answer is not used at all. */
  expiresAt: number;
}

export type OutboxKind = 'handoff' | 'handoff-cancel' | 'note' | 'case-open' | 'case-change' | 'link' | 'unlink';
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

/** A write on its way to the server. Its id is the Idempotency-Key. */
export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body: unknown;
  /**
   * A short description for the popup ("Hand-off of @anna to Baggage"), translated when
   * shown; a plain string on writes queued before labels came from the catalogue.
   */
  label: OutboxLabel | string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  sendingSince: number | null;
  lastError: Pick<Problem, 'status' | 'title' | 'detail'> | null;
  /** The created resource's id once sent (a handoff's id, for Undo). */
  resultId: string | null;
  /** Undo asked while the write was being sent: cancel it once it lands. */
  undoRequested: boolean;
  /**
   * The customer whose lookup answer the write changes (member, open case), known when it
   * is queued, even for writes addressed by case or link id; null when none changes.
   * Absent on writes queued before this was kept.
   */
  identity?: Identity | null;
  /**
   * Who wrote it, and to which server: it is sent only with that agent's session on that
   * server. Null on writes queued before authors were kept (version 2): those wait, as
   * failed, for an agent to send them as their own or discard them.
   */
  agentId: string | null;
  serverOrigin: string | null;
}

/**
 * The signed-in agent's rotating refresh token. Kept in the extension's own IndexedDB,
 * which content scripts and pages never reach; one row, replaced on every refresh.
 */
export interface StoredCredential {
  id: 'agent';
  serverUrl: string;
  refreshToken: string;
  agentId: string;
  savedAt: number;
}

/** The lastError of a write queued before authors were kept: nobody sends it until an agent takes it. */
export const NO_AUTHOR_TITLE = 'no-author';

export type SyncedCase = Case & { syncedAt: number };
/** Handoffs the agent's team sent (the inbox is worked in the Console, not here). */
export type SyncedHandoff = Handoff & { box: 'sent'; syncedAt: number };

/** The extension's own database (the extension origin's IndexedDB, never the host page's). */
export class JetwayDb extends Dexie {
  lookups!: EntityTable<CachedLookup, 'key'>;
  outbox!: EntityTable<OutboxItem, 'id'>;
  cases!: EntityTable<SyncedCase, 'id'>;
  handoffs!: EntityTable<SyncedHandoff, 'id'>;
  credentials!: EntityTable<StoredCredential, 'id'>;

  constructor(name = 'jetway') {
    // Strict durability: a write the UI calls "saved" is on disk, not in an OS buffer.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      lookups: 'key, expiresAt',
      outbox: 'id, state, createdAt',
      cases: 'id, status, resolutionDueAt',
      handoffs: 'id, box, createdAt',
    });
    // Writes belong to their author: unsent writes from before carry none, so none is sent
    // under whoever signs in next; they wait for an agent to take or discard them.
    this.version(2)
      .stores({ outbox: 'id, state, createdAt, agentId' })
      .upgrade((tx) =>
        tx
          .table('outbox')
          .toCollection()
          .modify((item: OutboxItem) => {
            item.agentId = null;
            item.serverOrigin = null;
            if (item.state !== 'sent') {
              item.state = 'failed';
              item.sendingSince = null;
              item.lastError = { status: 0, title: NO_AUTHOR_TITLE };
            }
          }),
      );
    this.version(3).stores({ credentials: 'id' });
  }
}

let instance: JetwayDb | null = null;

export function jetwayDb(): JetwayDb {
  instance ??= new JetwayDb();
  return instance;
}

/** Everything about members and cases the extension keeps (not the unsent outbox). */
export async function clearCachedMemberData(db: JetwayDb): Promise<void> {
  await db.transaction('rw', db.lookups, db.cases, db.handoffs, async () => {
    await Promise.all([db.lookups.clear(), db.cases.clear(), db.handoffs.clear()]);
  });
}
