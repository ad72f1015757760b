import { useState } from 'react';
import type { Case, Handoff, MemberCard as MemberCardData, OpenCaseSummary, Ref, Tier, Member, Identity } from '@/utils/contract';
import { handoffStatusInWords } from '@/utils/handoff-status';
import { t } from '@/utils/i18n';
import { useAgentSubmit } from '@/utils/overlay/agent-submit';
import { clockTime } from '@/utils/overlay/format';
import { onAgentGesture } from '@/utils/overlay/gesture';
import { DeadlineChip } from './DeadlineChip';
import { TierPill } from './TierPill';

/** What a card action tells the agent: saved, queued for sync, or what went wrong. */
export type ActionOutcome = { ok: true; queued: boolean } | { ok: false; message: string };

export interface MemberCardActions {
  addNote(caseId: string, text: string): Promise<ActionOutcome>;
  openCase(): Promise<ActionOutcome>;
  takeCase(caseId: string, version: number): Promise<ActionOutcome>;
  resolveCase(caseId: string, version: number): Promise<ActionOutcome>;
  unlink(linkId: string): Promise<ActionOutcome>;
}

export interface MemberCardProps {
  identity: Identity;
  member: Member;
  tier: Tier | null;
  openCase: OpenCaseSummary | null;
  /** The full card once the background fetched it; `null` while loading. */
  card: MemberCardData | null;
  error: string | null;
  agent: Ref | null;
  now: Date;
  actions: MemberCardActions;
  onClose(): void;
}

const CHANNEL_KEYS = {
  x_dm: 'channelXDm',
  facebook_messenger: 'channelMessenger',
  email: 'channelEmail',
  phone: 'channelPhone',
  sms: 'channelSms',
} as const;

