import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import {
  urgencyOf,
  type ConsoleSession,
  type Handoff,
  type HandoffAction,
  type HandoffEvent,
  type Member,
  type PreferredChannel,
  type TranscriptEntry,
} from '@/utils/contract';
import { api, newIdempotencyKey } from '../api';
import { DeadlineChip } from '../components/DeadlineChip';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { StatusBadge } from '../components/StatusBadge';
import { TierPill } from '../components/TierPill';
import { errorMessage, isStatus } from '../errors';
import { calendarDate, countdown, customerHandle, dateTime, isOpen, languageName, useNow } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { replyRoute, safePostUrl } from '../links';
import { Link, navigate, setFlash } from '../router';
import { tierById, useTiers } from '../tiers';

type DialogName = 'resolve' | 'send_back' | 'reassign';

const CHANNEL_LABEL: Record<PreferredChannel, MessageKey> = {
  x_dm: 'channelXDm',
  facebook_messenger: 'channelMessenger',
  email: 'channelEmail',
  phone: 'channelPhone',
  sms: 'channelSms',
};

const HISTORY_LABEL: Record<HandoffEvent['action'], MessageKey> = {
  created: 'historyCreated',
  accepted: 'historyAccepted',
  resolved: 'historyResolved',
  sent_back: 'historySentBack',
  reassigned: 'historyReassigned',
  cancelled: 'historyCancelled',
};

