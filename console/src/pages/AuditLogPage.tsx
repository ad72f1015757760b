import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS, AUDIT_PAGE_MAX, AuditActionSchema, type AuditEntry, type AuditQuery, type ConsoleSession } from '@/utils/contract';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { downloadText, toCsv } from '../csv';
import { errorMessage } from '../errors';
import { dateTime } from '../format';
import { useI18n, type I18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { navigate } from '../router';
import '../components/charts.css';

const PAGE_SIZE = 50;

/** The filters live in the address, so a reload or a shared link keeps them. */
interface Filters {
  agent: string;
  member: string;
  action: string;
  /** Days (YYYY-MM-DD) in the browser's time zone, both included. */
  from: string;
  to: string;
}

const FILTERS: ReadonlyArray<keyof Filters> = ['agent', 'member', 'action', 'from', 'to'];

function filtersOf(search: URLSearchParams): Filters {
  const value = (name: keyof Filters) => search.get(name) ?? '';
  return { agent: value('agent'), member: value('member'), action: AuditActionSchema.safeParse(value('action')).success ? value('action') : '', from: value('from'), to: value('to') };
}

function searchOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (filters[name].trim()) params.set(name, filters[name].trim());
  const search = params.toString();
  return search ? `?${search}` : '?';
}

/** The start of a local day as an instant; `nextDay` gives the end of the day (the next one's start). */
function dayStart(day: string, nextDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (nextDay ? 1 : 0)).toISOString();
}

function queryOf(filters: Filters): Partial<AuditQuery> {
  return {
    agent: filters.agent || undefined,
    member: filters.member.trim() || undefined,
    action: AuditActionSchema.safeParse(filters.action).data,
    from: dayStart(filters.from),
    to: dayStart(filters.to, true),
  };
}

const actionLabel = (action: string, t: I18n['t']) => (AuditActionSchema.safeParse(action).success ? t(`auditAction_${action.replace(/\./g, '_')}` as MessageKey) : action);

/** What the entry was about besides the member: the agent or team an admin changed, the tiers, a link attempt's handle. */
function subjectOf(entry: AuditEntry): string {
  const { detail } = entry;
  const parts: string[] = [];
  if (entry.member) parts.push(`${entry.member.name} (${entry.member.loyaltyNumberMasked})`);
  if (entry.identity) parts.push(`${entry.identity.network === 'x' ? '@' : ''}${entry.identity.handle} (${entry.identity.network})`);
  if (typeof detail.agentName === 'string') parts.push(detail.agentName);
  if (typeof detail.teamName === 'string') parts.push(detail.teamName);
  if (Array.isArray(detail.after)) parts.push(detail.after.map((tier: { name?: unknown }) => String(tier.name)).join(', '));
  return parts.join(' · ') || '—';
}

