import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { ConsoleSession, HandoffStatus, HandoffSummary, InboxQuery } from '@/utils/contract';
import { api } from '../api';
import { DeadlineChip } from '../components/DeadlineChip';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { StatusBadge } from '../components/StatusBadge';
import { TierPill } from '../components/TierPill';
import { errorMessage } from '../errors';
import { clock, customerHandle, dateTime, isOpen, useNow } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { Link, navigate, takeFlash } from '../router';
import { tierById, useTiers } from '../tiers';

/** Live updates: the inbox is read again this often while the page is open. */
const POLL_MS = 7_000;
const PAGE_SIZE = 25;

type StatusFilter = InboxQuery['status'];
const STATUS_FILTERS: Array<{ value: StatusFilter; label: MessageKey }> = [
  { value: 'open', label: 'statusOpen' },
  { value: 'sent', label: 'statusSent' },
  { value: 'accepted', label: 'statusAccepted' },
  { value: 'sent_back', label: 'statusSentBack' },
  { value: 'resolved', label: 'statusResolved' },
  { value: 'all', label: 'statusAll' },
];
const AGES: Array<{ minutes: number; label: MessageKey }> = [
  { minutes: 15, label: 'olderThan15' },
  { minutes: 60, label: 'olderThan60' },
  { minutes: 240, label: 'olderThan240' },
  { minutes: 1440, label: 'olderThan1440' },
];

interface Filters {
  status: StatusFilter;
  tier: string;
  fromTeamId: string;
  olderThanMinutes: string;
  q: string;
}

/** The filters live in the address, so Back, reload and a shared link keep them. */
function filtersOf(search: URLSearchParams): Filters {
  const status = search.get('status');
  return {
    status: STATUS_FILTERS.some((filter) => filter.value === status) ? (status as StatusFilter) : 'open',
    tier: search.get('tier') ?? '',
    fromTeamId: search.get('from') ?? '',
    olderThanMinutes: search.get('age') ?? '',
    q: search.get('q') ?? '',
  };
}

function searchOf(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.tier) params.set('tier', filters.tier);
  if (filters.fromTeamId) params.set('from', filters.fromTeamId);
  if (filters.olderThanMinutes) params.set('age', filters.olderThanMinutes);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  const search = params.toString();
  return search ? `?${search}` : '?';
}

function countFor(counts: Partial<Record<HandoffStatus, number>> | undefined, status: StatusFilter): number | null {
  if (!counts) return null;
  const of = (key: HandoffStatus) => counts[key] ?? 0;
  if (status === 'open') return of('sent') + of('accepted');
  if (status === 'all') return Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
  return of(status);
}