export function HandoffPage({ id, session }: { id: string; session: ConsoleSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // One key per user action: a retried submit of the same dialog is applied once.
  const idempotencyKey = useRef('');
  if (!idempotencyKey.current) idempotencyKey.current = newIdempotencyKey();

  // Each read of the handoff is an audited read of member data: no polling, no refetch on focus.
  const detail = useQuery({
    queryKey: ['handoff', id],
    queryFn: ({ signal }) => api.handoff(id, signal),
    refetchOnWindowFocus: false,
    retry: (failures, error) => !isStatus(error, 404) && !isStatus(error, 403) && !isStatus(error, 400) && failures < 2,
  });

  const act = useMutation({
    mutationFn: ({ action, key }: { action: HandoffAction; key: string }) => api.actOn(id, action, key),
    onSuccess: (_answer, { action }) => {
      idempotencyKey.current = newIdempotencyKey();
      setDialog(null);
      void client.invalidateQueries({ queryKey: ['inbox'] });
      const handoff = detail.data?.handoff;
      if (action.action === 'reassign') {
        const team = session.handoffTargets.find((candidate) => candidate.id === action.toTeamId)?.name ?? '';
        setFlash(t('doneReassigned', { team }));
        client.removeQueries({ queryKey: ['handoff', id] });
        navigate('');
        return;
      }
      const text =
        action.action === 'accept'
          ? t('doneAccepted')
          : action.action === 'resolve'
            ? t('doneResolved')
            : t('doneSentBack', { team: handoff?.fromTeam.name ?? '' });
      setNotice({ kind: 'success', text });
      void client.invalidateQueries({ queryKey: ['handoff', id] });
    },
    onError: (error) => {
      idempotencyKey.current = newIdempotencyKey();
      if (isStatus(error, 409)) {
        setDialog(null);
        setNotice({ kind: 'error', text: t('conflict') });
        void client.invalidateQueries({ queryKey: ['handoff', id] });
        void client.invalidateQueries({ queryKey: ['inbox'] });
      }
    },
  });

  const run = (action: HandoffAction) => {
    if (act.isPending) return;
    setNotice(null);
    act.mutate({ action, key: idempotencyKey.current });
  };

  const openDialog = (name: DialogName) => {
    act.reset();
    setDialog(name);
  };

  if (detail.isPending) {
    return (
      <div className="page">
        <PageHeading title={`${t('loading')} · ${t('appName')}`} pending>
          {t('loading')}
        </PageHeading>
      </div>
    );
  }
  if (detail.isError) {
    const missing = isStatus(detail.error, 404) || isStatus(detail.error, 403) || isStatus(detail.error, 400);
    return (
      <div className="page narrow">
        <BackLink />
        <PageHeading title={`${t('notFoundTitle')} · ${t('appName')}`}>{missing ? t('handoffNotFound') : t('notFoundTitle')}</PageHeading>
        {!missing && <Notice kind="error">{errorMessage(detail.error, i18n)}</Notice>}
      </div>
    );
  }

  const { handoff, member } = detail.data;
  const handle = customerHandle(handoff.identity);
  const receiver = handoff.toTeam.id === session.team.id;
  const dialogError = act.isError && !isStatus(act.error, 409) ? errorMessage(act.error, i18n) : null;

  return (
    <div className="page">
      <BackLink />
      <PageHeading title={`${t('handoffTitle', { customer: handle })} · ${t('appName')}`}>{t('handoffTitle', { customer: handle })}</PageHeading>
      <HandoffSubtitle handoff={handoff} member={member} />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}

      <ReplyPanel handoff={handoff} />

      <section aria-labelledby="actions-heading" className="panel actions">
        <h2 id="actions-heading">{t('actionsTitle')}</h2>
        {!receiver ? (
          <p className="muted">{t('notReceiver', { team: handoff.toTeam.name })}</p>
        ) : !isOpen(handoff.status) ? (
          <p className="muted">{t('closedNote')}</p>
        ) : (
          <div className="button-row">
            {handoff.status === 'sent' && (
              <button type="button" onClick={() => run({ action: 'accept', version: handoff.version })} aria-disabled={act.isPending}>
                {act.isPending && act.variables?.action.action === 'accept' ? t('accepting') : t('accept')}
              </button>
            )}
            <button type="button" className={handoff.status === 'sent' ? 'secondary' : undefined} onClick={() => openDialog('resolve')}>
              {t('resolve')}
            </button>
            <button type="button" className="secondary" onClick={() => openDialog('send_back')}>
              {t('sendBack')}
            </button>
            <button type="button" className="secondary" onClick={() => openDialog('reassign')}>
              {t('reassign')}
            </button>
          </div>
        )}
        {!dialog && dialogError && <Notice kind="error">{dialogError}</Notice>}
      </section>

      <div className="handoff-grid">
        <div className="column">
          <Transcript entries={handoff.transcript} />
          <History events={handoff.history} />
        </div>
        <div className="column">
          <MemberPanel member={member} />
          <SenderPanel handoff={handoff} />
          <DeadlinesPanel handoff={handoff} />
        </div>
      </div>

      <RequiredTextDialog
        open={dialog === 'resolve'}
        title={t('resolveTitle')}
        submitLabel={t('resolve')}
        field={{ name: 'outcome', label: t('outcomeLabel'), hint: t('outcomeHint'), missing: t('outcomeMissing'), maxLength: 4000 }}
        busy={act.isPending}
        error={dialog === 'resolve' ? dialogError : null}
        onClose={() => setDialog(null)}
        onSubmit={(outcome) => run({ action: 'resolve', version: handoff.version, outcome })}
      />
      <RequiredTextDialog
        open={dialog === 'send_back'}
        title={t('sendBackTitle', { team: handoff.fromTeam.name })}
        submitLabel={t('sendBack')}
        field={{ name: 'reason', label: t('reasonLabel'), hint: t('sendBackHint'), missing: t('reasonMissing'), maxLength: 1000 }}
        busy={act.isPending}
        error={dialog === 'send_back' ? dialogError : null}
        onClose={() => setDialog(null)}
        onSubmit={(reason) => run({ action: 'send_back', version: handoff.version, reason })}
      />
      <ReassignDialog
        open={dialog === 'reassign'}
        teams={session.handoffTargets.filter((team) => team.id !== handoff.toTeam.id)}
        busy={act.isPending}
        error={dialog === 'reassign' ? dialogError : null}
        onClose={() => setDialog(null)}
        onSubmit={(toTeamId, reason) => run({ action: 'reassign', version: handoff.version, toTeamId, reason })}
      />
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <p className="back">
      <Link to="">← {t('backToInbox')}</Link>
    </p>
  );
}

function HandoffSubtitle({ handoff, member }: { handoff: Handoff; member: Member | null }) {
  const tiers = useTiers();
  const now = useNow();
  const tier = member ? tierById(tiers, member.tierId) : null;
  return (
    <p className="subtitle">
      {member && <span className="name">{member.displayName}</span>}
      {tier && <TierPill tier={tier} />}
      <StatusBadge status={handoff.status} />
      {isOpen(handoff.status) && <DeadlineChip handoff={handoff} now={now} />}
    </p>
  );
}

