import { pino, type DestinationStream, type Logger } from 'pino';

const TOKEN_FIELDS = [
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'clientSecret',
  'client_secret',
  'authorization',
  'secret',
  'tokens',
  'privateKey',
  'client_assertion',
  'clientAssertion',
];

/**
 * pino `redact` paths for every field that can hold a token or secret, at the top level and up to
 * two levels deep (`set.tokens`, `err.tokens.refreshToken`…). The worker never puts a token in a
 * log line on purpose; this is the safety net.
 */
export const REDACT_PATHS: readonly string[] = [
  ...TOKEN_FIELDS,
  ...TOKEN_FIELDS.map((field) => `*.${field}`),
  ...TOKEN_FIELDS.map((field) => `*.*.${field}`),
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level. Default `info`. */
  level?: string | undefined;
  /** Where to write (tests capture lines); default stdout. */
  destination?: DestinationStream | undefined;
}

/** The worker's pino logger, with token fields redacted (`[redacted]`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'token-worker',
      level: options.level ?? 'info',
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    options.destination,
  );
}
