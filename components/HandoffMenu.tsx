import { useState } from 'react';
import type { Ref } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { useAgentSubmit } from '@/utils/overlay/agent-submit';

export interface HandoffMenuProps {
  teams: Ref[];
  defaultTeamId: string | null;
  onHandOff(teamId: string, reason: string): void;
  onLink(loyaltyNumber: string): void;
  onClose(): void;
}

/** The small menu beside `Hand off`: another team, a reason, or linking the customer. */
export function HandoffMenu({ teams, defaultTeamId, onHandOff, onLink, onClose }: HandoffMenuProps) {
  const [teamId, setTeamId] = useState(defaultTeamId ?? teams[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [loyaltyNumber, setLoyaltyNumber] = useState('');

  // Both send a write: only the agent's own click or Enter sends them.
  const submitHandoff = useAgentSubmit(() => {
    if (teamId) onHandOff(teamId, reason.trim());
  });
  const submitLink = useAgentSubmit(() => {
    if (loyaltyNumber.trim()) onLink(loyaltyNumber.trim());
  });

  return (
    <section className="jw-card jw-menu" role="dialog" aria-label={t('handoffMenuTitle')}>
      <header className="jw-card-header">
        <h2 className="jw-card-name">{t('handoffMenuTitle')}</h2>
        <button type="button" className="jw-icon-button" aria-label={t('cardClose')} onClick={onClose}>
          ×
        </button>
      </header>
      <form className="jw-note-form" {...submitHandoff}>
        <label>
          {t('handoffTeam')}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} autoFocus>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('handoffReason')}
          <textarea value={reason} maxLength={1000} rows={2} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={!teamId}>
          {t('handoffSend')}
        </button>
      </form>
      <form className="jw-note-form jw-section" {...submitLink}>
        <label>
          {t('linkLoyaltyNumber')}
          <input value={loyaltyNumber} maxLength={32} autoComplete="off" onChange={(e) => setLoyaltyNumber(e.target.value)} />
        </label>
        <p className="jw-muted">{t('linkHint')}</p>
        <button type="submit" className="jw-secondary">
          {t('linkSubmit')}
        </button>
      </form>
    </section>
  );
}