/** The member's preferred channel first, with the one click that starts the reply. */
function ReplyPanel({ handoff }: { handoff: Handoff }) {
  const { t } = useI18n();
  const route = replyRoute(handoff.preferredChannel, handoff.identity);
  return (
    <section aria-labelledby="reply-heading" className="panel reply">
      <h2 id="reply-heading">{t('replyTitle')}</h2>
      {handoff.preferredChannel === null ? (
        <p>{t('noPreferredChannel')}</p>
      ) : (
        <>
          <p className="channel">
            <span className="muted">{t('preferredChannel')}:</span> <strong>{t(CHANNEL_LABEL[handoff.preferredChannel])}</strong>
          </p>
          {route.kind === 'x' || route.kind === 'messenger' ? (
            <a className="button-link" href={route.href} target="_blank" rel="noopener noreferrer">
              {route.kind === 'x' ? t('messageOnX', { handle: route.handle }) : t('messageOnMessenger', { handle: route.handle })}
              <span className="visually-hidden"> {t('opensInNewTab')}</span>
            </a>
          ) : (
            <>
              <p className="call-centre">{t('callCentre')}</p>
              <p className="muted small">{t('callCentreHint')}</p>
            </>
          )}
        </>
      )}
    </section>
  );
}

function Transcript({ entries }: { entries: TranscriptEntry[] }) {
  const { t, plural, language } = useI18n();
  return (
    <section aria-labelledby="conversation-heading" className="panel">
      <div className="panel-header">
        <h2 id="conversation-heading">{t('conversationTitle')}</h2>
        <p className="muted small">{plural('captured', entries.length)}</p>
      </div>
      <ol className="transcript">
        {entries.map((entry, index) => {
          const href = safePostUrl(entry.url);
          return (
            <li key={index} className="post">
              <p className="post-meta">
                <span className="author">{entry.author}</span>
                <span className="muted small">{entry.postedAt ? <time dateTime={entry.postedAt}>{dateTime(entry.postedAt, language)}</time> : t('timeUnknown')}</span>
              </p>
              <p className="post-text">{entry.text}</p>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer" className="small">
                  {t('openPost', { author: entry.author })}
                  <span className="visually-hidden"> {t('opensInNewTab')}</span>
                </a>
              ) : (
                entry.url && <p className="muted small break">{t('postAddress', { url: entry.url })}</p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function History({ events }: { events: HandoffEvent[] }) {
  const { t, language } = useI18n();
  return (
    <section aria-labelledby="history-heading" className="panel">
      <h2 id="history-heading">{t('historyTitle')}</h2>
      <ol className="history">
        {events.map((event, index) => (
          <li key={index}>
            <p>
              {t(HISTORY_LABEL[event.action], { agent: event.by.name, team: event.team.name, toTeam: event.toTeam?.name ?? '' })}
              <span className="muted small">
                {' · '}
                <time dateTime={event.at}>{dateTime(event.at, language)}</time>
              </span>
            </p>
            {event.note && <p className="note">{event.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function MemberPanel({ member }: { member: Member | null }) {
  const { t, language } = useI18n();
  const tiers = useTiers();
  const tier = member ? tierById(tiers, member.tierId) : null;
  return (
    <section aria-labelledby="member-heading" className="panel">
      <h2 id="member-heading">{t('memberTitle')}</h2>
      {!member ? (
        <p className="muted">{t('noMember')}</p>
      ) : (
        <dl className="facts">
          <dt>{t('memberName')}</dt>
          <dd>{member.displayName}</dd>
          <dt>{t('memberTier')}</dt>
          <dd>
            {tier ? <TierPill tier={tier} /> : member.tierId} {t('tierSince', { date: calendarDate(member.tierSince, language) })}
          </dd>
          <dt>{t('loyaltyNumber')}</dt>
          <dd className="number">{member.loyaltyNumberMasked}</dd>
          <dt>{t('homeAirport')}</dt>
          <dd>{member.homeAirport ?? t('notKnown')}</dd>
          <dt>{t('memberLanguage')}</dt>
          <dd>{languageName(member.language, language)}</dd>
        </dl>
      )}
    </section>
  );
}

function SenderPanel({ handoff }: { handoff: Handoff }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="sender-heading" className="panel">
      <h2 id="sender-heading">{t('senderTitle')}</h2>
      <p>{t('senderLine', { agent: handoff.createdBy.name, team: handoff.fromTeam.name })}</p>
      <h3>{t('reason')}</h3>
      <p className="note">{handoff.reason.trim() ? handoff.reason : <span className="muted">{t('noReason')}</span>}</p>
      {handoff.outcome && handoff.status === 'resolved' && (
        <>
          <h3>{t('outcomeTitle')}</h3>
          <p className="note">{handoff.outcome}</p>
        </>
      )}
      {handoff.sentBackReason && (
        <>
          <h3>{t('sentBackReasonTitle')}</h3>
          <p className="note">{handoff.sentBackReason}</p>
        </>
      )}
    </section>
  );
}

function DeadlinesPanel({ handoff }: { handoff: Handoff }) {
  const { t, language } = useI18n();
  const now = useNow();
  const opened = new Date(handoff.createdAt);
  const open = isOpen(handoff.status);
  const chip = (dueAt: string) => {
    const due = new Date(dueAt);
    const urgency = urgencyOf(due, opened, now);
    return (
      <span className={`chip chip-${urgency}`} data-urgency={urgency}>
        {countdown(due, now, t)}
      </span>
    );
  };
  return (
    <section aria-labelledby="deadlines-heading" className="panel">
      <h2 id="deadlines-heading">{t('deadlinesTitle')}</h2>
      <dl className="facts">
        <dt>{t('deadlineFirstResponse')}</dt>
        <dd>
          {handoff.acceptedAt ? (
            t('acceptedAtTime', { time: dateTime(handoff.acceptedAt, language) })
          ) : (
            <>
              <time dateTime={handoff.firstResponseDueAt}>{dateTime(handoff.firstResponseDueAt, language)}</time> {open && chip(handoff.firstResponseDueAt)}
            </>
          )}
        </dd>
        <dt>{t('deadlineResolution')}</dt>
        <dd>
          <time dateTime={handoff.dueAt}>{dateTime(handoff.dueAt, language)}</time> {open && chip(handoff.dueAt)}
        </dd>
      </dl>
    </section>
  );
}

/** A dialog that asks for one required text (the outcome of a resolve, the reason to send back). */
function RequiredTextDialog(props: {
  open: boolean;
  title: string;
  submitLabel: string;
  field: { name: string; label: string; hint: string; missing: string; maxLength: number };
  busy: boolean;
  error: string | null;
  onClose(): void;
  onSubmit(text: string): void;
}) {
  const [missing, setMissing] = useState(false);
  const { field } = props;
  return (
    <Dialog
      open={props.open}
      title={props.title}
      submitLabel={props.submitLabel}
      busy={props.busy}
      error={props.error}
      onClose={() => {
        setMissing(false);
        props.onClose();
      }}
      onSubmit={(form) => {
        const text = String(new FormData(form).get(field.name) ?? '').trim();
        setMissing(!text);
        if (text) props.onSubmit(text);
        else form.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      }}
    >
      <TextArea name={field.name} label={field.label} hint={field.hint} error={missing ? field.missing : null} maxLength={field.maxLength} />
    </Dialog>
  );
}

function ReassignDialog(props: {
  open: boolean;
  teams: ConsoleSession['handoffTargets'];
  busy: boolean;
  error: string | null;
  onClose(): void;
  onSubmit(toTeamId: string, reason: string): void;
}) {
  const { t } = useI18n();
  const [missing, setMissing] = useState<{ team: boolean; reason: boolean }>({ team: false, reason: false });
  return (
    <Dialog
      open={props.open}
      title={t('reassignTitle')}
      submitLabel={t('reassign')}
      busy={props.busy}
      error={props.error}
      onClose={() => {
        setMissing({ team: false, reason: false });
        props.onClose();
      }}
      onSubmit={(form) => {
        const data = new FormData(form);
        const toTeamId = String(data.get('team') ?? '');
        const reason = String(data.get('reason') ?? '').trim();
        setMissing({ team: !toTeamId, reason: !reason });
        if (toTeamId && reason) props.onSubmit(toTeamId, reason);
        else form.querySelector<HTMLElement>(toTeamId ? 'textarea' : 'select')?.focus();
      }}
    >
      <div className="field">
        <label htmlFor="reassign-team">{t('teamLabel')}</label>
        <select id="reassign-team" name="team" defaultValue="" aria-invalid={missing.team || undefined} aria-describedby={missing.team ? 'reassign-team-error' : undefined}>
          <option value="">{t('chooseTeam')}</option>
          {props.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        {missing.team && (
          <p id="reassign-team-error" className="field-error">
            {t('teamMissing')}
          </p>
        )}
      </div>
      <TextArea name="reason" label={t('reasonLabel')} hint={null} error={missing.reason ? t('reasonMissing') : null} maxLength={1000} />
    </Dialog>
  );
}

function TextArea({ name, label, hint, error, maxLength }: { name: string; label: string; hint: string | null; error: string | null; maxLength: number }) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      <textarea id={id} name={name} rows={4} maxLength={maxLength} required aria-invalid={error ? true : undefined} aria-describedby={described} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
