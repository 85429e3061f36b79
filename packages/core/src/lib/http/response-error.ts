import { ErrorCode, WebexOidcError } from '../errors.js';
import { parseRetryAfter } from './retry-after.js';

/** The two error body shapes Webex answers with, merged. */
export interface WebexErrorBody {
  /** OAuth `error` (e.g. `invalid_grant`). */
  error?: string;
  /** OAuth `error_description`. */
  errorDescription?: string;
  /** Webex `message`. */
  message?: string;
  /** Webex `errors[].description`, joined. */
  descriptions?: string[];
  /** Webex `trackingId` (body) or `TrackingID` header. */
  trackingId?: string;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads an error body of either shape — OAuth `{error, error_description}` or Webex
 * `{message, errors:[{description}], trackingId}` — from already-parsed JSON.
 */
export function parseErrorBody(json: unknown): WebexErrorBody {
  if (typeof json !== 'object' || json === null) return {};
  const body = json as Record<string, unknown>;
  const result: WebexErrorBody = {};
  const error = asString(body.error);
  if (error !== undefined) result.error = error;
  const errorDescription = asString(body.error_description);
  if (errorDescription !== undefined) result.errorDescription = errorDescription;
  const message = asString(body.message);
  if (message !== undefined) result.message = message;
  const trackingId = asString(body.trackingId) ?? asString(body.tracking_id);
  if (trackingId !== undefined) result.trackingId = trackingId;
  if (Array.isArray(body.errors)) {
    const descriptions = body.errors
      .map((e: unknown) => (typeof e === 'object' && e !== null ? asString((e as Record<string, unknown>).description) : undefined))
      .filter((d): d is string => d !== undefined);
    if (descriptions.length > 0) result.descriptions = descriptions;
  }
  return result;
}

/** Maps an OAuth `error` value and HTTP status to this package's stable code. */
export function codeFor(status: number | undefined, oauthError: string | undefined): ErrorCode {
  // 429 is throttling whatever the body says (IdPs answer it with `temporarily_unavailable` too).
  if (status === 429) return ErrorCode.RateLimited;
  switch (oauthError) {
    case 'invalid_grant':
      return ErrorCode.InvalidGrant;
    case 'invalid_client':
    case 'unauthorized_client':
      return ErrorCode.InvalidClient;
    case 'access_denied':
      return ErrorCode.AccessDenied;
    case 'expired_token':
      return ErrorCode.ExpiredToken;
    case 'slow_down':
      return ErrorCode.RateLimited;
    case 'temporarily_unavailable':
      return ErrorCode.ServerError;
    case 'server_error':
      return ErrorCode.ServerError;
    default:
      break;
  }
  if (status === 429) return ErrorCode.RateLimited;
  if (status !== undefined && status >= 500) return ErrorCode.ServerError;
  return ErrorCode.RequestFailed;
}

const ADVICE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.InvalidGrant]: 'The grant is invalid, expired or revoked: the user must sign in again.',
  [ErrorCode.InvalidClient]:
    'Client authentication failed: check the client id and client secret (with private_key_jwt: the private key, its kid and alg, and the public key registered with the IdP; with a JWT method also this server\'s clock).',
  [ErrorCode.RateLimited]: 'Webex is throttling this client: retry later.',
  [ErrorCode.ServerError]: 'Webex is unavailable: retry later.',
  [ErrorCode.AccessDenied]: 'The user denied the request.',
  [ErrorCode.ExpiredToken]: 'The code expired before it was used: start again.',
  [ErrorCode.InvalidToken]: 'The access token is invalid or expired: refresh it or sign in again.',
};

/** What the reader should do about an error with this code, when there is advice for it. */
export function adviceFor(code: ErrorCode): string | undefined {
  return ADVICE[code];
}

/**
 * Builds the {@link WebexOidcError} for an error answer. `what` names the request for the
 * message (e.g. "token request"). The body must already be parsed JSON (or `undefined`).
 * Never puts request contents (tokens, codes, secrets) in the message: only the IdP's own
 * error text, which describes, never echoes, credentials.
 */
export function errorFromAnswer(
  what: string,
  status: number | undefined,
  headers: Headers | undefined,
  json: unknown,
  cause?: unknown,
): WebexOidcError {
  const body = parseErrorBody(json);
  const code = codeFor(status, body.error);
  const retryAfter = parseRetryAfter(headers?.get('retry-after'));
  const trackingId = body.trackingId ?? headers?.get('trackingid') ?? undefined;
  const detail = body.errorDescription ?? body.descriptions?.join('; ') ?? body.message;
  const parts = [
    `Webex ${what} failed${status === undefined ? '' : ` (HTTP ${status}${body.error === undefined ? '' : `, ${body.error}`})`}.`,
  ];
  if (detail !== undefined) parts.push(`Webex says: ${detail}.`);
  const advice = adviceFor(code);
  if (advice !== undefined) parts.push(advice);
  if (code === ErrorCode.RateLimited && retryAfter !== undefined) parts.push(`Retry after ${retryAfter} s.`);
  if (trackingId !== undefined) parts.push(`Tracking id: ${trackingId}.`);
  return new WebexOidcError(code, parts.join(' '), {
    status,
    trackingId,
    retryAfter,
    error: body.error,
    errorDescription: detail,
    cause,
  });
}

/** Reads a failed `Response` (JSON body if any) into a {@link WebexOidcError}. */
export async function errorFromResponse(what: string, response: Response): Promise<WebexOidcError> {
  let json: unknown;
  try {
    const text = await response.text();
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return errorFromAnswer(what, response.status, response.headers, json);
}
