import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function levelFromEnv(): string {
  const given = process.env.JETWAY_LOG_LEVEL?.trim();
  return given && (LOG_LEVELS as readonly string[]).includes(given) ? given : 'info';
}

/**
 * What the server logs, as one JSON line each: never a request body, a query string, a
 * token or anything about a member. Errors are reduced to their type, SQLSTATE and stack
 * frames: a database error's message and fields can quote the values of the query.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? levelFromEnv(),
      base: { service: 'jetway' },
      // A safety net for a careless `log.info({ ... })` later: these never reach the log.
      redact: {
        paths: ['authorization', 'cookie', 'password', 'token', '*.authorization', '*.cookie', '*.password', '*.token', 'headers', '*.headers', 'body', '*.body'],
        censor: '[redacted]',
      },
      serializers: { err: errorForLog },
    },
    options.destination,
  );
}

/** An error as the log keeps it: its type, its SQLSTATE or system code, and where it was thrown. */
export function errorForLog(error: unknown): { type: string; code?: string; message?: string; frames?: string[] } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = 'code' in error && (typeof error.code === 'string' || typeof error.code === 'number') ? String(error.code) : undefined;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  return {
    type: error.name,
    ...(code === undefined ? {} : { code }),
    // Our own errors say what went wrong in our words; a database's may quote customer text.
    ...(code === undefined ? { message: error.message } : {}),
    frames,
  };
}

/** The process-wide logger (JETWAY_LOG_LEVEL: trace, debug, info, warn, error, fatal or silent). */
export const log = createLogger();
