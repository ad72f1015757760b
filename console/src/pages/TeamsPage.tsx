import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ConsoleSession, DeadlineSettings, Ref, TeamSettings } from '@/utils/contract';
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

/** The admin's Teams page: each team's time zone, first-response minutes, sundown and handoff targets. */
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
      {teams.data?.map((team) => <TeamForm key={team.id} team={team} others={teams.data.filter((other) => other.id !== team.id)} />)}
    </div>
  );
}

interface TeamDraft {
  deadlines: DeadlineSettings;
  handoffTargetIds: string[];
}

const draftOf = (team: TeamSettings): TeamDraft => ({ deadlines: team.deadlines, handoffTargetIds: team.handoffTargets.map((target) => target.id) });

function TeamForm({ team, others }: { team: TeamSettings; others: Ref[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const [draft, setDraft] = useState<TeamDraft>(() => draftOf(team));
  const save = useMutation({
    mutationFn: (change: TeamDraft) => api.changeTeam(team.id, change),
    onSuccess: (changed) => {
      setDraft(draftOf(changed));
      void client.invalidateQueries({ queryKey: ['admin', 'teams'] });
      void client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  // "Saved" stands for what the server stored: an edit after it takes the notice away.
  const edit = (next: TeamDraft) => {
    if (!save.isPending) save.reset();
    setDraft(next);
  };
  const setDeadlines = (change: Partial<DeadlineSettings>) => edit({ ...draft, deadlines: { ...draft.deadlines, ...change } });
  const toggleTarget = (id: string, on: boolean) =>
    edit({ ...draft, handoffTargetIds: on ? [...draft.handoffTargetIds, id] : draft.handoffTargetIds.filter((target) => target !== id) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(draft);
  };
  const headingId = `team-${team.id}`;
  const hintId = `team-${team.id}-targets-hint`;
  const { deadlines } = draft;
  return (
    <section className="chart-section team-form" aria-labelledby={headingId}>
      <h2 id={headingId}>{team.name}</h2>
      <form onSubmit={submit}>
        <div className="filter-row">
          <label className="field">
            <span>{t('teamTimeZone')}</span>
            <select value={deadlines.timeZone} onChange={(event) => setDeadlines({ timeZone: event.target.value })}>
              {timeZones(deadlines.timeZone).map((zone) => (
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
              value={deadlines.firstResponseMinutes}
              onChange={(event) => setDeadlines({ firstResponseMinutes: event.target.valueAsNumber })}
            />
          </label>
          <label className="field">
            <span>{t('teamSundown')}</span>
            <input
              type="text"
              inputMode="numeric"
              pattern="([01]\d|2[0-3]):[0-5]\d|24:00"
              required
              value={deadlines.dayEndsAt}
              onChange={(event) => setDeadlines({ dayEndsAt: event.target.value })}
            />
          </label>
        </div>
        <fieldset className="checkbox-group team-targets" aria-describedby={hintId}>
          <legend>{t('teamTargets')}</legend>
          <p id={hintId} className="muted team-targets-hint">
            {others.length === 0 ? t('teamTargetsNone') : t('teamTargetsHint')}
          </p>
          {others.map((other) => (
            <label key={other.id}>
              <input type="checkbox" checked={draft.handoffTargetIds.includes(other.id)} onChange={(event) => toggleTarget(other.id, event.target.checked)} />{' '}
              {other.name}
            </label>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" aria-disabled={save.isPending}>
            {save.isPending ? t('teamSaving') : t('teamSave', { team: team.name })}
          </button>
        </div>
      </form>
      {save.isSuccess && <Notice kind="success">{t('teamSaved', { team: team.name })}</Notice>}
      {save.isError && <Notice kind="error">{isStatus(save.error, 400) ? t('teamInvalid') : errorMessage(save.error, i18n)}</Notice>}
    </section>
  );
}
