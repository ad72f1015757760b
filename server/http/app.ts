import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ADMIN_PREFIX, MEMBER_IMPORT_PATH, SESSION_COOKIE } from '../../utils/contract';
import type { Database, Queryable } from '../db/database';
import { log, type Logger } from '../logger';
import { HourlyAuditWriter } from '../domain/audit';
import { RequestTraffic } from './middleware/traffic';
import { DomainError } from '../domain/errors';
import { allowedRedirectUris, CompanySignIn, type OidcSettings } from '../domain/oauth';
import { SESSION_POLICY, SIGN_IN_LIMITS, type SessionPolicy, type SignInLimits } from '../domain/sessions';
import { limitBody } from './middleware/body-limit';
import { htmlContentSecurityPolicy } from './middleware/html-csp';
import { adminAuth } from './middleware/admin-auth';
import { requireAgent } from './middleware/auth';
import { extensionCors, isExtensionOrigin } from './middleware/cors';
import { rateLimit } from './middleware/rate-limit';
import { requestLog } from './middleware/request-log';
import type { AppEnv } from './context';
import { router } from './openapi';
import { databaseProblem, domainProblem, HttpProblem, problemResponse } from './problem';
import { adminRoutes } from './routes/admin';
import { adminAgentsRoutes } from './routes/admin-agents';
import { adminTeamsRoutes } from './routes/admin-teams';
import { auditRoutes } from './routes/audit';
import { adminTiersRoutes } from './routes/admin-tiers';
import { casesRoutes } from './routes/cases';
import { consoleRoutes } from './routes/console';
import { dashboardRoutes } from './routes/dashboard';
import { docsRoutes } from './routes/docs';
import { handoffsRoutes } from './routes/handoffs';
import { linksRoutes } from './routes/links';
import { lookupRoutes } from './routes/lookup';
import { meRoutes } from './routes/me';
import { membersRoutes } from './routes/members';
import { oauthRoutes } from './routes/oauth';
import { sessionRoutes } from './routes/session';
import { webhooksRoutes } from './routes/webhooks';

export interface AppOptions {
  db: Database;
  rateLimitPerMinute?: number;
  /** Extension origins CORS allows; empty allows any chrome-extension:// or moz-extension:// origin. */
  extensionOrigins?: string[];
  /** The clock sessions and sign-in limits run on (tests move it). */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  signInLimits?: SignInLimits;
  /** Behind a TLS-terminating proxy: believe its X-Forwarded-For / X-Forwarded-Proto. */
  trustProxy?: boolean;
  /** The Console's build (default: console/dist). */
  consoleDir?: string;
  /** Where request lines and errors go (default: JSON lines on stdout, JETWAY_LOG_LEVEL). */
  logger?: Logger;
  /** The audit of lookups, written in batches (the server flushes it when it closes). */
  lookupAudit?: HourlyAuditWriter;
  /** The requests being answered, which the lookup audit writes between (give the one `lookupAudit` waits on). */
  traffic?: RequestTraffic;
  /** The admin key /admin/v1 accepts as a bearer; without it only admin Console sessions get in. */
  adminKey?: string | null;
  /** Redirect URIs the browser sign-in accepts besides the extension's built-in ones (JETWAY_OAUTH_REDIRECT_URIS). */
  oauthRedirectUris?: string[];
  /** The company's identity provider (JETWAY_OIDC_*): "Sign in with <name>" on the sign-in pages. */
  oidc?: OidcSettings;
}

export const MAX_BODY_BYTES = 64 * 1024;

/** The lookup audit as the server runs it: written between requests, refusals logged. */
export function lookupAuditWriter(db: Queryable, logger: Logger, traffic: RequestTraffic): HourlyAuditWriter {
  return new HourlyAuditWriter(db, (error) => logger.error({ err: error }, 'could not write the lookup audit'), undefined, traffic);
}

/**
 * The Jetway API and the Console: deny by default, every /v1 route authenticated (agent
 * token or Console session) and scoped to the agent's team. Each resource is a router of its own, chained here so the app's type (`AppType`)
 * carries every route's request and answer for the typed client.
 */
