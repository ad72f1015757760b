import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { WEBHOOK_EVENT_TYPES, type ConsoleSession, type NoticeSettings, type WebhookEventType, type WebhooksOverview } from '@/utils/contract';
import { api } from '../api';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { errorMessage } from '../errors';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { DataTableHead } from '../components/DataTableHead';

const QUERY_KEY = ['webhooks'];

/** Leads and admins: where the team's handoffs go besides the Console (webhooks, Slack, email), and what failed to get there. */
export function WebhooksPage({ session }: { session: ConsoleSession }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useQueryClient();
  const overview = useQuery({ queryKey: QUERY_KEY, queryFn: ({ signal }) => api.webhooks(signal) });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: QUERY_KEY });

  const remove = useMutation({ mutationFn: (id: string) => api.removeWebhook(id), onSuccess: () => (setDone(t('webhookRemoved')), refresh()) });
  const rotate = useMutation({
    mutationFn: async (endpoint: { id: string; url: string }) => ({ url: endpoint.url, secret: await api.rotateWebhookSecret(endpoint.id) }),
    onSuccess: (shown) => (setSecret(shown), setDone(null), refresh()),
  });
  const retry = useMutation({ mutationFn: (id: string) => api.retryDelivery(id), onSuccess: () => (setDone(t('webhookRetried')), refresh()) });
  const failure = [remove, rotate, retry].find((mutation) => mutation.isError)?.error;

  return (
    <div className="page">
      <PageHeading title={`${t('webhooksTitle')} · ${t('appName')}`}>{t('webhooksTitle')}</PageHeading>
      <p className="muted">{t('webhooksIntro', { team: session.team.name })}</p>
      {secret && (
        <div className="notice notice-success" role="status">
          <p>{t('webhookSecretShown', { url: secret.url })}</p>
          <p>
            <code className="break" data-testid="webhook-secret">
              {secret.secret}
            </code>
          </p>
        </div>
      )}
      {done && <Notice kind="success">{done}</Notice>}
      {failure && <Notice kind="error">{errorMessage(failure, i18n)}</Notice>}
      {overview.isPending ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : overview.isError ? (
        <Notice kind="error">{errorMessage(overview.error, i18n)}</Notice>
      ) : (
        <>
          <section className="panel" aria-labelledby="endpoints-heading">
            <h2 id="endpoints-heading">{t('webhookEndpoints')}</h2>
            {overview.data.endpoints.length === 0 ? (
              <p className="muted">{t('webhookNone')}</p>
            ) : (
              <table className="data-table">
                <DataTableHead columns={[t('webhookUrl'), t('webhookEvents'), t('webhookState')]} actions={t('webhookActions')} />
                <tbody>
                  {overview.data.endpoints.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <td className="break">{endpoint.url}</td>
                      <td>{endpoint.events.join(', ')}</td>
                      <td>{endpoint.disabledAt ? t('webhookDisabled') : endpoint.failingSince ? t('webhookFailing') : t('webhookDelivering')}</td>
                      <td>
                        <div className="button-row">
                          <button type="button" className="secondary" onClick={() => rotate.mutate(endpoint)} aria-label={t('webhookRotateFor', { url: endpoint.url })}>
                            {t('webhookRotate')}
                          </button>
                          <button type="button" className="secondary" onClick={() => remove.mutate(endpoint.id)} aria-label={t('webhookRemoveFor', { url: endpoint.url })}>
                            {t('webhookRemove')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <AddEndpoint onAdded={(shown) => (setSecret(shown), setDone(null), refresh())} />
          </section>
          <FailedDeliveries overview={overview.data} onRetry={(id) => retry.mutate(id)} />
          <Notices key={JSON.stringify(overview.data.notices)} saved={overview.data.notices} onSaved={() => (setDone(t('noticesSaved')), refresh())} />
        </>
      )}
    </div>
  );
}

function AddEndpoint({ onAdded }: { onAdded: (shown: { url: string; secret: string }) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const add = useMutation({
    mutationFn: () => api.addWebhook(url.trim(), events),
    onSuccess: ({ endpoint, secret }) => {
      setUrl('');
      onAdded({ url: endpoint.url, secret });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim() && events.length > 0) add.mutate();
  };
  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? [...current, type] : current.filter((other) => other !== type)));
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="add-endpoint-heading">
      <h3 id="add-endpoint-heading">{t('webhookAdd')}</h3>
      <label className="field">
        <span>{t('webhookUrl')}</span>
        <input type="url" required value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://" aria-describedby="webhook-url-hint" />
        <span id="webhook-url-hint" className="muted small">
          {t('webhookUrlHint')}
        </span>
      </label>
      <fieldset className="checkbox-group">
        <legend>{t('webhookEvents')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type}>
            <input type="checkbox" checked={events.includes(type)} onChange={(event) => toggle(type, event.target.checked)} /> <code>{type}</code>
          </label>
        ))}
      </fieldset>
      {events.length === 0 && <p className="field-error">{t('webhookEventsMissing')}</p>}
      {add.isError && <Notice kind="error">{errorMessage(add.error, i18n)}</Notice>}
      <div className="button-row">
        <button type="submit" aria-disabled={add.isPending}>
          {add.isPending ? t('webhookAdding') : t('webhookAdd')}
        </button>
      </div>
    </form>
  );
}

function FailedDeliveries({ overview, onRetry }: { overview: WebhooksOverview; onRetry: (id: string) => void }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="failed-heading">
      <h2 id="failed-heading">{t('webhookFailed')}</h2>
      {overview.failed.length === 0 ? (
        <p className="muted">{t('webhookFailedNone')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('webhookEvent')}</th>
              <th scope="col">{t('webhookUrl')}</th>
              <th scope="col">{t('webhookLastError')}</th>
              <th scope="col">{t('webhookSince')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('webhookActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.failed.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <code>{delivery.type}</code>
                </td>
                <td className="break">{delivery.target}</td>
                <td>{delivery.lastError ?? '—'}</td>
                <td>{dateTime(delivery.createdAt, language)}</td>
                <td>
                  <button type="button" onClick={() => onRetry(delivery.id)} aria-label={t('webhookRetryFor', { event: delivery.type, url: delivery.target })}>
                    {t('webhookRetry')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Notices({ saved, onSaved }: { saved: NoticeSettings; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [slackUrl, setSlackUrl] = useState(saved.slackUrl ?? '');
  const [email, setEmail] = useState(saved.email ?? '');
  const save = useMutation({ mutationFn: () => api.saveNotices({ slackUrl: slackUrl.trim() || null, email: email.trim() || null }), onSuccess: onSaved });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="notices-heading">
      <h2 id="notices-heading">{t('noticesTitle')}</h2>
      <p className="muted">{t('noticesIntro')}</p>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>{t('noticesSlack')}</span>
          <input type="url" value={slackUrl} onChange={(event) => setSlackUrl(event.target.value)} placeholder="https://hooks.slack.com/services/…" />
        </label>
        <label className="field">
          <span>{t('noticesEmail')}</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        {save.isError && <Notice kind="error">{errorMessage(save.error, i18n)}</Notice>}
        <div className="button-row">
          <button type="submit" aria-disabled={save.isPending}>
            {t('noticesSave')}
          </button>
        </div>
      </form>
    </section>
  );
}
