import type { Tier } from '@/utils/contract';
import { readableTextOn } from '@/utils/overlay/colour';
import { useI18n } from '../i18n';

/**
 * The tier in its colour, as the extension's badge shows it. The colour is set through the
 * CSSOM (React's `style`), which the Console's CSP allows, unlike a style attribute in HTML.
 */
export function TierPill({ tier }: { tier: Tier }) {
  const { t } = useI18n();
  return (
    <span
      className="tier-pill"
      role="img"
      aria-label={t('tierAccessibleName', { tier: tier.name })}
      title={tier.name}
      style={{ backgroundColor: tier.colour, color: readableTextOn(tier.colour) }}
    >
      {tier.name}
    </span>
  );
}