export function MemberCard(props: MemberCardProps) {
  const { member, tier, card, agent, now } = props;
  const fullCase: Case | undefined = card?.cases.find((c) => c.status !== 'resolved' && c.id === props.openCase?.id) ??
    card?.cases.find((c) => c.status !== 'resolved' && c.identity.handle === props.identity.handle);
  // Once the card is loaded it is the truth (it is fetched again while open); the badge's
  // answer only bridges the first moments.
  const summary = card ? (fullCase ?? null) : props.openCase;
  const [status, setStatus] = useState<string | null>(null);

  const report = async (work: Promise<ActionOutcome>) => {
    const outcome = await work;
    setStatus(outcome.ok ? (outcome.queued ? t('actionQueued') : t('actionSaved')) : outcome.message);
  };

  const heldByOther = summary?.assignee && agent && summary.assignee.id !== agent.id;
  // The customer's latest handoff, whoever made it: what the receiving team did with it.
  const latestHandoff = card?.handoffs.reduce<Handoff | null>((latest, item) => (!latest || item.updatedAt > latest.updatedAt ? item : latest), null);

  return (
    <section className="jw-card" role="dialog" aria-modal="false" aria-labelledby="jw-card-name">
      <header className="jw-card-header">
        <div>
          <h2 id="jw-card-name" className="jw-card-name">{member.displayName}</h2>
          <p className="jw-muted">
            {tier ? <TierPill tier={tier} /> : null} {tier?.name} · {t('cardTierSince', member.tierSince)}
          </p>
        </div>
        <button type="button" className="jw-icon-button" aria-label={t('cardClose')} onClick={props.onClose} autoFocus>
          ×
        </button>
      </header>
      <dl className="jw-facts">
        <dt>{t('cardLoyaltyNumber')}</dt>
        <dd>{member.loyaltyNumberMasked}</dd>
        <dt>{t('cardHomeAirport')}</dt>
        <dd>{member.homeAirport ?? '—'}</dd>
        <dt>{t('cardPreferredChannel')}</dt>
        <dd>{t(CHANNEL_KEYS[member.preferredChannel])}</dd>
        <dt>{t('cardLanguage')}</dt>
        <dd>{member.language}</dd>
      </dl>

      <div className="jw-section">
        <h3>{t('cardOpenCase')}</h3>
        {summary ? (
          <div className="jw-case">
            <DeadlineChip openCase={summary} now={now} />
            <p className="jw-muted">
              {summary.assignee
                ? t('cardHeldBy', summary.assignee.name, summary.assignedAt ? clockTime(summary.assignedAt) : '—')
                : t('cardUnassigned')}
            </p>
            {heldByOther ? (
              <p className="jw-warning" role="alert">
                {t('cardCollision', summary.assignee?.name ?? '')}
              </p>
            ) : null}
            {fullCase ? (
              <div className="jw-actions">
                {fullCase.assignee?.id !== agent?.id ? (
                  <button type="button" onClick={onAgentGesture(() => void report(props.actions.takeCase(fullCase.id, fullCase.version)))}>
                    {t('cardTakeCase')}
                  </button>
                ) : null}
                <button type="button" onClick={onAgentGesture(() => void report(props.actions.resolveCase(fullCase.id, fullCase.version)))}>
                  {t('cardResolveCase')}
                </button>
              </div>
            ) : null}
            {fullCase ? <NoteForm onSubmit={(text) => report(props.actions.addNote(fullCase.id, text))} /> : null}
          </div>
        ) : (
          <div className="jw-actions">
            <span className="jw-muted">{t('cardNoOpenCase')}</span>
            <button type="button" onClick={onAgentGesture(() => void report(props.actions.openCase()))}>
              {t('cardOpenCaseAction')}
            </button>
          </div>
        )}
      </div>

      <div className="jw-section">
        <h3>{t('cardLatestNotes')}</h3>
        {props.error ? <p className="jw-error">{props.error}</p> : null}
        {!card && !props.error ? <p className="jw-muted">{t('cardLoading')}</p> : null}
        {card && card.notes.length === 0 ? <p className="jw-muted">{t('cardNoNotes')}</p> : null}
        <ul className="jw-notes">
          {card?.notes.slice(0, 3).map((note) => (
            <li key={note.id}>
              <span className="jw-note-meta">
                {note.author.name} · {clockTime(note.createdAt)}
              </span>
              <span className="jw-note-text">{note.text}</span>
            </li>
          ))}
        </ul>
      </div>

      {latestHandoff ? (
        <div className="jw-section">
          <h3>{t('cardLatestHandoff')}</h3>
          <p className="jw-muted">
            {latestHandoff.fromTeam.name} → {latestHandoff.toTeam.name} · {clockTime(latestHandoff.createdAt)}
          </p>
          <p className="jw-handoff-status">{handoffStatusInWords(latestHandoff)}</p>
        </div>
      ) : null}

      {card?.links.some((link) => link.identity.handle === props.identity.handle) ? (
        <div className="jw-section jw-actions">
          {card.links
            .filter((link) => link.identity.handle === props.identity.handle && link.identity.network === props.identity.network)
            .map((link) => (
              <button key={link.id} type="button" className="jw-secondary" onClick={onAgentGesture(() => void report(props.actions.unlink(link.id)))}>
                {t('cardUnlink')}
              </button>
            ))}
        </div>
      ) : null}
      {status ? (
        <p className="jw-status" role="status">
          {status}
        </p>
      ) : null}
    </section>
  );
}

function NoteForm({ onSubmit }: { onSubmit(text: string): Promise<void> }) {
  const [text, setText] = useState('');
  const submit = async () => {
    if (!text.trim()) return;
    await onSubmit(text.trim());
    setText('');
  };
  const agentSubmit = useAgentSubmit(() => void submit());
  return (
    <form className="jw-note-form" {...agentSubmit}>
      <label>
        <span className="jw-visually-hidden">{t('cardNoteLabel')}</span>
        <textarea value={text} maxLength={4000} rows={2} placeholder={t('cardNotePlaceholder')} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">{t('cardAddNote')}</button>
    </form>
  );
}
