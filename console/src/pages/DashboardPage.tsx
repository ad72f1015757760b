import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { daysInPeriod, MAX_CUSTOM_DAYS, type ConsoleSession, type Dashboard, type DashboardPeriod, type DashboardQuery } from '@/utils/contract';
import { api } from '../api';
import { ChartSection, type Column } from '../components/ChartSection';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { errorMessage, isStatus } from '../errors';
import { useI18n, type I18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { navigate } from '../router';
import { tierById, useTiers } from '../tiers';

/** The dashboard is read again this often while open: a crisis moves by the minute. */
const POLL_MS = 60_000;

const PERIODS: Array<{ value: DashboardPeriod; label: MessageKey }> = [
  { value: 'today', label: 'periodToday' },
  { value: '7d', label: 'period7d' },
  { value: '30d', label: 'period30d' },
  { value: 'custom', label: 'periodCustom' },
];

interface Choice {
  period: DashboardPeriod;
  from: string;
  to: string;
  teamId: string;
}

/** The period and team live in the address, so a reload or a shared link keeps them. */
function choiceOf(search: URLSearchParams, session: ConsoleSession): Choice {
  const period = search.get('period');
  return {
    period: PERIODS.some((option) => option.value === period) ? (period as DashboardPeriod) : 'today',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    teamId: session.account.role === 'admin' ? (search.get('team') ?? session.team.id) : session.team.id,
  };
}

function searchOf(choice: Choice, session: ConsoleSession): string {
  const params = new URLSearchParams();
  if (choice.period !== 'today') params.set('period', choice.period);
  if (choice.period === 'custom' && choice.from) params.set('from', choice.from);
  if (choice.period === 'custom' && choice.to) params.set('to', choice.to);
  if (choice.teamId !== session.team.id) params.set('team', choice.teamId);
  const search = params.toString();
  return search ? `?${search}` : '?';
}

export function DashboardPage({ session, search }: { session: ConsoleSession; search: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const choice = choiceOf(search, session);
  const customTooLong = choice.period === 'custom' && !!choice.from && !!choice.to && daysInPeriod(choice.from, choice.to) > MAX_CUSTOM_DAYS;
  // Said here, before any request: the server refuses such a period too.
  const customIncomplete = (choice.period === 'custom' && (!choice.from || !choice.to)) || customTooLong;
  const query: Partial<DashboardQuery> = {
    period: choice.period,
    ...(choice.period === 'custom' ? { from: choice.from, to: choice.to } : {}),
    ...(choice.teamId !== session.team.id ? { teamId: choice.teamId } : {}),
  };
  const board = useQuery({
    queryKey: ['dashboard', query],
    queryFn: ({ signal }) => api.dashboard(query, signal),
    enabled: !customIncomplete && session.account.role !== 'agent',
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });
  const choose = (change: Partial<Choice>) => navigate(searchOf({ ...choice, ...change }, session), { replace: true });
  const teamName = board.data?.team.name ?? session.team.name;
  const teams = [{ id: session.team.id, name: session.team.name }, ...session.teams];

  return (
    <div className="page">
      <PageHeading title={`${t('dashboardTitle', { team: teamName })} · ${t('appName')}`}>{t('dashboardTitle', { team: teamName })}</PageHeading>
      <p className="muted">{t('dashboardIntro')}</p>
      {session.account.role === 'agent' ? (
        <Notice kind="info">{t('dashboardForbidden')}</Notice>
      ) : (
        <>
          <div className="dashboard-controls">
            {session.account.role === 'admin' && (
              <label className="field">
                <span>{t('dashboardTeam')}</span>
                <select value={choice.teamId} onChange={(event) => choose({ teamId: event.target.value })}>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <fieldset>
              <legend>{t('dashboardPeriod')}</legend>
              {PERIODS.map((option) => (
                <label key={option.value} className="segment">
                  <input type="radio" name="period" value={option.value} checked={choice.period === option.value} onChange={() => choose({ period: option.value })} />
                  <span>{t(option.label)}</span>
                </label>
              ))}
            </fieldset>
            {choice.period === 'custom' && (
              <>
                <label className="field">
                  <span>{t('periodFrom')}</span>
                  <input type="date" value={choice.from} max={choice.to || undefined} onChange={(event) => choose({ from: event.target.value })} />
                </label>
                <label className="field">
                  <span>{t('periodTo')}</span>
                  <input type="date" value={choice.to} min={choice.from || undefined} onChange={(event) => choose({ to: event.target.value })} />
                </label>
              </>
            )}
          </div>
          {customIncomplete && <Notice kind="info">{customTooLong ? t('periodTooLong', { days: String(MAX_CUSTOM_DAYS) }) : t('periodNeedsDays')}</Notice>}
          {board.isError && (
            <Notice kind="error">{isStatus(board.error, 403) ? t('dashboardForbidden') : errorMessage(board.error, i18n)}</Notice>
          )}
          {board.isPending && !customIncomplete && (
            <p className="muted" role="status">
              {t('loading')}
            </p>
          )}
          {board.data && !customIncomplete && <Charts board={board.data} i18n={i18n} />}
        </>
      )}
    </div>
  );
}

const AXIS = { stroke: 'var(--muted)', tick: { fill: 'var(--fg)', fontSize: 12 } } as const;
const TOOLTIP = { contentStyle: { background: 'var(--surface)', borderColor: 'var(--border)', color: 'var(--fg)' } } as const;

function Charts({ board, i18n }: { board: Dashboard; i18n: I18n }) {
  const { t, language } = i18n;
  const tiers = useTiers();
  const percent = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const stamp = `${board.team.name}-${board.period.from.slice(0, 10)}`.replace(/[^\w-]+/g, '-').toLowerCase();
  const fileName = (chart: string) => `jetway-${chart}-${stamp}.csv`;
  // The period's bounds as the team's clock shows them: its days and hours are the team's.
  const teamClock = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: board.team.timeZone });
  const inTeamZone = (iso: string) => teamClock.format(new Date(iso));
  const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;

  const firstResponseColumns: Array<Column<Dashboard['firstResponse'][number]>> = [
    { label: t('colHour'), value: (row) => hour(row.hour), header: true },
    { label: t('colOpened'), value: (row) => row.opened },
    { label: t('colAnswered'), value: (row) => row.responded },
    { label: t('colP50'), value: (row) => row.p50Minutes },
    { label: t('colP90'), value: (row) => row.p90Minutes },
    { label: t('colMet'), value: (row) => row.metPercent, format: (value) => (value === null ? '—' : `${percent.format(Number(value))} %`) },
  ];
  const caseRows = [
    { label: t('casesOpened'), count: board.cases.opened, colour: 'var(--chart-1)' },
    { label: t('casesResolved'), count: board.cases.resolved, colour: 'var(--chart-2)' },
    { label: t('casesOpen'), count: board.cases.open, colour: 'var(--chart-4)' },
    { label: t('casesAtRisk'), count: board.cases.atRisk, colour: 'var(--chart-3)' },
    { label: t('casesPastSundown'), count: board.cases.pastSundown, colour: 'var(--chart-5)' },
  ];
  const handoffRows = board.handoffs.map((row) => ({ ...row, name: row.team.name }));
  const handoffStatuses = [
    { key: 'sent', label: t('statusSent'), colour: 'var(--chart-1)' },
    { key: 'accepted', label: t('statusAccepted'), colour: 'var(--chart-2)' },
    { key: 'resolved', label: t('statusResolved'), colour: 'var(--chart-4)' },
    { key: 'sentBack', label: t('statusSentBack'), colour: 'var(--chart-3)' },
    { key: 'cancelled', label: t('badgeCancelled'), colour: 'var(--chart-5)' },
  ] as const;
  const tierRows = board.tiers.map((row) => {
    const tier = row.tierId ? tierById(tiers, row.tierId) : null;
    return { name: tier?.name ?? (row.tierId ?? t('notAMember')), customers: row.customers, colour: tier?.colour ?? 'var(--muted)' };
  });
  const agentRows = board.agents.map((row) => ({ name: row.agent.name, openCases: row.openCases, handledToday: row.handledToday }));

  return (
    <>
      <p className="muted small">
        {t('periodRange', { from: inTeamZone(board.period.from), to: inTeamZone(board.period.to), timeZone: board.team.timeZone })}
      </p>
      <div className="dashboard-grid">
        <ChartSection
          id="first-response"
          wide
          title={t('firstResponseTitle')}
          intro={t('firstResponseIntro', { minutes: board.team.firstResponseMinutes })}
          rows={board.firstResponse}
          columns={firstResponseColumns}
          fileName={fileName('first-response')}
          empty={board.firstResponse.every((row) => row.opened === 0)}
          chart={
            <ResponsiveContainer>
              <BarChart data={board.firstResponse.map((row) => ({ ...row, label: hour(row.hour) }))} accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="label" {...AXIS} interval={2} />
                <YAxis {...AXIS} allowDecimals={false} width={36} />
                <Tooltip {...TOOLTIP} />
                <Legend itemSorter={null} />
                <ReferenceLine ifOverflow="extendDomain" y={board.team.firstResponseMinutes} stroke="var(--chart-5)" strokeDasharray="4 3" label={{ value: t('firstResponseTarget', { minutes: board.team.firstResponseMinutes }), fill: 'var(--fg)', position: 'insideTopRight', fontSize: 12 }} />
                <Bar dataKey="p50Minutes" name={t('colP50')} fill="var(--chart-1)" isAnimationActive={false} />
                <Bar dataKey="p90Minutes" name={t('colP90')} fill="var(--chart-3)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartSection
          id="cases"
          title={t('casesTitle')}
          intro={t('casesIntro')}
          rows={caseRows}
          columns={[
            { label: t('colMeasure'), value: (row) => row.label, header: true },
            { label: t('colCount'), value: (row) => row.count },
          ]}
          fileName={fileName('cases')}
          chart={
            <ResponsiveContainer>
              <BarChart data={caseRows} accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="label" {...AXIS} />
                <YAxis {...AXIS} allowDecimals={false} width={36} />
                <Tooltip {...TOOLTIP} />
                <Bar dataKey="count" name={t('colCount')} isAnimationActive={false}>
                  {caseRows.map((row) => (
                    <Cell key={row.label} fill={row.colour} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartSection
          id="tiers"
          title={t('tiersTitle')}
          intro={t('tiersIntro')}
          rows={tierRows}
          columns={[
            { label: t('colTier'), value: (row) => row.name, header: true },
            { label: t('colCustomers'), value: (row) => row.customers },
          ]}
          fileName={fileName('tiers')}
          empty={tierRows.length === 0}
          chart={
            <ResponsiveContainer>
              <BarChart data={tierRows} layout="vertical" accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" horizontal={false} />
                <XAxis type="number" {...AXIS} allowDecimals={false} />
                <YAxis type="category" dataKey="name" {...AXIS} width={96} />
                <Tooltip {...TOOLTIP} />
                <Bar dataKey="customers" name={t('colCustomers')} isAnimationActive={false}>
                  {tierRows.map((row) => (
                    <Cell key={row.name} fill={row.colour} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartSection
          id="handoffs"
          wide
          title={t('handoffsTitle')}
          intro={t('handoffsIntro')}
          rows={handoffRows}
          columns={[
            { label: t('colTeam'), value: (row) => row.name, header: true },
            ...handoffStatuses.map((status) => ({ label: status.label, value: (row: (typeof handoffRows)[number]) => row[status.key] })),
            { label: t('colTotal'), value: (row) => row.total },
            { label: t('colAcceptMinutes'), value: (row) => row.medianAcceptMinutes },
          ]}
          fileName={fileName('handoffs')}
          empty={handoffRows.length === 0}
          chart={
            <ResponsiveContainer>
              <BarChart data={handoffRows} accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="name" {...AXIS} />
                <YAxis {...AXIS} allowDecimals={false} width={36} />
                <Tooltip {...TOOLTIP} />
                <Legend itemSorter={null} />
                {handoffStatuses.map((status) => (
                  <Bar key={status.key} dataKey={status.key} name={status.label} stackId="status" fill={status.colour} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          }
        />
        <ChartSection
          id="agents"
          wide
          title={t('agentsTitle')}
          intro={t('agentsIntro')}
          rows={agentRows}
          columns={[
            { label: t('colAgent'), value: (row) => row.name, header: true },
            { label: t('colOpenCases'), value: (row) => row.openCases },
            { label: t('colHandledToday'), value: (row) => row.handledToday },
          ]}
          fileName={fileName('agents')}
          empty={agentRows.length === 0}
          chart={
            <ResponsiveContainer>
              <BarChart data={agentRows} accessibilityLayer={false}>
                <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
                <XAxis dataKey="name" {...AXIS} />
                <YAxis {...AXIS} allowDecimals={false} width={36} />
                <Tooltip {...TOOLTIP} />
                <Legend itemSorter={null} />
                <Bar dataKey="openCases" name={t('colOpenCases')} fill="var(--chart-1)" isAnimationActive={false} />
                <Bar dataKey="handledToday" name={t('colHandledToday')} fill="var(--chart-2)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          }
        />
      </div>
    </>
  );
}
