import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { DeadlineChip } from '@/components/DeadlineChip';
import { HandedOff } from './HandedOff';
import { TierPill } from '@/components/TierPill';
import type { Me, Tier } from '@/utils/contract';
import { identityKey, sitePageUrlOrNull } from '@/utils/contract';
import { jetwayDb, NO_AUTHOR_TITLE, type OutboxItem, type SyncedCase } from '@/utils/db';
import { currentDeadlineOf } from '@/utils/deadline-view';
import { t } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging';
import { SERVER_CHECK_MS } from '@/utils/protocol/badge-path';
import { createWriteIds, outboxLabelText, refusalMessage, sendWrite } from '@/utils/writes';
import { effectiveSettings, meItem, readMe, readSessionEnded, readSiteHealth, serverStateItem, siteHealthItem, type ServerState, type SiteHealth } from '@/utils/storage';

/** How often the open popup asks the background to sync the cases and handoffs. */
const POPUP_SYNC_MS = 15_000;

type Scope = 'mine' | 'team';
type Tab = 'cases' | 'handedOff';

function useStored<T>(read: () => Promise<T>, watch: (callback: () => void) => () => void): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    const load = () => void read().then(setValue);
    load();
    return watch(load);
  }, [read, watch]);
  return value;
}

const watchMe = (callback: () => void) => meItem.watch(callback);
const watchHealth = (callback: () => void) => siteHealthItem.watch(callback);
const watchServer = (callback: () => void) => serverStateItem.watch(callback);
const readServer = async () => (await serverStateItem.getValue()) as ServerState | null;

/** Why the server refused a write, with what to do. */
const failureText = (item: OutboxItem) => {
  if (item.lastError?.title === NO_AUTHOR_TITLE) return t('outboxNoAuthor');
  const status = item.lastError?.status ?? 0;
  return status ? refusalMessage({ state: 'failed', status, conflict: status === 409, detail: item.lastError?.detail ?? null }) : t('popupFailed');
};

/** Cases before the list is read (one array, so hooks that depend on it do not run again). */
const NO_CASES: SyncedCase[] = [];

