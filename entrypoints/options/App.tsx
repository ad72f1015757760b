import { useEffect, useState, type FormEvent } from 'react';
import type { Ref } from '@/utils/contract';
import { t } from '@/utils/i18n';
import type { Sites, UnsentWrite } from '@/utils/protocol/schemas';
import { outboxLabelText } from '@/utils/writes';

export interface OptionsState {
  signedIn: boolean;
  agentName: string | null;
  teamName: string | null;
  serverUrl: string;
  sites: Sites;
  defaultHandoffTeamId: string | null;
  handoffTargets: Ref[];
  /** Settings set by enterprise policy: shown, but the agent cannot change them. */
  locked: { serverUrl: boolean; sites: boolean; defaultHandoffTeamId: boolean };
  /** Why the server ended the last session, when it did. */
  sessionEnded: string | null;
}

export type SignInOutcome = { ok: true; agentName: string } | { ok: false; message: string };

export interface OptionsBridge {
  load(): Promise<OptionsState>;
  signIn(serverUrl: string, token: string): Promise<SignInOutcome>;
  /** Opens the server's sign-in page; `done` when the sign-in already finished (Firefox). */
  startWebSignIn(serverUrl: string): Promise<{ ok: true; done: boolean } | { ok: false; message: string }>;
  /** Calls back whenever the session or settings change (a sign-in finished in another tab). */
  subscribe(onChange: () => void): () => void;
  /** What becomes of the agent's unsent writes is theirs to say: send now, keep for them, or discard. */
  signOut(unsent: 'send' | 'keep' | 'discard'): Promise<void>;
  unsentWrites(): Promise<UnsentWrite[]>;
  saveSites(sites: Sites): Promise<void>;
  saveDefaultTeam(teamId: string): Promise<void>;
  clearCachedData(): Promise<void>;
}

