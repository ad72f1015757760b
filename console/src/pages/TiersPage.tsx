import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { TierSchema, type ConsoleSession, type Tier } from '@/utils/contract';
import { BADGE_MINIMUM_CONTRAST as NON_TEXT_MINIMUM, BADGE_PAGES, worstContrast } from '@/utils/overlay/colour';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { TierPill } from '../components/TierPill';
import { errorMessage } from '../errors';
import { useI18n } from '../i18n';
import '../components/charts.css';

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The lowest contrast of a colour against any of the pages; null when it is no colour yet. */
const contrastOn = (colour: string, pages: readonly string[]): number | null => (COLOUR.test(colour) ? worstContrast(colour, pages) : null);

type Draft = Omit<Tier, 'rank'>;

const draftsOf = (tiers: readonly Tier[]): Draft[] => tiers.map(({ rank: _rank, ...tier }) => tier);

/** The admin's Tiers page: names, badge labels, colours (measured on light and dark pages) and order. */
export function TiersPage({ session }: { session: ConsoleSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const admin = session.account.role === 'admin';
  const tiers = useQuery({ queryKey: ['admin', 'tiers'], queryFn: ({ signal }) => api.tiers(signal), enabled: admin });
  return (
    <div className="page">
      <PageHeading title={`${t('tiersPageTitle')} · ${t('appName')}`}>{t('tiersPageTitle')}</PageHeading>
      <p className="muted">{t('tiersPageIntro')}</p>
      {!admin && <Notice kind="info">{t('tiersAdminOnly')}</Notice>}
      {tiers.isError && <Notice kind="error">{errorMessage(tiers.error, i18n)}</Notice>}
      {tiers.isPending && admin && (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      )}
      {tiers.data && <TierEditor saved={tiers.data} />}
    </div>
  );
}

function TierEditor({ saved }: { saved: readonly Tier[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<Draft[]>(() => draftsOf(saved));
  const [tried, setTried] = useState(false);
  const [moved, setMoved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api.changeTiers({ tiers: drafts.map((tier) => ({ ...tier, name: tier.name.trim(), shortLabel: tier.shortLabel.trim() })) }),
    onSuccess: (changed) => {
      setDrafts(draftsOf(changed));
      client.setQueryData(['admin', 'tiers'], changed);
      // The Console's own badges read the catalogue from /v1/me.
      void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const invalid = drafts.filter((tier) => !TierSchema.omit({ rank: true }).safeParse({ ...tier, name: tier.name.trim(), shortLabel: tier.shortLabel.trim() }).success);
  const change = (index: number, patch: Partial<Draft>) => {
    save.reset();
    setDrafts((current) => current.map((tier, at) => (at === index ? { ...tier, ...patch } : tier)));
  };
  const move = (index: number, by: -1 | 1) => {
    save.reset();
    const tier = drafts[index]!;
    setDrafts((current) => {
      const next = [...current];
      next.splice(index, 1);
      next.splice(index + by, 0, tier);
      return next;
    });
    setMoved(t('tierMoved', { name: tier.name, position: index + by + 1, count: drafts.length }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (invalid.length === 0 && !save.isPending) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <section className="panel" aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">{t('tiersListTitle')}</h2>
        <p className="muted small">{t('tiersContrastIntro', { minimum: NON_TEXT_MINIMUM })}</p>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="tiers-heading">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('tierColOrder')}</th>
                <th scope="col">{t('tierColName')}</th>
                <th scope="col">{t('tierColLabel')}</th>
                <th scope="col">{t('tierColColour')}</th>
                <th scope="col">{t('tierColBadge')}</th>
                <th scope="col">{t('tierColContrast')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((tier, index) => (
                <TierRow
                  key={tier.id}
                  tier={tier}
                  index={index}
                  count={drafts.length}
                  showErrors={tried}
                  onChange={(patch) => change(index, patch)}
                  onMove={(by) => move(index, by)}
                />
              ))}
            </tbody>
          </table>
        </div>
        <p className="visually-hidden" role="status">
          {moved}
        </p>
        {tried && invalid.length > 0 && <Notice kind="error">{t('tiersInvalid', { tiers: invalid.map((tier) => tier.id).join(', ') })}</Notice>}
        {save.isError && <Notice kind="error">{errorMessage(save.error, i18n)}</Notice>}
        {save.isSuccess && <Notice kind="success">{t('tiersSaved')}</Notice>}
        <div className="button-row">
          <button type="submit" aria-disabled={save.isPending}>
            {save.isPending ? t('working') : t('tiersSave')}
          </button>
        </div>
      </section>
    </form>
  );
}

function TierRow({
  tier,
  index,
  count,
  showErrors,
  onChange,
  onMove,
}: {
  tier: Draft;
  index: number;
  count: number;
  showErrors: boolean;
  onChange: (patch: Partial<Draft>) => void;
  onMove: (by: -1 | 1) => void;
}) {
  const { t } = useI18n();
  const light = contrastOn(tier.colour, BADGE_PAGES.light);
  const dark = contrastOn(tier.colour, BADGE_PAGES.dark);
  const colourValid = light !== null;
  const name = tier.name.trim() || tier.id;
  const ratio = (value: number) => `${value.toFixed(2)}:1`;
  const warningId = `tier-contrast-${tier.id}`;
  return (
    <tr>
      <td>
        <div className="button-row">
          <button type="button" className="secondary" onClick={() => index > 0 && onMove(-1)} aria-disabled={index === 0} aria-label={t('tierMoveUp', { name })}>
            ↑
          </button>
          <button type="button" className="secondary" onClick={() => index < count - 1 && onMove(1)} aria-disabled={index === count - 1} aria-label={t('tierMoveDown', { name })}>
            ↓
          </button>
        </div>
      </td>
      <td>
        <input
          value={tier.name}
          maxLength={40}
          aria-label={t('tierNameFor', { id: tier.id })}
          aria-invalid={showErrors && !tier.name.trim()}
          onChange={(event) => onChange({ name: event.target.value })}
        />
      </td>
      <td>
        <input
          value={tier.shortLabel}
          maxLength={4}
          size={5}
          aria-label={t('tierLabelFor', { name })}
          aria-invalid={showErrors && !tier.shortLabel.trim()}
          onChange={(event) => onChange({ shortLabel: event.target.value })}
        />
      </td>
      <td>
        <input
          value={tier.colour}
          size={8}
          spellCheck={false}
          aria-label={t('tierColourFor', { name })}
          aria-invalid={!colourValid}
          aria-describedby={warningId}
          onChange={(event) => onChange({ colour: event.target.value.trim() })}
        />
      </td>
      <td>{colourValid && <TierPill tier={{ ...tier, name, rank: index }} />}</td>
      <td id={warningId}>
        {light === null || dark === null ? (
          <span className="field-error">{t('tierColourInvalid')}</span>
        ) : (
          <>
            {t('tierContrastLight', { ratio: ratio(light) })}
            <br />
            {t('tierContrastDark', { ratio: ratio(dark) })}
            {light < NON_TEXT_MINIMUM && <p className="field-error">{t('tierContrastLowLight', { ratio: ratio(light), minimum: NON_TEXT_MINIMUM })}</p>}
            {dark < NON_TEXT_MINIMUM && <p className="field-error">{t('tierContrastLowDark', { ratio: ratio(dark), minimum: NON_TEXT_MINIMUM })}</p>}
          </>
        )}
      </td>
    </tr>
  );
}
