import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode, isWebexOidcError } from '@webex-oidc/core';

/** Codes this module puts in the JSON body of its HTTP errors (besides core's {@link ErrorCode}s). */
export const WebexAuthErrorCode = {
  /** No session and no bearer token: sign in (or send a token). */
  NotSignedIn: 'not_signed_in',
  /** The bearer token was rejected by Webex (expired, revoked, malformed). */
  InvalidToken: 'invalid_token',
  /** The caller lacks a scope that `@Scopes()` requires. */
  InsufficientScope: 'insufficient_scope',
  /** Webex (discovery or another endpoint) cannot be reached right now. */
  IdpUnavailable: 'idp_unavailable',
  /** The callback carried a state that this session did not issue, or one already used. */
  SignInStateInvalid: 'sign_in_state_invalid',
  /** Sign-in worked but the configured token store failed to keep the tokens. */
  TokenStoreUnavailable: 'token_store_unavailable',
  /** The server is set up wrongly (e.g. no session middleware). */
  Misconfigured: 'misconfigured',
} as const;

/** Union of the values of {@link WebexAuthErrorCode}. */
export type WebexAuthErrorCode = (typeof WebexAuthErrorCode)[keyof typeof WebexAuthErrorCode];

/** The JSON body of every HTTP error this module produces. */
export interface WebexAuthErrorBody {
  /** HTTP status, repeated for clients that only read the body. */
  statusCode: number;
  /** HTTP reason phrase. */
  error: string;
  /** Stable machine-readable code (this module's or core's). */
  code: string;
  /** What went wrong and what to do about it. Never contains a token or secret. */
  message: string;
  /** Seconds after which a retry may succeed (also sent as `Retry-After`). */
  retryAfter?: number;
  /** Webex's tracking id, when Webex answered with one (support asks for it). */
  trackingId?: string;
  /** For `insufficient_scope`: the scopes the route needs that the caller lacks. */
  missingScopes?: string[];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Builds an `HttpException` with a {@link WebexAuthErrorBody}. */
export function webexHttpException(
  status: number,
  code: string,
  message: string,
  extra: Partial<Pick<WebexAuthErrorBody, 'retryAfter' | 'trackingId' | 'missingScopes'>> = {},
  cause?: unknown,
): HttpException {
  const body: WebexAuthErrorBody = { statusCode: status, error: REASONS[status] ?? 'Error', code, message };
  if (extra.retryAfter !== undefined) body.retryAfter = extra.retryAfter;
  if (extra.trackingId !== undefined) body.trackingId = extra.trackingId;
  if (extra.missingScopes !== undefined) body.missingScopes = extra.missingScopes;
  return new HttpException(body, status, cause === undefined ? undefined : { cause });
}

/** 503 while Webex cannot be reached. */
export function idpUnavailable(retryAfter: number, cause?: unknown): HttpException {
  const detail = cause instanceof Error ? ` (${cause.message})` : '';
  return webexHttpException(
    HttpStatus.SERVICE_UNAVAILABLE,
    WebexAuthErrorCode.IdpUnavailable,
    `Webex sign-in is unreachable right now${detail}; retry in ${retryAfter} s. If this lasts, check the server's discoveryUrl and its network access to Webex.`,
    { retryAfter },
    cause,
  );
}

const USER_FIXABLE: ReadonlySet<string> = new Set([
  ErrorCode.StateMismatch,
  ErrorCode.NonceMismatch,
  ErrorCode.AuthorizationError,
  ErrorCode.InvalidGrant,
  ErrorCode.InvalidToken,
  ErrorCode.AccessDenied,
  ErrorCode.ExpiredToken,
  ErrorCode.IdTokenInvalid,
  ErrorCode.IssuerNotAllowed,
  ErrorCode.UserinfoSubMismatch,
]);

/**
 * Maps an error from `@webex-oidc/core` (or anything else) to an `HttpException`:
 * user-fixable sign-in failures → 401 (sign in again), Webex unreachable or throttling → 503 with
 * `Retry-After`, bad client credentials → 500 (operator must fix), other bad answers → 502.
 * An `HttpException` passes through unchanged.
 *
 * @param err - What was thrown.
 * @param signInHint - Appended to 401 messages, e.g. `Start again at /auth/login.`
 */
export function toHttpException(err: unknown, signInHint = 'Sign in again.'): HttpException {
  if (err instanceof HttpException) return err;
  if (!isWebexOidcError(err)) {
    return webexHttpException(500, 'internal_error', 'Unexpected error while talking to Webex; see the server log.', {}, err);
  }
  const extra = err.trackingId === undefined ? {} : { trackingId: err.trackingId };
  if (err.transient || err.code === ErrorCode.DiscoveryFailed) {
    return idpUnavailable(err.retryAfter ?? 5, err);
  }
  if (USER_FIXABLE.has(err.code)) {
    return webexHttpException(401, err.code, `Sign-in failed (${err.message}). ${signInHint}`, extra, err);
  }
  if (err.code === ErrorCode.InvalidClient) {
    return webexHttpException(
      500,
      err.code,
      'Webex rejected this server\'s client credentials; the operator must check clientId and clientSecret.',
      extra,
      err,
    );
  }
  return webexHttpException(502, err.code, `Webex gave an answer this server could not use (${err.message}). Try again later.`, extra, err);
}

/** The subset of a response this module writes headers to. @internal */
export interface ResponseLike {
  setHeader?(name: string, value: string): unknown;
}

/** Sets `Retry-After` for a 503 that carries `retryAfter`; returns the exception. @internal */
export function applyErrorHeaders(res: ResponseLike, exception: HttpException): HttpException {
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && 'retryAfter' in body && typeof body.retryAfter === 'number') {
    if (typeof res.setHeader === 'function') res.setHeader('Retry-After', String(body.retryAfter));
  }
  return exception;
}