/** Leads and admins: who read or changed what, newest first, filtered, paged and exported as CSV. */
export function AuditLogPage({ session, search }: { session: ConsoleSession; search: URLSearchParams }) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const allowed = session.account.role !== 'agent';
  const filters = filtersOf(search);
  const query = queryOf(filters);
  const log = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam, signal }) => api.audit({ ...query, after: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
    enabled: allowed,
  });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  const exporting = useMutation({
    mutationFn: async () => {
      const all: AuditEntry[] = [];
      let after: string | undefined;
      do {
        const page = await api.audit({ ...query, after, limit: AUDIT_PAGE_MAX });
        all.push(...page.entries);
        after = page.next ?? undefined;
      } while (after);
      downloadText(
        `jetway-audit-${new Date().toISOString().slice(0, 10)}.csv`,
        toCsv(
          ['time', 'action', 'agent', 'agentEmail', 'team', 'member', 'loyaltyNumber', 'network', 'handle', 'detail'],
          all.map((entry) => [
            entry.at,
            entry.action,
            entry.agent?.name ?? '',
            entry.agent?.email ?? '',
            entry.team,
            entry.member?.name ?? '',
            entry.member?.loyaltyNumberMasked ?? '',
            entry.identity?.network ?? '',
            entry.identity?.handle ?? '',
            JSON.stringify(entry.detail),
          ]),
        ),
      );
      return all.length;
    },
  });

  // A notice about an export speaks of the filters it was made under only.
  const filterKey = JSON.stringify(query);
  const resetExport = exporting.reset;
  useEffect(() => resetExport(), [filterKey, resetExport]);

  return (
    <div className="page">
      <PageHeading title={`${t('auditTitle')} · ${t('appName')}`}>{t('auditTitle')}</PageHeading>
      <p className="muted">{session.account.role === 'admin' ? t('auditIntroAdmin') : t('auditIntroLead', { team: session.team.name })}</p>
      {!allowed ? (
        <Notice kind="info">{t('auditLeadsOnly')}</Notice>
      ) : (
        <>
          <AuditFilters key={searchOf(filters)} filters={filters} />
          {log.isError && <Notice kind="error">{errorMessage(log.error, i18n)}</Notice>}
          {exporting.isError && <Notice kind="error">{errorMessage(exporting.error, i18n)}</Notice>}
          {exporting.isSuccess && <Notice kind="success">{i18n.plural('auditExported', exporting.data)}</Notice>}
          <section className="panel" aria-labelledby="audit-entries-heading">
            <div className="panel-header">
              <h2 id="audit-entries-heading">{t('auditEntries')}</h2>
              <button type="button" className="secondary" onClick={() => exporting.mutate()} aria-disabled={exporting.isPending}>
                {exporting.isPending ? t('auditExporting') : t('auditExport')}
              </button>
            </div>
            {log.isPending ? (
              <p className="muted" role="status">
                {t('loading')}
              </p>
            ) : entries.length === 0 ? (
              <p className="muted">{t('auditNone')}</p>
            ) : (
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-entries-heading">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('auditColTime')}</th>
                      <th scope="col">{t('auditColWho')}</th>
                      <th scope="col">{t('auditColAction')}</th>
                      <th scope="col">{t('auditColSubject')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id}>
                        <td>
                          <time dateTime={entry.at}>{dateTime(entry.at, language, { seconds: true })}</time>
                        </td>
                        <td>{entry.agent ? `${entry.agent.name}${entry.team ? ` (${entry.team})` : ''}` : t('auditAdminKey')}</td>
                        <td>{actionLabel(entry.action, t)}</td>
                        <td className="break">{subjectOf(entry)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {log.hasNextPage && (
              <button type="button" className="secondary load-more" onClick={() => void log.fetchNextPage()} aria-disabled={log.isFetchingNextPage}>
                {log.isFetchingNextPage ? t('loading') : t('auditMore')}
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function AuditFilters({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(filters);
  const agents = useQuery({ queryKey: ['audit', 'agents'], queryFn: ({ signal }) => api.auditAgents(signal), staleTime: 5 * 60_000 });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(searchOf(draft), { replace: true });
  };
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  return (
    <section aria-labelledby="audit-filters-heading" className="filters">
      <h2 id="audit-filters-heading" className="visually-hidden">
        {t('filters')}
      </h2>
      <form onSubmit={apply} className="filter-row audit-filters">
        <div className="field">
          <label htmlFor="audit-agent">{t('auditFilterAgent')}</label>
          <select id="audit-agent" value={draft.agent} onChange={set('agent')}>
            <option value="">{t('auditAnyAgent')}</option>
            {agents.data?.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name} ({agent.team})
              </option>
            ))}
          </select>
        </div>
        <label className="field">
          <span>{t('auditFilterMember')}</span>
          <input value={draft.member} onChange={set('member')} autoComplete="off" />
        </label>
        <div className="field">
          <label htmlFor="audit-action">{t('auditFilterAction')}</label>
          <select id="audit-action" value={draft.action} onChange={set('action')}>
            <option value="">{t('auditAnyAction')}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`auditAction_${action.replace(/\./g, '_')}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <label className="field">
          <span>{t('periodFrom')}</span>
          <input type="date" value={draft.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>{t('periodTo')}</span>
          <input type="date" value={draft.to} onChange={set('to')} />
        </label>
        <div className="button-row">
          <button type="submit">{t('auditApply')}</button>
          <button type="button" className="secondary" onClick={() => navigate('?', { replace: true })}>
            {t('auditClear')}
          </button>
        </div>
      </form>
    </section>
  );
}
