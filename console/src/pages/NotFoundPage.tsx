import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <PageHeading title={`${t('notFoundTitle')} · ${t('appName')}`}>{t('notFoundTitle')}</PageHeading>
      <p>{t('notFoundText')}</p>
      <p>
        <Link to="">{t('goToInbox')}</Link>
      </p>
    </div>
  );
}
