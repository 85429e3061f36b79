/**
 * The one error type of `@webex-oidc/finesse`. Every failure the package reports — an
 * `<ApiErrors>` answer from Finesse, a refused token, a network or TLS failure, a bad argument —
 * is a {@link FinesseError} with a stable {@link FinesseError.code | code}.
 *
 * Messages never contain access tokens, refresh tokens, passwords or query strings.
 */

/** Stable error codes. Compare against these constants, never against messages. */
export const FinesseErrorCode = {
  /** Finesse answered with an error (`<ApiErrors>`); see `errorType`, `errorData`, `errorMessage`, `status`. */
  ApiError: 'finesse_api_error',
  /** Finesse refused the credentials (401), also after one refresh and one retry. */
  Unauthorized: 'unauthorized',
  /** The refresh token is gone (expired, revoked, or IdS wants a browser sign-in): the agent must sign in again. */
  ReauthRequired: 'reauth_required',
  /** The request could not reach Finesse (DNS, TCP reset, refused connection) — transient. */
  NetworkError: 'network_error',
  /** The TLS handshake failed (untrusted or mismatched certificate): configure `ca`. */
  TlsError: 'tls_error',
  /** Finesse did not answer within `timeoutMs` — transient. */
  Timeout: 'timeout',
  /** The caller aborted the request through an `AbortSignal`. */
  Aborted: 'aborted',
  /** Finesse answered with something this package cannot interpret. */
  InvalidResponse: 'invalid_response',
  /** An argument or option is missing or malformed; nothing was sent. */
  InvalidArgument: 'invalid_argument',
} as const;

/** Union of the values of {@link FinesseErrorCode}. */
export type FinesseErrorCode = (typeof FinesseErrorCode)[keyof typeof FinesseErrorCode];

/** One `<ApiError>` of a Finesse `<ApiErrors>` answer. */
export interface FinesseApiErrorDetail {
  /** `<ErrorType>`, e.g. `Invalid State`, `Parameter Missing`, `Invalid Destination`. */
  errorType: string;
  /** `<ErrorData>`, e.g. `state` or `finesse.api.reasoncode.require_reasoncode`. */
  errorData: string;
  /** `<ErrorMessage>`, Finesse's human-readable text. */
  errorMessage: string;
}

/** Options for {@link FinesseError}. */
export interface FinesseErrorOptions {
  /** The lower-level error this one wraps. Always kept. */
  cause?: unknown;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
  /** Every `<ApiError>` of the answer (the first one also fills `errorType`/`errorData`/`errorMessage`). */
  apiErrors?: readonly FinesseApiErrorDetail[];
  /** Whether retrying the same request later may succeed. Defaults from the code and status. */
  transient?: boolean;
  /** How long the server asked to wait before retrying (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

const TRANSIENT_CODES: ReadonlySet<FinesseErrorCode> = new Set<FinesseErrorCode>([
  FinesseErrorCode.NetworkError,
  FinesseErrorCode.Timeout,
]);

function defaultTransient(code: FinesseErrorCode, status: number | undefined): boolean {
  if (TRANSIENT_CODES.has(code)) return true;
  if (code === FinesseErrorCode.ApiError || code === FinesseErrorCode.InvalidResponse) {
    return status !== undefined && (status >= 500 || status === 429 || status === 408);
  }
  return false;
}

/** The error every function of `@webex-oidc/finesse` rejects with. */
export class FinesseError extends Error {
  override readonly name = 'FinesseError';
  /** Stable, machine-readable code. */
  readonly code: FinesseErrorCode;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** First `<ErrorType>` of an `<ApiErrors>` answer. */
  readonly errorType: string | undefined;
  /** First `<ErrorData>` of an `<ApiErrors>` answer. */
  readonly errorData: string | undefined;
  /** First `<ErrorMessage>` of an `<ApiErrors>` answer. */
  readonly errorMessage: string | undefined;
  /** Every `<ApiError>` of the answer (empty when there was none). */
  readonly apiErrors: readonly FinesseApiErrorDetail[];
  /** Whether retrying later may succeed (network, timeout, 5xx); `false` for e.g. `reauth_required`. */
  readonly transient: boolean;
  /** How long Finesse asked to wait before retrying (`Retry-After` on a 429/503 answer), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(code: FinesseErrorCode, message: string, options: FinesseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.apiErrors = options.apiErrors ?? [];
    const first = this.apiErrors[0];
    this.errorType = first?.errorType;
    this.errorData = first?.errorData;
    this.errorMessage = first?.errorMessage;
    this.transient = options.transient ?? defaultTransient(code, options.status);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Type guard: `err` is a {@link FinesseError}, optionally with the given code. */
export function isFinesseError(err: unknown, code?: FinesseErrorCode): err is FinesseError {
  return err instanceof FinesseError && (code === undefined || err.code === code);
}

/**
 * Parses a `Retry-After` header value (delay in seconds, or an HTTP date) into milliseconds from
 * `now`; `undefined` when absent or unreadable. Never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Throws `invalid_argument` unless `value` is a non-empty string (after trimming). */
export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FinesseError(FinesseErrorCode.InvalidArgument, `${name} must be a non-empty string.`);
  }
  return value;
}