export function createApp(options: AppOptions) {
  const { db } = options;
  const app = router();
  const logger = options.logger ?? log;
  const traffic = options.traffic ?? new RequestTraffic();
  const lookupAudit = options.lookupAudit ?? lookupAuditWriter(db, logger, traffic);

  app.use('*', traffic.middleware);
  app.use('*', requestLog(logger));
  app.use('*', extensionCors(isExtensionOrigin(options.extensionOrigins ?? [])));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-site' }));
  app.use('*', htmlContentSecurityPolicy());
  const limited = limitBody(MAX_BODY_BYTES, () => problemResponse(413, `Request bodies are limited to ${MAX_BODY_BYTES / 1024} kB.`, undefined, {}, 'body_too_large'));
  // The member import streams whole files in; its route counts them against its own limit.
  app.use('*', (c, next) => (c.req.path === MEMBER_IMPORT_PATH ? next() : limited(c, next)));
  const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    // Member data and sessions must not linger in shared or browser caches.
    c.res.headers.set('cache-control', 'no-store');
  };
  app.use('/v1/*', noStore);
  app.use('/auth/*', noStore);
  app.use(`${ADMIN_PREFIX}/*`, noStore);
  app.use('/oauth/*', noStore);
  const sessions = {
    clock: options.now ?? (() => new Date()),
    policy: options.sessionPolicy ?? SESSION_POLICY,
    limits: options.signInLimits ?? SIGN_IN_LIMITS,
    trustProxy: options.trustProxy ?? false,
  };
  app.use('/v1/*', requireAgent(db, sessions));
  app.use('/v1/*', rateLimit(db, options.rateLimitPerMinute ?? 1200));
  app.use(`${ADMIN_PREFIX}/*`, adminAuth(db, options.adminKey ?? null, sessions));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The Console session (POST /auth/session); changes also send X-Jetway-CSRF with the session\'s CSRF token.',
  });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Jetway API', version: '1.0.0', description: 'Loyalty lookup, cases, notes and handoffs for social-care agents.' },
      security: [{ bearer: [] }, { session: [] }],
    });

  const api = app
    .get('/healthz', async (c) => {
      await db.query('SELECT 1');
      return c.json({ status: 'ok', database: db.engine }, 200);
    })
    .route('/', meRoutes(db))
    .route('/', lookupRoutes(db, lookupAudit))
    .route('/', membersRoutes(db))
    .route('/', linksRoutes(db, sessions.clock))
    .route('/', casesRoutes(db))
    .route('/', handoffsRoutes(db, sessions.clock))
    .route('/', dashboardRoutes(db, sessions.clock))
    .route('/', webhooksRoutes(db, sessions.clock))
    .route('/', sessionRoutes(db, sessions))
    .route('/', adminRoutes(db))
    .route('/', adminTeamsRoutes(db))
    .route('/', adminAgentsRoutes(db))
    .route('/', adminTiersRoutes(db))
    .route('/', auditRoutes(db))
    .route(
      '/',
      oauthRoutes(db, {
        ...sessions,
        redirectUris: allowedRedirectUris(options.oauthRedirectUris ?? []),
        sso: options.oidc ? new CompanySignIn(options.oidc) : undefined,
      }),
    )
    .route('/', docsRoutes(document))
    .route('/', consoleRoutes(options.consoleDir));

  app.notFound(() => problemResponse(404, 'No such route. See /docs for the API.', undefined, {}, 'route_not_found'));
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(error.status, error.detail, error.errors, error.headers, error.code);
    if (error instanceof DomainError) return domainProblem(error);
    if (error instanceof HTTPException) {
      const status = error.status;
      const detail = status === 400 ? 'The body is not valid JSON.' : error.message;
      return problemResponse(status, detail, undefined, {}, status === 400 ? 'invalid_json' : undefined);
    }
    const database = databaseProblem(error);
    const requestId = c.get('requestId');
    if (database) {
      logger.warn({ err: error, requestId }, 'database unavailable');
      return database;
    }
    // The error's type, code and stack frames only: never its message's or query's values.
    logger.error({ err: error, requestId }, 'unhandled server error');
    return problemResponse(500, 'Something went wrong on the server; the request was not applied. Try again.', undefined, {}, 'server_error');
  });
  return api;
}

/** The API's type: every route with its input and answers, for `hc<AppType>()` and `testClient`. */
export type AppType = ReturnType<typeof createApp>;
