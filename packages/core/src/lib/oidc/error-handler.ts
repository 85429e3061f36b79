import * as client from 'openid-client';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { adviceFor, codeFor, errorFromAnswer, errorFromResponse } from '../http/response-error.js';
import { parseRetryAfter } from '../http/retry-after.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A `TypeError` from an argument check (ours or openid-client's): it carries a Node-style code. */
function isArgumentError(err: unknown): err is TypeError {
  return err instanceof TypeError && isRecord(err) && typeof err.code === 'string' && err.code.startsWith('ERR_');
}

/** The ID-token check (`reason`) a claim name stands for. */
function reasonForClaim(claim: unknown): string {
  switch (claim) {
    case 'iss':
    case 'aud':
    case 'exp':
    case 'iat':
    case 'nbf':
    case 'auth_time':
    case 'nonce':
    case 'azp':
    case 'sub':
      return claim;
    default:
      return 'malformed';
  }
}

/** The detail object oauth4webapi attaches (`{attribute}`, `{claim}`…), possibly one wrapper down. */
function detail(cause: unknown): Record<string, unknown> {
  if (cause instanceof Error && isRecord(cause.cause)) return cause.cause;
  return isRecord(cause) ? cause : {};
}

async function fromClientError(what: string, err: client.ClientError): Promise<never> {
  const cause: unknown = err.cause;
  if (cause instanceof WebexOidcError) throw cause;
  switch (err.code) {
    case 'OAUTH_TIMEOUT':
      throw new WebexOidcError(ErrorCode.NetworkError, `The Webex ${what} timed out; retry later or raise the timeout.`, { cause: err });
    case 'OAUTH_ABORT':
      throw new WebexOidcError(ErrorCode.Aborted, `The Webex ${what} was cancelled.`, { cause: err });
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      if (cause instanceof Response && !cause.ok) {
        const mapped = await errorFromResponse(what, cause);
        throw new WebexOidcError(mapped.code, mapped.message, {
          status: mapped.status,
          trackingId: mapped.trackingId,
          retryAfter: mapped.retryAfter,
          error: mapped.error,
          errorDescription: mapped.errorDescription,
          cause: err,
        });
      }
      throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} with an unexpected response (${err.message}).`, {
        status: cause instanceof Response ? cause.status : undefined,
        cause: err,
      });
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED': {
      const { attribute } = detail(cause);
      if (attribute === 'sub') {
        throw new WebexOidcError(
          ErrorCode.UserinfoSubMismatch,
          `The Webex ${what} answered for a different user (sub) than expected; do not trust it.`,
          { cause: err },
        );
      }
      if (attribute === 'issuer') {
        throw new WebexOidcError(ErrorCode.IssuerNotAllowed, `The Webex ${what} named an unexpected issuer.`, { cause: err });
      }
      throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} with an unexpected value (${err.message}).`, {
        cause: err,
      });
    }
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED': {
      const reason = reasonForClaim(detail(cause).claim);
      if (reason === 'nonce') {
        throw new WebexOidcError(ErrorCode.NonceMismatch, 'The ID token nonce does not match the one sent; start the sign-in again.', {
          reason,
          cause: err,
        });
      }
      throw new WebexOidcError(ErrorCode.IdTokenInvalid, `The ID token failed validation (${reason}).`, { reason, cause: err });
    }
    case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
    case 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN':
      throw new WebexOidcError(
        ErrorCode.InvalidResponse,
        `The Webex ${what} would use a non-https URL; set allowInsecureRequests only for a local sandbox.`,
        { cause: err },
      );
    default:
      throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} with something unexpected (${err.message}).`, {
        cause: err,
      });
  }
}

/**
 * The code for an answer that carried a `WWW-Authenticate` challenge. The challenge's `error`
 * decides when there is one (`invalid_client` from the token endpoint, `invalid_token` from
 * userinfo…); without one, a 401 is judged by the scheme: `Basic` (or any scheme but `Bearer`
 * and `DPoP`) challenges the client's own credentials (RFC 6749 §5.2), `Bearer` the access token
 * (RFC 6750 §3).
 */
function challengeCode(status: number, scheme: string | undefined, error: string | undefined): ErrorCode {
  if (error === 'invalid_token') return ErrorCode.InvalidToken;
  if (error !== undefined) return codeFor(status, error);
  if (status === 401) {
    return scheme === undefined || scheme === 'bearer' || scheme === 'dpop' ? ErrorCode.InvalidToken : ErrorCode.InvalidClient;
  }
  return codeFor(status, undefined);
}

function fromChallenge(what: string, err: client.WWWAuthenticateChallengeError): WebexOidcError {
  const challenge = err.cause[0];
  const error = challenge?.parameters.error;
  const errorDescription = challenge?.parameters.error_description;
  const code = challengeCode(err.status, challenge?.scheme, error);
  const retryAfter = parseRetryAfter(err.response.headers.get('retry-after'));
  const parts = [`Webex refused the ${what} (HTTP ${err.status}${error === undefined ? '' : `, ${error}`}).`];
  if (errorDescription !== undefined) parts.push(`Webex says: ${errorDescription}.`);
  const advice = adviceFor(code);
  if (advice !== undefined) parts.push(advice);
  if (code === ErrorCode.RateLimited && retryAfter !== undefined) parts.push(`Retry after ${retryAfter} s.`);
  return new WebexOidcError(code, parts.join(' '), {
    status: err.status,
    error,
    errorDescription,
    retryAfter,
    trackingId: err.response.headers.get('trackingid') ?? undefined,
    cause: err,
  });
}

/** Fields of a token-endpoint or callback answer whose values are credentials. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'device_code',
  'client_secret',
  'client_assertion',
  'token',
]);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function redactedBody(body: unknown): unknown {
  if (body instanceof URLSearchParams) {
    const copy = new URLSearchParams(body);
    for (const key of SECRET_FIELDS) if (copy.has(key)) copy.set(key, '[redacted]');
    return copy;
  }
  if (!isPlainRecord(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  for (const key of Object.keys(copy)) if (SECRET_FIELDS.has(key)) copy[key] = '[redacted]';
  return copy;
}

/**
 * oauth4webapi (under openid-client) attaches the parsed answer it rejected to its error as
 * `{ body }` — for a malformed 200 from the token endpoint that body holds the live access,
 * refresh and ID tokens. The {@link WebexOidcError} keeps the lower-level error as its `cause`,
 * and `console.log(err)`, util.inspect and error trackers print cause chains: replace those
 * values (a few levels down the chain) before the error is kept.
 */
function redactCauses(err: unknown): void {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && isRecord(current); depth += 1) {
    if (isPlainRecord(current) && 'body' in current) current.body = redactedBody(current.body);
    current = current.cause;
  }
}

/**
 * The one place where lower-level failures (openid-client, oauth4webapi, fetch, DOM exceptions)
 * become a {@link WebexOidcError} with a stable code. Argument `TypeError`s (Node-style `code`)
 * and errors that already are {@link WebexOidcError}s pass through unchanged. Never returns.
 *
 * It is async because some error answers still hold their body (Webex's own error shape, which
 * oauth4webapi does not parse) and reading it is how `trackingId` and the description are kept.
 *
 * @param what Names the request for the message, e.g. `"token request"`.
 */
export async function errorHandler(what: string, err: unknown): Promise<never> {
  if (err instanceof WebexOidcError || isArgumentError(err)) throw err;
  redactCauses(err);
  if (err instanceof client.ResponseBodyError) {
    throw errorFromAnswer(what, err.status, err.response.headers, err.cause, err);
  }
  if (err instanceof client.AuthorizationResponseError) {
    throw new WebexOidcError(
      ErrorCode.AuthorizationError,
      `Webex answered the authorization request with an error (${err.error}).${err.error_description === undefined ? '' : ` Webex says: ${err.error_description}.`}`,
      { error: err.error, errorDescription: err.error_description, cause: err },
    );
  }
  if (err instanceof client.WWWAuthenticateChallengeError) throw fromChallenge(what, err);
  if (err instanceof client.ClientError) return fromClientError(what, err);
  if (err instanceof DOMException && err.name === 'TimeoutError') {
    throw new WebexOidcError(ErrorCode.NetworkError, `The Webex ${what} timed out; retry later or raise the timeout.`, { cause: err });
  }
  if (err instanceof DOMException && err.name === 'AbortError') {
    throw new WebexOidcError(ErrorCode.Aborted, `The Webex ${what} was cancelled.`, { cause: err });
  }
  if (err instanceof TypeError) {
    throw new WebexOidcError(ErrorCode.NetworkError, `The Webex ${what} failed to reach the server; check the network.`, { cause: err });
  }
  throw new WebexOidcError(ErrorCode.InvalidResponse, `The Webex ${what} failed unexpectedly.`, { cause: err });
}
