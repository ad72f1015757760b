import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { OIDC_START_PATH } from '@/utils/contract';
import { z } from 'zod';
import { api, ApiError } from '../api';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { errorMessage } from '../errors';
import { useI18n, type I18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { useSignIn } from '../session';

interface FieldErrors {
  email?: MessageKey;
  password?: MessageKey;
}

function check(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'emailMissing';
  else if (!z.email().safeParse(email.trim()).success) errors.email = 'emailInvalid';
  if (!password) errors.password = 'passwordMissing';
  return errors;
}

/** What a failed sign-in says: wrong credentials, rate limited (with the wait), or the general cases. */
function signInError(error: unknown, i18n: I18n): string {
  if (error instanceof ApiError && (error.status === 401 || error.status === 400)) return i18n.t('wrongCredentials');
  if (error instanceof ApiError && error.status === 429) {
    return error.retryAfterSeconds === null ? i18n.t('rateLimitedLater') : i18n.plural('rateLimited', error.retryAfterSeconds);
  }
  return errorMessage(error, i18n);
}

export function SignInPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const signIn = useSignIn();
  const [errors, setErrors] = useState<FieldErrors>({});
  // The company sign-in, when the server has one; the page works without it (a failure shows no button).
  const sso = useQuery({ queryKey: ['sso-provider'], queryFn: ({ signal }) => api.ssoProvider(signal), staleTime: Infinity, retry: false });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    const found = check(email, password);
    setErrors(found);
    if (found.email || found.password) {
      event.currentTarget.querySelector<HTMLInputElement>(found.email ? '#email' : '#password')?.focus();
      return;
    }
    signIn.mutate({ email: email.trim().toLowerCase(), password });
  };

  return (
    <div className="page narrow sign-in">
      <PageHeading title={`${t('signIn')} · ${t('appName')}`}>{t('signInTitle')}</PageHeading>
      <p className="muted">{t('signInIntro')}</p>
      <form onSubmit={submit} noValidate className="stack">
        <div className="field">
          <label htmlFor="email">{t('email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'email-error' : undefined}
          />
          {errors.email && (
            <p id="email-error" className="field-error">
              {t(errors.email)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="password">{t('password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
          />
          {errors.password && (
            <p id="password-error" className="field-error">
              {t(errors.password)}
            </p>
          )}
        </div>
        {signIn.isError && <Notice kind="error">{signInError(signIn.error, i18n)}</Notice>}
        <div>
          <button type="submit" aria-disabled={signIn.isPending}>
            {signIn.isPending ? t('signingIn') : t('signIn')}
          </button>
        </div>
      </form>
      {sso.data && (
        <>
          <p className="muted">{t('signInOr')}</p>
          <p>
            {/* A full navigation: the identity provider's page, then back to /console with a session. */}
            <a className="button-link" href={`${OIDC_START_PATH}?return=console`}>
              {t('signInWith', { name: sso.data.name })}
            </a>
          </p>
        </>
      )}
    </div>
  );
}
