import { lazy, Suspense } from 'react';
import { useI18n } from './i18n';
import { errorMessage } from './errors';
import { Layout } from './components/Layout';
import { Notice } from './components/Notice';
import { HandoffPage } from './pages/HandoffPage';
import { InboxPage } from './pages/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { useLocation } from './router';
import { useSession } from './session';

/** The dashboard and its chart library load only when a lead or admin opens it. */
const MembersPage = lazy(() => import('./pages/MembersPage').then((module) => ({ default: module.MembersPage })));
const TeamsPage = lazy(() => import('./pages/TeamsPage').then((module) => ({ default: module.TeamsPage })));
const AgentsPage = lazy(() => import('./pages/AgentsPage').then((module) => ({ default: module.AgentsPage })));
const TiersPage = lazy(() => import('./pages/TiersPage').then((module) => ({ default: module.TiersPage })));
const AuditLogPage = lazy(() => import('./pages/AuditLogPage').then((module) => ({ default: module.AuditLogPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((module) => ({ default: module.DashboardPage })));

function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

/** Signed out, every address shows the sign-in page; after signing in, the page asked for. */
export function App() {
  const i18n = useI18n();
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <Layout session={null}>
        <p className="muted" role="status">
          {i18n.t('loading')}
        </p>
      </Layout>
    );
  }
  if (session.isError) {
    return (
      <Layout session={null}>
        <Notice kind="error">{errorMessage(session.error, i18n)}</Notice>
        <button type="button" onClick={() => void session.refetch()}>
          {i18n.t('retry')}
        </button>
      </Layout>
    );
  }
  if (!session.data) {
    return (
      <Layout session={null}>
        <SignInPage />
      </Layout>
    );
  }

  const handoff = /^handoffs\/([^/]+)$/.exec(location.path);
  return (
    <Layout session={session.data}>
      {location.path === '' ? (
        <InboxPage session={session.data} search={location.search} />
      ) : location.path === 'dashboard' ? (
        <Suspense fallback={<Loading />}>
          <DashboardPage session={session.data} search={location.search} />
        </Suspense>
      ) : location.path === 'teams' ? (
        <Suspense fallback={<Loading />}>
          <TeamsPage session={session.data} />
        </Suspense>
      ) : location.path === 'members' || location.path === 'agents' || location.path === 'tiers' || location.path === 'audit' ? (
        <Suspense fallback={<Loading />}>
          {location.path === 'members' ? (
            <MembersPage session={session.data} />
          ) : location.path === 'agents' ? (
            <AgentsPage session={session.data} />
          ) : location.path === 'tiers' ? (
            <TiersPage session={session.data} />
          ) : (
            <AuditLogPage session={session.data} search={location.search} />
          )}
        </Suspense>
      ) : location.path === 'webhooks' && session.data.account.role !== 'agent' ? (
        <WebhooksPage session={session.data} />
      ) : handoff ? (
        <HandoffPage key={handoff[1]} id={decodeURIComponent(handoff[1]!)} session={session.data} />
      ) : (
        <NotFoundPage />
      )}
    </Layout>
  );
}
