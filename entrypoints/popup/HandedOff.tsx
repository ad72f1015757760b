import { useLiveQuery } from 'dexie-react-hooks';
import { TierPill } from '@/components/TierPill';
import type { Me, Tier } from '@/utils/contract';
import { identityKey } from '@/utils/contract';
import { jetwayDb, type SyncedHandoff } from '@/utils/db';
import { handoffStatusInWords } from '@/utils/handoff-status';
import { t } from '@/utils/i18n';
import { clockTime } from '@/utils/overlay/format';

const WEEK_MS = 7 * 24 * 60 * 60_000;

/** The words the row shows: the newest message with text (the post handed off), else the reason. */
function snippetOf(handoff: SyncedHandoff): string {
  return [...handoff.transcript].reverse().find((entry) => entry.text.trim() !== '')?.text ?? handoff.reason;
}

/**
 * The popup's "Handed off" tab: the agent's own handoffs of the last 7 days and what the
 * receiving team did with each, newest change first. The background keeps the list in
 * step (every minute, when the popup opens, and after each handoff the agent makes).
 */
export function HandedOff({ me, tiers, now }: { me: Me; tiers: Map<string, Tier>; now: Date }) {
  const db = jetwayDb();
  // Undefined until the list is read: the tab says nothing rather than "nothing handed off".
  const handoffs = useLiveQuery(() => db.handoffs.toArray(), []);
  const mine = (handoffs ?? [])
    .filter((item) => item.createdBy.id === me.agent.id && now.getTime() - Date.parse(item.createdAt) <= WEEK_MS)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  const tierOf = useLiveQuery(
    async () => {
      const rows = await db.lookups.bulkGet(mine.map((item) => identityKey(item.identity)));
      return new Map(rows.filter((row) => row?.member).map((row) => [row!.key, row!.member!.tierId]));
    },
    [mine.length, handoffs],
    new Map<string, string>(),
  );

  if (handoffs === undefined) return <p className="empty" aria-busy="true" />;
  if (mine.length === 0) return <p className="empty">{t('popupHandedOffEmpty')}</p>;
  return (
    <ul className="cases handed-off" aria-label={t('popupHandedOffList')}>
      {mine.map((item) => {
        const tierId = tierOf.get(identityKey(item.identity));
        const tier = tierId ? tiers.get(tierId) : undefined;
        return (
          <li key={item.id} className="case" data-status={item.status}>
            <span className="case-who">
              <strong>@{item.identity.handle}</strong> {tier ? <TierPill tier={tier} /> : null}
            </span>
            <span className="case-snippet">{snippetOf(item)}</span>
            <span className="case-meta">
              <span className="handoff-status">{handoffStatusInWords(item)}</span>
              <span className="muted">{clockTime(item.createdAt)}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
