/**
 * The one error type of `@webex-oidc/core`. Every failure the package reports — a bad answer
 * from Webex, an ID token that fails validation, a policy value out of range — is a
 * {@link WebexOidcError} with a stable {@link WebexOidcError.code | code}. Bad arguments
 * (wrong types, missing required options) are `TypeError`s with Node-style codes instead.
 *
 * Messages never contain tokens, secrets or authorization codes.
 */

/** Stable error codes. Compare against these constants, never against messages. */
export const ErrorCode = {
  /** The discovery document could not be fetched or is malformed. Transient when the cause is. */
  DiscoveryFailed: 'discovery_failed',
  /** An issuer (discovery `issuer` or ID token `iss`) is not in the configured allow-list. */
  IssuerNotAllowed: 'issuer_not_allowed',
  /** An ID token failed validation; {@link WebexOidcError.reason} says which check. */
  IdTokenInvalid: 'id_token_invalid',
  /** The `state` in a callback does not match the one kept for it. */
  StateMismatch: 'state_mismatch',
  /** The `nonce` in an ID token does not match the one kept for it. */
  NonceMismatch: 'nonce_mismatch',
  /** The userinfo `sub` does not match the ID token's `sub`. */
  UserinfoSubMismatch: 'userinfo_sub_mismatch',
  /** The authorization server answered the redirect with an error (e.g. `access_denied`). */
  AuthorizationError: 'authorization_error',
  /** The grant (code, refresh token, device code) is invalid, expired or revoked: sign in again. */
  InvalidGrant: 'invalid_grant',
  /** Client authentication failed (`invalid_client`): check client id and secret. */
  InvalidClient: 'invalid_client',
  /** The IdP throttles this client: retry after {@link WebexOidcError.retryAfter} seconds. */
  RateLimited: 'rate_limited',
  /** The IdP is unavailable (5xx) — transient. */
  ServerError: 'server_error',
  /** The request could not reach the IdP (DNS, TCP, TLS, timeout) — transient. */
  NetworkError: 'network_error',
  /** The device-grant user refused (`access_denied`). */
  AccessDenied: 'access_denied',
  /** The device code (or another short-lived artefact) expired before it was used. */
  ExpiredToken: 'expired_token',
  /** The operation was cancelled through an `AbortSignal`. */
  Aborted: 'aborted',
  /** A token-policy value is out of its documented range or malformed. */
  PolicyInvalid: 'policy_invalid',
  /** A guest-issuer secret, guest token or guest request is unusable. */
  GuestTokenInvalid: 'guest_token_invalid',
  /** The token policy turns client access off for this client type: no tokens, no refreshes. */
  ClientAccessDisabled: 'client_access_disabled',
  /** The IdP answered with something this package cannot interpret. */
  InvalidResponse: 'invalid_response',
  /** The access token was refused by a resource (userinfo: HTTP 401 / `invalid_token`): refresh it or sign in again. */
  InvalidToken: 'invalid_token',
  /** Any other error answer from the IdP; {@link WebexOidcError.error} holds its OAuth error code. */
  RequestFailed: 'request_failed',
} as const;

/** Union of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options for {@link WebexOidcError}. */
export interface WebexOidcErrorOptions {
  /** The lower-level error this one wraps. Always kept. */
  cause?: unknown;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
  /** Webex's `trackingId` (Webex support asks for it). */
  trackingId?: string;
  /** Seconds to wait before retrying (from `Retry-After`). */
  retryAfter?: number;
  /** Whether retrying the same request later may succeed. Defaults from the code. */
  transient?: boolean;
  /** The OAuth `error` value of the answer, when there was one. */
  error?: string;
  /** The OAuth `error_description` or Webex error description. */
  errorDescription?: string;
  /** For `id_token_invalid`: which check failed (`signature`, `alg`, `iss`, `aud`, `exp`, `iat`, `nonce`, `auth_time`, `at_hash`, `kid`, `malformed`…). */
  reason?: string;
}

const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.RateLimited,
  ErrorCode.ServerError,
  ErrorCode.NetworkError,
]);

/** The error every function of `@webex-oidc/core` rejects with (besides argument `TypeError`s). */
export class WebexOidcError extends Error {
  override readonly name = 'WebexOidcError';
  /** Stable, machine-readable code. */
  readonly code: ErrorCode;
  /** HTTP status of the answer that caused the error, when there was one. */
  readonly status: number | undefined;
  /** Webex's `trackingId`, when the answer carried one. */
  readonly trackingId: string | undefined;
  /** Seconds to wait before retrying, when the IdP said (Retry-After). */
  readonly retryAfter: number | undefined;
  /** Whether retrying later may succeed (429, 5xx, network); `false` for e.g. `invalid_grant`. */
  readonly transient: boolean;
  /** The OAuth `error` value, when there was one. */
  readonly error: string | undefined;
  /** The OAuth `error_description` or Webex's error description. */
  readonly errorDescription: string | undefined;
  /** For `id_token_invalid`: which check failed. */
  readonly reason: string | undefined;

  constructor(code: ErrorCode, message: string, options: WebexOidcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.trackingId = options.trackingId;
    this.retryAfter = options.retryAfter;
    this.transient = options.transient ?? TRANSIENT_CODES.has(code);
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.reason = options.reason;
  }
}

/** Type guard: `err` is a {@link WebexOidcError}, optionally with the given code. */
export function isWebexOidcError(err: unknown, code?: ErrorCode): err is WebexOidcError {
  return err instanceof WebexOidcError && (code === undefined || err.code === code);
}
