import type { Tier } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { readableTextOn } from '@/utils/overlay/colour';

/** The tier badge as React renders it on extension pages and inside the card. */
export function TierPill({ tier }: { tier: Tier }) {
  return (
    <span
      className="jw-tier"
      role="img"
      aria-label={t('badgeAccessibleName', tier.name)}
      title={tier.name}
      style={{ background: tier.colour, color: readableTextOn(tier.colour) }}
    >
      {tier.shortLabel}
    </span>
  );
}