/** The toolbar popup: the agent's open cases by nearest deadline, outbox and site health. */
export function App() {
  const db = jetwayDb();
  const me = useStored<Me | null>(readMe, watchMe);
  const health = useStored<SiteHealth>(readSiteHealth, watchHealth);
  const server = useStored<ServerState | null>(readServer, watchServer);
  const [scope, setScope] = useState<Scope>('mine');
  const [tab, setTab] = useState<Tab>('cases');
  const [now, setNow] = useState(() => new Date());
  // A second click on Resolve while the first is on its way is the same write.
  const [writeIds] = useState(() => createWriteIds(6_000));
  // Undefined until the cases are read: the list says nothing rather than "no open cases".
  const loadedCases = useLiveQuery(() => db.cases.toArray(), []);
  const cases = loadedCases ?? NO_CASES;
  // Oldest first: refused writes are listed in the order the agent made them.
  const outbox = useLiveQuery(() => db.outbox.orderBy('createdAt').toArray(), [], [] as OutboxItem[]);
  const tiersByMember = useLiveQuery(
    async () => {
      const keys = cases.map((item) => identityKey(item.identity));
      const rows = await db.lookups.bulkGet(keys);
      return new Map(rows.filter((row) => row?.member).map((row) => [row!.key, row!.member!.tierId]));
    },
    [cases],
    new Map<string, string>(),
  );

  // Tiers come from the lookup cache; ask for the customers not looked up yet.
  useEffect(() => {
    const missing = cases.filter((item) => !tiersByMember.has(identityKey(item.identity))).map((item) => item.identity);
    if (missing.length > 0) void sendMessage('lookupIdentities', { identities: missing.slice(0, 500) }).catch(() => undefined);
  }, [cases, tiersByMember]);

  // The lists follow the server while the popup is open: a sync now and every 15 s.
  useEffect(() => {
    const sync = () => void sendMessage('syncNow').catch(() => undefined);
    sync();
    const clock = setInterval(() => setNow(new Date()), 30_000);
    const refresh = setInterval(sync, POPUP_SYNC_MS);
    return () => {
      clearInterval(clock);
      clearInterval(refresh);
    };
  }, []);

  // While the server cannot be reached, ask every few seconds whether it is back: the
  // banner goes (and waiting writes are sent) the moment it is.
  const unreachable = server?.reachable === false;
  useEffect(() => {
    if (!unreachable) return;
    const check = () => void sendMessage('checkServer').catch(() => undefined);
    check();
    const timer = setInterval(check, SERVER_CHECK_MS);
    return () => clearInterval(timer);
  }, [unreachable]);

  if (me === undefined) return <main className="popup" aria-busy="true" />;
  if (me === null) return <SignedOut />;

  const tiers = new Map<string, Tier>(me.tiers.map((tier) => [tier.id, tier]));
  // The agent's own writes; unowned ones (queued before authors were kept) wait for someone to take them.
  const own = outbox.filter((item) => item.agentId === me.agent.id);
  const pending = own.filter((item) => item.state === 'queued' || item.state === 'sending');
  const failed = outbox.filter((item) => item.state === 'failed' && (item.agentId === me.agent.id || item.agentId === null));
  const others = outbox.filter((item) => item.agentId !== null && item.agentId !== me.agent.id && item.state !== 'sent').length;
  const visible = cases
    .filter((item) => item.status !== 'resolved' && (scope === 'team' || item.assignee?.id === me.agent.id))
    .sort((a, b) => currentDeadlineOf(a).dueAt.getTime() - currentDeadlineOf(b).dueAt.getTime());
  const waitingFor = (item: SyncedCase) => pending.some((write) => write.path.includes(item.id));

  return (
    <main className="popup">
      <nav className="segmented tabs" role="tablist" aria-label={t('popupTabs')}>
        {(['cases', 'handedOff'] as const).map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} className={tab === value ? 'on' : ''} onClick={() => setTab(value)}>
            {value === 'cases' ? t('popupTabCases') : t('popupTabHandedOff')}
          </button>
        ))}
      </nav>
      <header className="popup-header">
        <h1>{tab === 'cases' ? t('popupTitle') : t('popupTabHandedOff')}</h1>
        {tab === 'cases' ? (
          <div className="segmented" role="radiogroup" aria-label={t('popupScope')}>
            {(['mine', 'team'] as const).map((value) => (
              <button key={value} type="button" role="radio" aria-checked={scope === value} className={scope === value ? 'on' : ''} onClick={() => setScope(value)}>
                {value === 'mine' ? t('popupMine') : t('popupTeam')}
              </button>
            ))}
          </div>
        ) : null}
      </header>

      {server && !server.reachable ? (
        <p className="banner warn" role="status">
          {t('popupOffline')}
        </p>
      ) : null}

      {tab === 'handedOff' ? (
        <HandedOff me={me} tiers={tiers} now={now} />
      ) : loadedCases === undefined ? (
        <p className="empty" aria-busy="true" />
      ) : visible.length === 0 ? (
        <p className="empty">{scope === 'mine' ? t('popupEmptyMine') : t('popupEmptyTeam')}</p>
      ) : (
        <ul className="cases" aria-label={t('popupTitle')}>
          {visible.map((item) => {
            const tierId = tiersByMember.get(identityKey(item.identity));
            const tier = tierId ? tiers.get(tierId) : undefined;
            // Only a page of a supported site is ever opened: a case cached before the
            // server refused other addresses may still hold a data: or javascript: one.
            const postUrl = sitePageUrlOrNull(item.postUrl);
            return (
              <li key={item.id} className="case">
                <button
                  type="button"
                  className="case-open"
                  disabled={!postUrl}
                  onClick={() => postUrl && void browser.tabs.create({ url: postUrl })}
                  aria-label={t('popupOpenPost', item.identity.handle)}
                >
                  <span className="case-who">
                    <strong>@{item.identity.handle}</strong> {tier ? <TierPill tier={tier} /> : null}
                  </span>
                  <span className="case-snippet">{item.subject}</span>
                  <span className="case-meta">
                    <DeadlineChip openCase={item} now={now} />
                    <span className="muted">{t(`caseStatus_${item.status}`)}</span>
                    {item.assignee && item.assignee.id !== me.agent.id ? <span className="muted">{item.assignee.name}</span> : null}
                    {waitingFor(item) ? <span className="sync-mark">{t('popupWaitingToSync')}</span> : null}
                  </span>
                </button>
                <button
                  type="button"
                  className="secondary resolve"
                  onClick={() => {
                    const key = `resolve ${item.id} ${item.version}`;
                    void sendWrite(sendMessage, 'enqueueCaseChange', { writeId: writeIds.idFor(key), caseId: item.id, status: 'resolved', version: item.version }).finally(() =>
                      writeIds.keep(key),
                    );
                  }}
                >
                  {t('cardResolveCase')}
                </button>
              </li>
            );
          })}
        </ul>
      )}

      <footer className="popup-footer">
        {pending.length > 0 ? <p role="status">{t('popupPending', String(pending.length))}</p> : null}
        {others > 0 ? <p className="muted">{t('popupOthersWrites', String(others))}</p> : null}
        {failed.map((item) => (
          <div key={item.id} className="failed" role="alert">
            <p>
              <strong>{outboxLabelText(item.label)}</strong>: {failureText(item)}
            </p>
            <div className="row">
              <button type="button" className="secondary" onClick={() => void sendMessage('retryWrite', { outboxId: item.id })}>
                {t('popupRetry')}
              </button>
              <button type="button" className="secondary" onClick={() => void sendMessage('discardWrite', { outboxId: item.id })}>
                {t('popupDiscard')}
              </button>
            </div>
          </div>
        ))}
        <SiteHealthLine health={health ?? {}} />
      </footer>
    </main>
  );
}

function SiteHealthLine({ health }: { health: SiteHealth }) {
  const line = (site: 'x' | 'facebook', name: string) => {
    const entry = health[site];
    if (!entry) return t('popupSiteUnknown', name);
    return entry.status === 'ok' ? t('popupSiteOk', name) : t('popupSiteChanged', name);
  };
  return (
    <p className="health muted">
      <span data-status={health.x?.status ?? 'unknown'}>{line('x', 'X')}</span> ·{' '}
      <span data-status={health.facebook?.status ?? 'unknown'}>{line('facebook', 'Facebook')}</span>
    </p>
  );
}

function SignedOut() {
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void readSessionEnded().then((value) => setEnded(value !== null));
  }, []);
  const startWebSignIn = async () => {
    const { serverUrl } = await effectiveSettings();
    const outcome = await sendMessage('startWebSignIn', { serverUrl }).catch(() => ({ ok: false as const, message: t('signInNotStarted') }));
    if (!outcome.ok) setError(outcome.message);
  };
  return (
    <main className="popup">
      <h1>{t('popupTitle')}</h1>
      {ended ? (
        <p className="empty" role="alert">
          {t('popupSessionEnded')}
        </p>
      ) : (
        <p className="empty">{t('popupSignedOut')}</p>
      )}
      <button type="button" onClick={() => void startWebSignIn()}>
        {t('popupSignInWithJetway')}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('popupSignIn')}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}
