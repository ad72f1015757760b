import { createHash } from 'node:crypto';
import type { AuthorizeRequest } from '../../../utils/contract';
import { escapeHtml } from './docs';

/**
 * The server's own sign-in page for the browser sign-in, in English and Swedish. It runs no
 * script; its one inline style is allowed by its hash; it cannot be framed; its form may
 * post only to this server, which then redirects to the client's registered URI only.
 */
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1f2937;background:#fff}' +
  'h1{font-size:1.5rem}label{display:block;font-weight:600;margin-top:1rem}input{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:4px}' +
  'button,.button{display:inline-block;margin-top:1.25rem;font:inherit;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;text-decoration:none;cursor:pointer}' +
  '.button{background:#fff;color:#1d4ed8}.error{border-left:4px solid #b91c1c;padding:.5rem .75rem;background:#fef2f2;color:#7f1d1d}.or{margin-top:1.5rem;color:#4b5563}' +
  '@media (prefers-color-scheme:dark){body{background:#111827;color:#f3f4f6}input{background:#1f2937;color:#f3f4f6}.button{background:#111827;color:#93c5fd;border-color:#93c5fd}.error{background:#450a0a;color:#fecaca}.or{color:#d1d5db}}';

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const MESSAGES = {
  en: {
    title: 'Sign in to Jetway',
    intro: 'Sign in to connect the Jetway extension to your account.',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    signInWith: 'Sign in with {name}',
    or: 'or',
    wrongCredentials: 'Email or password is wrong.',
    disabled: 'This account is disabled. Ask your Jetway administrator.',
    rateLimited: 'Too many failed sign-ins. Try again in {minutes} min.',
    invalidTitle: 'This sign-in link does not work',
    invalidClient: 'The sign-in was started by an application this server does not know ({reason}). Start the sign-in again from the Jetway extension; if it keeps happening, tell your Jetway administrator.',
    crossSite: 'This sign-in form was sent from another site. Start the sign-in again from the Jetway extension.',
    ssoTitle: 'Company sign-in did not work',
    ssoUnavailable: 'Company sign-in is not set up on this Jetway server. Sign in with your email and password.',
    ssoExpired: 'This sign-in took too long, or was started in another browser. Start it again.',
    ssoProvider: 'Your company sign-in did not complete. Try again; if it keeps happening, tell your Jetway administrator.',
    ssoUnverified: 'Your company account has no verified email address, so Jetway cannot tell who you are. Ask your IT administrator.',
    ssoUnknown: 'No Jetway account uses {email}. Ask your Jetway administrator to add you.',
  },
  sv: {
    title: 'Logga in på Jetway',
    intro: 'Logga in för att koppla Jetway-tillägget till ditt konto.',
    email: 'E-post',
    password: 'Lösenord',
    signIn: 'Logga in',
    signInWith: 'Logga in med {name}',
    or: 'eller',
    wrongCredentials: 'Fel e-post eller lösenord.',
    disabled: 'Kontot är avstängt. Kontakta din Jetway-administratör.',
    rateLimited: 'För många misslyckade inloggningar. Försök igen om {minutes} min.',
    invalidTitle: 'Den här inloggningslänken fungerar inte',
    invalidClient: 'Inloggningen startades av ett program som servern inte känner till ({reason}). Börja om inloggningen från Jetway-tillägget; om det fortsätter, kontakta din Jetway-administratör.',
    crossSite: 'Inloggningsformuläret skickades från en annan webbplats. Börja om inloggningen från Jetway-tillägget.',
    ssoTitle: 'Företagsinloggningen fungerade inte',
    ssoUnavailable: 'Företagsinloggning är inte inställd på den här Jetway-servern. Logga in med e-post och lösenord.',
    ssoExpired: 'Inloggningen tog för lång tid eller startades i en annan webbläsare. Börja om.',
    ssoProvider: 'Företagsinloggningen slutfördes inte. Försök igen; om det fortsätter, kontakta din Jetway-administratör.',
    ssoUnverified: 'Ditt företagskonto har ingen bekräftad e-postadress, så Jetway kan inte avgöra vem du är. Kontakta din IT-administratör.',
    ssoUnknown: 'Inget Jetway-konto använder {email}. Be din Jetway-administratör att lägga till dig.',
  },
} as const;

export type PageLanguage = keyof typeof MESSAGES;
export type PageMessage = keyof (typeof MESSAGES)['en'];

/** Swedish when the browser prefers it over English, else English. */
export function pageLanguage(acceptLanguage: string | undefined): PageLanguage {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('sv') ? 'sv' : 'en';
}

export function pageText(lang: PageLanguage, key: PageMessage, values: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The page's CSP: nothing but its style; the form posts here and may be redirected to the client only. */
export function pageCsp(redirectUri?: string): string {
  let formTarget = '';
  if (redirectUri) {
    // `URL.origin` is "null" for extension schemes; the scheme and host are what CSP matches.
    const url = new URL(redirectUri);
    formTarget = ` ${url.protocol}//${url.host}`;
  }
  return `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'${formTarget}`;
}

function page(lang: PageLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>`;
}

export interface SignInPageInput {
  lang: PageLanguage;
  request: AuthorizeRequest;
  email?: string;
  error?: string;
  /** The company sign-in: the button's name and where it starts. */
  sso?: { name: string; href: string };
}

/** The sign-in form. The authorization request rides along in hidden fields, never a token. */
export function signInPage(input: SignInPageInput): string {
  const t = (key: PageMessage, values?: Record<string, string>) => escapeHtml(pageText(input.lang, key, values));
  const hidden = Object.entries(input.request)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const error = input.error ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(input.error)}</p>` : '';
  const sso = input.sso
    ? `<p class="or">${t('or')}</p><p><a class="button" href="${escapeHtml(input.sso.href)}">${t('signInWith', { name: input.sso.name })}</a></p>`
    : '';
  return page(
    input.lang,
    pageText(input.lang, 'title'),
    `<h1>${t('title')}</h1>
<p>${t('intro')}</p>
${error}
<form method="post" action="/oauth/authorize">
${hidden}
<label for="email">${t('email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? '')}"${input.error ? ' aria-describedby="sign-in-error"' : ''}>
<label for="password">${t('password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t('signIn')}</button>
</form>
${sso}`,
  );
}

/** A sign-in that cannot go on (unknown client or redirect URI, a refused company sign-in): said here, never redirected. */
export function errorPage(lang: PageLanguage, message: string, title: PageMessage = 'invalidTitle'): string {
  const heading = pageText(lang, title);
  return page(lang, heading, `<h1>${escapeHtml(heading)}</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