export function App({ bridge }: { bridge: OptionsBridge }) {
  const [state, setState] = useState<OptionsState | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [unsent, setUnsent] = useState<UnsentWrite[] | null>(null);

  const reload = async () => {
    const next = await bridge.load();
    setState(next);
    // "Sign in on the page that opened" is no longer true once the sign-in finished.
    if (next.signedIn) setMessage((current) => (current?.text === t('optionsWebSignInOpened') ? null : current));
    setServerUrl((current) => current || next.serverUrl);
  };

  const signOut = async (choice: 'send' | 'keep' | 'discard') => {
    setBusy(true);
    try {
      await bridge.signOut(choice);
    } finally {
      setBusy(false);
    }
    setUnsent(null);
    setMessage({ kind: 'info', text: t('optionsSignedOut') });
    await reload();
  };
  useEffect(() => {
    void reload();
    return bridge.subscribe(() => void reload());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!state) return <main className="page">{t('cardLoading')}</main>;

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const outcome = await bridge.signIn(serverUrl.trim(), token.trim());
    setBusy(false);
    if (outcome.ok) {
      setToken('');
      await reload();
    } else setMessage({ kind: 'error', text: outcome.message });
  };

  const startWebSignIn = async () => {
    setBusy(true);
    setMessage(null);
    const outcome = await bridge.startWebSignIn(serverUrl.trim());
    setBusy(false);
    if (!outcome.ok) setMessage({ kind: 'error', text: outcome.message });
    else if (!outcome.done) setMessage({ kind: 'info', text: t('optionsWebSignInOpened') });
    else await reload();
  };

  return (
    <main className="page">
      <header className="page-header">
        <h1>{t('optionsTitle')}</h1>
        <p className="muted">{t('optionsIntro')}</p>
      </header>

      <section className="panel" aria-labelledby="account-heading">
        <h2 id="account-heading">{t('optionsAccount')}</h2>
        {state.signedIn ? (
          <div className="row">
            <p role="status">
              {t('optionsSignedInAs', state.agentName ?? '')}
              {state.teamName ? <span className="muted"> · {state.teamName}</span> : null}
            </p>
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                const waiting = await bridge.unsentWrites();
                if (waiting.length > 0) return setUnsent(waiting);
                await signOut('keep');
              }}
            >
              {t('optionsSignOut')}
            </button>
            {unsent ? (
              <section className="panel" role="alertdialog" aria-labelledby="unsent-heading">
                <h3 id="unsent-heading">{t('signOutUnsentTitle', String(unsent.length))}</h3>
                <p className="muted">{t('signOutUnsentIntro')}</p>
                <ul>
                  {unsent.map((write) => (
                    <li key={write.id}>{outboxLabelText(write.label)}</li>
                  ))}
                </ul>
                <div className="row">
                  <button type="button" disabled={busy} onClick={() => void signOut('send')}>
                    {t('signOutSendNow')}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void signOut('keep')}>
                    {t('signOutKeep')}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void signOut('discard')}>
                    {t('signOutDiscard')}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => setUnsent(null)}>
                    {t('signOutCancel')}
                  </button>
                </div>
              </section>
            ) : null}
          </div>
        ) : (
          <div className="stack">
            {state.sessionEnded ? (
              <p className="error" role="alert">
                {t('optionsSessionEnded', state.sessionEnded)}
              </p>
            ) : null}
            <div className="field-with-action">
              <label className="field">
                <span>
                  {t('optionsServerUrl')} {state.locked.serverUrl ? <Locked /> : null}
                </span>
                <input
                  type="url"
                  required
                  value={serverUrl}
                  disabled={state.locked.serverUrl}
                  placeholder="https://jetway.airline.example"
                  onChange={(e) => setServerUrl(e.target.value)}
                />
              </label>
              <button type="button" disabled={busy} onClick={() => void startWebSignIn()}>
                {t('optionsSignInWithJetway')}
              </button>
            </div>
            <p className="muted">{t('optionsSignInWithJetwayHint')}</p>
            <details>
              <summary>{t('optionsUseAccessToken')}</summary>
              <form className="stack" onSubmit={(event) => void signIn(event)}>
                <label className="field">
                  <span>{t('optionsAccessToken')}</span>
                  <input type="password" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
                </label>
                <div className="row">
                  <button type="submit" disabled={busy}>
                    {busy ? t('optionsSigningIn') : t('optionsSignIn')}
                  </button>
                </div>
              </form>
            </details>
          </div>
        )}
        {message ? (
          <p className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="sites-heading">
        <h2 id="sites-heading">
          {t('optionsSites')} {state.locked.sites ? <Locked /> : null}
        </h2>
        {(['x', 'facebook'] as const).map((site) => (
          <label key={site} className="check">
            <input
              type="checkbox"
              checked={state.sites[site]}
              disabled={state.locked.sites}
              onChange={async (e) => {
                await bridge.saveSites({ ...state.sites, [site]: e.target.checked });
                await reload();
              }}
            />
            {site === 'x' ? t('optionsSiteX') : t('optionsSiteFacebook')}
          </label>
        ))}
        <p className="muted">{t('optionsSitesHint')}</p>
      </section>

      <section className="panel" aria-labelledby="handoff-heading">
        <h2 id="handoff-heading">{t('optionsHandoff')}</h2>
        <label className="field">
          <span>
            {t('optionsDefaultTeam')} {state.locked.defaultHandoffTeamId ? <Locked /> : null}
          </span>
          <select
            value={state.defaultHandoffTeamId ?? ''}
            disabled={state.locked.defaultHandoffTeamId || state.handoffTargets.length === 0}
            onChange={async (e) => {
              await bridge.saveDefaultTeam(e.target.value);
              await reload();
            }}
          >
            {state.handoffTargets.length === 0 ? <option value="">{t(state.signedIn ? 'optionsNoHandoffTargets' : 'optionsSignInForTeams')}</option> : null}
            {state.handoffTargets.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      </section>

      <section className="panel" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('optionsData')}</h2>
        <p className="muted">{t('optionsClearHint')}</p>
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await bridge.clearCachedData();
            setMessage({ kind: 'info', text: t('optionsCleared') });
          }}
        >
          {t('optionsClear')}
        </button>
      </section>
    </main>
  );
}

function Locked() {
  return (
    <span className="locked" title={t('optionsLockedHint')}>
      {t('optionsLocked')}
    </span>
  );
}