export function InboxPage({ session, search }: { session: ConsoleSession; search: URLSearchParams }) {
  const i18n = useI18n();
  const { t, plural, language } = i18n;
  const filters = filtersOf(search);
  const tiers = useTiers();
  const now = useNow();
  const [flash] = useState(takeFlash);

  const inbox = useInfiniteQuery({
    queryKey: ['inbox', filters],
    queryFn: ({ pageParam, signal }) =>
      api.inbox(
        {
          status: filters.status,
          tier: filters.tier || undefined,
          fromTeamId: filters.fromTeamId || undefined,
          olderThanMinutes: filters.olderThanMinutes ? Number(filters.olderThanMinutes) : undefined,
          q: filters.q.trim() || undefined,
          cursor: pageParam,
          limit: PAGE_SIZE,
        },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });

  const setFilter = (change: Partial<Filters>) => navigate(searchOf({ ...filters, ...change }), { replace: true });
  const handoffs = inbox.data?.pages.flatMap((page) => page.handoffs) ?? [];
  const counts = inbox.data?.pages[0]?.counts;
  const filtered = filters.tier || filters.fromTeamId || filters.olderThanMinutes || filters.q;

  return (
    <div className="page">
      <PageHeading title={`${t('inboxTitle', { team: session.team.name })} · ${t('appName')}`}>
        {t('inboxTitle', { team: session.team.name })}
      </PageHeading>
      <p className="muted">{t('inboxIntro')}</p>
      {flash && <Notice kind="success">{flash}</Notice>}

      <section aria-labelledby="filters-heading" className="filters">
        <h2 id="filters-heading" className="visually-hidden">
          {t('filters')}
        </h2>
        <fieldset className="status-filter">
          <legend>{t('filterStatus')}</legend>
          {STATUS_FILTERS.map((option) => {
            const count = countFor(counts, option.value);
            return (
              <label key={option.value} className="segment">
                <input
                  type="radio"
                  name="status"
                  value={option.value}
                  checked={filters.status === option.value}
                  onChange={() => setFilter({ status: option.value })}
                />
                <span>
                  {t(option.label)}
                  {count !== null && (
                    <>
                      {' '}
                      <span className="count">{count}</span>
                    </>
                  )}
                </span>
              </label>
            );
          })}
        </fieldset>
        <div className="filter-row">
          <SearchField value={filters.q} onChange={(q) => setFilter({ q })} />
          <label className="field">
            <span>{t('filterTier')}</span>
            <select value={filters.tier} onChange={(event) => setFilter({ tier: event.target.value })}>
              <option value="">{t('anyTier')}</option>
              {[...tiers]
                .sort((a, b) => b.rank - a.rank)
                .map((tier) => (
                  <option key={tier.id} value={tier.id}>
                    {tier.name}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('filterAge')}</span>
            <select value={filters.olderThanMinutes} onChange={(event) => setFilter({ olderThanMinutes: event.target.value })}>
              <option value="">{t('anyAge')}</option>
              {AGES.map((age) => (
                <option key={age.minutes} value={String(age.minutes)}>
                  {t(age.label)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('filterFromTeam')}</span>
            <select value={filters.fromTeamId} onChange={(event) => setFilter({ fromTeamId: event.target.value })}>
              <option value="">{t('anyTeam')}</option>
              {session.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
          {filtered && (
            <button type="button" className="secondary" onClick={() => navigate(searchOf({ ...filtersOf(new URLSearchParams()), status: filters.status }), { replace: true })}>
              {t('clearFilters')}
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby="results-heading" className="results">
        <div className="results-header">
          <h2 id="results-heading">{t('inboxResults')}</h2>
          {inbox.dataUpdatedAt > 0 && <p className="muted small">{t('updatedAt', { time: clock(new Date(inbox.dataUpdatedAt), language) })}</p>}
        </div>
        {inbox.isError && <Notice kind="error">{errorMessage(inbox.error, i18n)}</Notice>}
        {inbox.isPending ? (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        ) : handoffs.length === 0 ? (
          <p className="empty">{filters.status === 'open' && !filtered ? t('inboxEmptyOpen') : t('inboxEmpty')}</p>
        ) : (
          <>
            <p className="muted small" role="status">
              {plural('shown', handoffs.length)}
            </p>
            <ul className="inbox-list">
              {handoffs.map((handoff) => (
                <InboxRow key={handoff.id} handoff={handoff} now={now} />
              ))}
            </ul>
          </>
        )}
        {inbox.hasNextPage && (
          <button type="button" className="secondary load-more" onClick={() => void inbox.fetchNextPage()} aria-disabled={inbox.isFetchingNextPage}>
            {inbox.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
          </button>
        )}
      </section>
    </div>
  );
}

/** Typing filters after a short pause, so the inbox is not asked for every key. */
function SearchField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const latestOnChange = useRef(onChange);
  useEffect(() => {
    latestOnChange.current = onChange;
  });
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = window.setTimeout(() => latestOnChange.current(draft), 300);
    return () => window.clearTimeout(timer);
  }, [draft, value]);
  return (
    <div className="field search">
      <label htmlFor={id}>{t('filterSearch')}</label>
      <input id={id} type="search" value={draft} onChange={(event) => setDraft(event.target.value)} autoComplete="off" spellCheck={false} />
    </div>
  );
}

function InboxRow({ handoff, now }: { handoff: HandoffSummary; now: Date }) {
  const { t, plural, language } = useI18n();
  const tiers = useTiers();
  const tier = handoff.customer ? tierById(tiers, handoff.customer.tierId) : null;
  const handle = customerHandle(handoff.identity);
  return (
    <li className={`inbox-row status-row-${handoff.status}`}>
      <div className="row-main">
        <p className="row-title">
          <Link to={`handoffs/${handoff.id}`} className="row-link">
            <span className="handle">{handle}</span>
            {handoff.customer && <span className="name">{handoff.customer.displayName}</span>}
          </Link>
          {tier ? <TierPill tier={tier} /> : <span className="muted small">{t('notAMember')}</span>}
        </p>
        <p className="snippet">{handoff.snippet}</p>
        <p className="row-meta muted small">
          <span>{plural('messages', handoff.messageCount)}</span>
          <span>{t('fromTeam', { team: handoff.fromTeam.name })}</span>
          <span>
            <time dateTime={handoff.dueAt}>{t('dueAtTime', { time: dateTime(handoff.dueAt, language) })}</time>
          </span>
        </p>
      </div>
      <div className="row-side">
        {isOpen(handoff.status) && <DeadlineChip handoff={handoff} now={now} />}
        <StatusBadge status={handoff.status} />
      </div>
    </li>
  );
}
