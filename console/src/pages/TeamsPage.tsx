import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ConsoleSession, DeadlineSettings, TeamSettings } from '@/utils/contract';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { errorMessage, isStatus } from '../errors';
import { useI18n } from '../i18n';
import { SESSION_KEY } from '../session';
import '../components/charts.css';

/** Every IANA zone the browser knows, with the team's own first in case the browser lacks it. */
function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

/** The admin's Teams page: each team's time zone, first-response minutes and sundown. */
export function TeamsPage({ session }: { session: ConsoleSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const admin = session.account.role === 'admin';
  const teams = useQuery({ queryKey: ['admin', 'teams'], queryFn: ({ signal }) => api.teams(signal), enabled: admin });
  return (
    <div className="page">
      <PageHeading title={`${t('teamsTitle')} · ${t('appName')}`}>{t('teamsTitle')}</PageHeading>
      <p className="muted">{t('teamsIntro')}</p>
      {!admin && <Notice kind="info">{t('teamsAdminOnly')}</Notice>}
      {teams.isError && <Notice kind="error">{errorMessage(teams.error, i18n)}</Notice>}
      {teams.isPending && admin && (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      )}
      {teams.data?.map((team) => <TeamForm key={team.id} team={team} />)}
    </div>
  );
}

function TeamForm({ team }: { team: TeamSettings }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const [draft, setDraft] = useState<DeadlineSettings>(team.deadlines);
  const save = useMutation({
    mutationFn: (deadlines: DeadlineSettings) => api.changeTeam(team.id, deadlines),
    onSuccess: (changed) => {
      setDraft(changed.deadlines);
      void client.invalidateQueries({ queryKey: ['admin', 'teams'] });
      void client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(draft);
  };
  const headingId = `team-${team.id}`;
  return (
    <section className="chart-section team-form" aria-labelledby={headingId}>
      <h2 id={headingId}>{team.name}</h2>
      <form onSubmit={submit} className="filter-row">
        <label className="field">
          <span>{t('teamTimeZone')}</span>
          <select value={draft.timeZone} onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })}>
            {timeZones(draft.timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('teamFirstResponse')}</span>
          <input
            type="number"
            min={1}
            max={10080}
            required
            value={draft.firstResponseMinutes}
            onChange={(event) => setDraft({ ...draft, firstResponseMinutes: event.target.valueAsNumber })}
          />
        </label>
        <label className="field">
          <span>{t('teamSundown')}</span>
          <input type="text" inputMode="numeric" pattern="([01]\d|2[0-3]):[0-5]\d|24:00" required value={draft.dayEndsAt} onChange={(event) => setDraft({ ...draft, dayEndsAt: event.target.value })} />
        </label>
        <button type="submit" aria-disabled={save.isPending}>
          {save.isPending ? t('teamSaving') : t('teamSave', { team: team.name })}
        </button>
      </form>
      {save.isSuccess && <Notice kind="success">{t('teamSaved', { team: team.name })}</Notice>}
      {save.isError && <Notice kind="error">{isStatus(save.error, 400) ? t('teamInvalid') : errorMessage(save.error, i18n)}</Notice>}
    </section>
  );
}
