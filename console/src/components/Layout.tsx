import type { ReactNode } from 'react';
import type { ConsoleSession } from '@/utils/contract';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, useI18n, type Language } from '../i18n';
import { Link } from '../router';
import { useSignOut } from '../session';
import { THEMES, useTheme, type Theme } from '../theme';
import type { MessageKey } from '../i18n/en';

const THEME_LABEL: Record<Theme, MessageKey> = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' };

/** Skip link, banner (app name, navigation, language, appearance, sign-out) and the main landmark. */
export function Layout({ session, children }: { session: ConsoleSession | null; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="banner">
        <div className="banner-inner">
          <Link to="" className="brand">
            <img src={`${import.meta.env.BASE_URL}jetway.svg`} alt="" width="28" height="28" />
            <span>{t('appName')}</span>
          </Link>
          {session && (
            <nav aria-label={t('navLabel')}>
              <ul>
                <li>
                  <Link to="">{t('navInbox')}</Link>
                </li>
                {session.account.role !== 'agent' && (
                  <li>
                    <Link to="dashboard">{t('navDashboard')}</Link>
                  </li>
                )}
                {session.account.role === 'admin' && (
                  <li>
                    <Link to="members">{t('navMembers')}</Link>
                  </li>
                )}
                {session.account.role === 'admin' && (
                  <li>
                    <Link to="teams">{t('navTeams')}</Link>
                  </li>
                )}
                {session.account.role === 'admin' && (
                  <li>
                    <Link to="agents">{t('navAgents')}</Link>
                  </li>
                )}
                {session.account.role === 'admin' && (
                  <li>
                    <Link to="tiers">{t('navTiers')}</Link>
                  </li>
                )}
                {session.account.role !== 'agent' && (
                  <li>
                    <Link to="audit">{t('navAudit')}</Link>
                  </li>
                )}
                {session.account.role !== 'agent' && (
                  <li>
                    <Link to="webhooks">{t('navWebhooks')}</Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <div className="banner-tools">
            <LanguagePicker />
            <ThemePicker />
            {session && <SignOut session={session} />}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function LanguagePicker() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="compact-field">
      <span>{t('language')}</span>
      <select value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {(Object.keys(LANGUAGES) as Language[]).map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

function ThemePicker() {
  const { t } = useI18n();
  const { theme, setTheme } = useTheme();
  return (
    <label className="compact-field">
      <span>{t('appearance')}</span>
      <select value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
        {THEMES.map((option) => (
          <option key={option} value={option}>
            {t(THEME_LABEL[option])}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignOut({ session }: { session: ConsoleSession }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  return (
    <div className="signed-in">
      <span className="muted">{t('signedInAs', { name: session.account.name, team: session.team.name })}</span>
      <button type="button" className="secondary" onClick={() => signOut.mutate()} aria-disabled={signOut.isPending}>
        {signOut.isPending ? t('signingOut') : t('signOut')}
      </button>
    </div>
  );
}
