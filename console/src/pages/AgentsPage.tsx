import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { RoleSchema, type AgentListing, type ConsoleSession, type Role } from '@/utils/contract';
import { api } from '../api';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { errorMessage } from '../errors';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { SESSION_KEY } from '../session';
import '../components/charts.css';
import { DataTableHead } from '../components/DataTableHead';

type Agent = AgentListing;

const QUERY_KEY = ['admin', 'agents'];
const ROLE_LABEL: Record<Role, MessageKey> = { agent: 'roleAgent', lead: 'roleLead', admin: 'roleAdmin' };

type Action = 'signOut' | 'deactivate' | 'password';

/** What the admin is about to do, waiting for their confirmation. */
interface Pending {
  action: Action;
  agent: Agent;
}

/** What the page shows after a change: news, and a password shown this once. */
interface Outcome {
  message: string;
  password?: { email: string; password: string };
}

/** The admin's Agents page: every agent; create one with a Console account; sign out everywhere, reset a password, deactivate. */
export function AgentsPage({ session }: { session: ConsoleSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const admin = session.account.role === 'admin';
  const client = useQueryClient();
  const agents = useQuery({ queryKey: QUERY_KEY, queryFn: ({ signal }) => api.agents(signal), enabled: admin });
  const [pending, setPending] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const act = useMutation({
    mutationFn: async ({ action, agent }: Pending): Promise<Outcome> => {
      if (action === 'signOut') {
        const done = await api.signOutAgent(agent.id);
        return { message: i18n.plural('agentSignedOut', done.sessionsEnded, { name: agent.name }) };
      }
      if (action === 'deactivate') {
        await api.deactivateAgent(agent.id);
        return { message: t('agentDeactivated', { name: agent.name }) };
      }
      const { password } = await api.resetAgentPassword(agent.id);
      return { message: t('agentPasswordReset', { name: agent.name }), password: { email: agent.email ?? '', password } };
    },
    onSuccess: (shown, { agent }) => {
      setOutcome(shown);
      setPending(null);
      void client.invalidateQueries({ queryKey: QUERY_KEY });
      // Signing oneself out everywhere ends this very session: the Console then asks to sign in.
      if (agent.id === session.account.id) void client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });

  const confirm = (action: Action, agent: Agent) => {
    act.reset();
    setPending({ action, agent });
  };

  return (
    <div className="page">
      <PageHeading title={`${t('agentsPageTitle')} · ${t('appName')}`}>{t('agentsPageTitle')}</PageHeading>
      <p className="muted">{t('agentsPageIntro')}</p>
      {!admin && <Notice kind="info">{t('agentsAdminOnly')}</Notice>}
      {outcome && (
        <div className="notice notice-success" role="status">
          <p>{outcome.message}</p>
          {outcome.password && (
            <>
              <p>{t('passwordShownOnce', { email: outcome.password.email })}</p>
              <p>
                <code className="number break" data-testid="issued-password">
                  {outcome.password.password}
                </code>
              </p>
            </>
          )}
        </div>
      )}
      {admin && <CreateAgent onCreated={(shown) => (setOutcome(shown), void client.invalidateQueries({ queryKey: QUERY_KEY }))} />}
      {agents.isError && <Notice kind="error">{errorMessage(agents.error, i18n)}</Notice>}
      {agents.isPending && admin && (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      )}
      {agents.data && <AgentTable agents={agents.data} self={session.account.id} onAction={confirm} />}
      <Dialog
        open={pending !== null}
        title={pending ? t(`${pending.action}ConfirmTitle` as MessageKey, { name: pending.agent.name }) : ''}
        submitLabel={pending ? t(`${pending.action}Confirm` as MessageKey) : ''}
        busy={act.isPending}
        error={act.isError ? errorMessage(act.error, i18n) : null}
        onSubmit={() => pending && act.mutate(pending)}
        onClose={() => setPending(null)}
      >
        {pending && <p>{t(`${pending.action}ConfirmText` as MessageKey, { name: pending.agent.name })}</p>}
      </Dialog>
    </div>
  );
}

function AgentTable({ agents, self, onAction }: { agents: readonly Agent[]; self: string; onAction: (action: Action, agent: Agent) => void }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="agents-list-heading">
      <h2 id="agents-list-heading">{t('agentsListTitle')}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="agents-list-heading">
        <table className="data-table">
          <DataTableHead columns={[t('colAgentName'), t('email'), t('colTeam'), t('colRole'), t('colStatus'), t('colLastSignIn')]} actions={t('webhookActions')} />
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <th scope="row">{agent.name}</th>
                <td className="email">{agent.email ?? t('noConsoleAccount')}</td>
                <td>{agent.team}</td>
                <td>{t(ROLE_LABEL[agent.role])}</td>
                <td>{agent.disabled ? t('agentStatusDeactivated') : t('agentStatusActive')}</td>
                <td>{agent.lastSignInAt ? dateTime(agent.lastSignInAt, language) : t('lastSignInNone')}</td>
                <td>
                  {!agent.disabled && (
                    <div className="button-row">
                      <button type="button" className="secondary" onClick={() => onAction('signOut', agent)} aria-label={t('signOutEverywhereFor', { name: agent.name })}>
                        {t('signOutEverywhere')}
                      </button>
                      {agent.email && (
                        <button type="button" className="secondary" onClick={() => onAction('password', agent)} aria-label={t('resetPasswordFor', { name: agent.name })}>
                          {t('resetPassword')}
                        </button>
                      )}
                      {agent.id !== self && (
                        <button type="button" className="secondary" onClick={() => onAction('deactivate', agent)} aria-label={t('deactivateFor', { name: agent.name })}>
                          {t('deactivate')}
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CreateAgent({ onCreated }: { onCreated: (shown: Outcome) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const teams = useQuery({ queryKey: ['admin', 'teams'], queryFn: ({ signal }) => api.teams(signal) });
  const [draft, setDraft] = useState({ name: '', email: '', team: '', role: 'agent' as Role });
  const [tried, setTried] = useState(false);
  const team = draft.team || teams.data?.[0]?.name || '';
  const missing = { name: !draft.name.trim(), email: !/^[^\s@]+@[^\s@]+$/.test(draft.email.trim()), team: !team };
  const create = useMutation({
    mutationFn: () => api.createAgent({ name: draft.name.trim(), email: draft.email.trim(), team, role: draft.role }),
    onSuccess: ({ password }) => {
      const email = draft.email.trim().toLowerCase();
      setDraft({ name: '', email: '', team: '', role: 'agent' });
      setTried(false);
      onCreated({ message: t('agentCreated', { name: draft.name.trim() }), password: { email, password: password ?? '' } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!missing.name && !missing.email && !missing.team && !create.isPending) create.mutate();
  };
  return (
    <section className="panel" aria-labelledby="create-agent-heading">
      <h2 id="create-agent-heading">{t('createAgentTitle')}</h2>
      <p className="muted small">{t('createAgentIntro')}</p>
      <form onSubmit={submit} className="filter-row" noValidate>
        <label className="field">
          <span>{t('colAgentName')}</span>
          <input value={draft.name} required aria-invalid={tried && missing.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </label>
        <label className="field">
          <span>{t('email')}</span>
          <input type="email" value={draft.email} required aria-invalid={tried && missing.email} onChange={(event) => setDraft({ ...draft, email: event.target.value })} />
        </label>
        <div className="field">
          <label htmlFor="new-agent-team">{t('colTeam')}</label>
          <select id="new-agent-team" value={team} onChange={(event) => setDraft({ ...draft, team: event.target.value })}>
            {teams.data?.map((option) => (
              <option key={option.id} value={option.name}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-agent-role">{t('colRole')}</label>
          <select id="new-agent-role" value={draft.role} onChange={(event) => setDraft({ ...draft, role: RoleSchema.parse(event.target.value) })}>
            {RoleSchema.options.map((role) => (
              <option key={role} value={role}>
                {t(ROLE_LABEL[role])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" aria-disabled={create.isPending}>
          {create.isPending ? t('working') : t('createAgent')}
        </button>
      </form>
      {tried && (missing.name || missing.email) && <p className="field-error">{t('createAgentMissing')}</p>}
      {create.isError && <Notice kind="error">{errorMessage(create.error, i18n)}</Notice>}
    </section>
  );
}
