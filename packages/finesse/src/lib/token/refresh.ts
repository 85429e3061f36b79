/**
 * One refresh of a Finesse SSO token pair, without timers or state: the function the token worker
 * calls, and the one the in-process {@link FinesseTokenManager} wraps.
 */
import { FinesseError, FinesseErrorCode, parseRetryAfter } from '../errors.js';
import { type FinesseConnectionOptions, type HttpAnswer, HttpTransport } from '../http/transport.js';
import { parseApiErrors } from '../xml.js';
import { SSO_TOKEN_PATH } from './sso-url.js';
import { type FinesseTokenSet, parseFinesseTokenResponse } from './token-set.js';

/** How the refresh request is sent: `POST` form body (default, preferred by Cisco) or `GET` query. */
export type FinesseRefreshMethod = 'POST' | 'GET';

/** Refresh behaviour shared by {@link refreshFinesseTokens} and the token manager. */
export interface FinesseRefreshOptions {
  /** `POST` (default): `token` + `refresh-token` as a form body. `GET`: `cc_username` + `refresh-token` in the query. */
  method?: FinesseRefreshMethod;
  /** `cc_username` for the GET form. Default: the token set's `userId`. */
  username?: string;
  /** Send `return_user=yes` with the POST form. */
  returnUser?: boolean;
  /** Clock (epoch ms); for tests. Default `Date.now`. */
  now?: () => number;
}

/** Options of {@link refreshFinesseTokens}. */
export interface RefreshFinesseTokensOptions extends FinesseConnectionOptions, FinesseRefreshOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
}

function reauth(message: string, status?: number, cause?: unknown): FinesseError {
  return new FinesseError(FinesseErrorCode.ReauthRequired, message, {
    transient: false,
    ...(status === undefined ? {} : { status }),
    ...(cause === undefined ? {} : { cause }),
  });
}

function classify(answer: HttpAnswer): FinesseError {
  const { status } = answer;
  if (status >= 300 && status < 400) {
    return reauth('IdS wants a browser sign-in to refresh the Finesse token: the agent must sign in again.', status);
  }
  if (status === 400 || status === 401 || status === 403) {
    return reauth(`Finesse refused the refresh token (${status}): it expired or was revoked; the agent must sign in again.`, status);
  }
  const apiErrors = parseApiErrors(answer.text);
  const transient = status >= 500 || status === 429 || status === 408;
  const retryAfterMs = parseRetryAfter(answer.retryAfter);
  return new FinesseError(
    FinesseErrorCode.ApiError,
    `Finesse could not refresh the token (${status})${transient ? '; retry later' : ''}.`,
    { status, apiErrors, transient, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  );
}

/** @internal {@link refreshFinesseTokens} on an existing transport. */
export async function refreshWithTransport(
  transport: HttpTransport,
  options: FinesseRefreshOptions & { signal?: AbortSignal },
  tokenSet: FinesseTokenSet,
): Promise<FinesseTokenSet> {
  const refreshToken = tokenSet.refreshToken;
  if (refreshToken === undefined || refreshToken === '') {
    throw reauth('The Finesse token set has no refresh token: the agent must sign in again.');
  }
  const method = options.method ?? 'POST';
  const now = options.now ?? Date.now;
  const issuedAt = now();
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  let answer: HttpAnswer;
  if (method === 'POST') {
    const form = new URLSearchParams({ token: tokenSet.accessToken, 'refresh-token': refreshToken });
    if (options.returnUser === true) form.set('return_user', 'yes');
    answer = await transport.send({
      method: 'POST',
      path: SSO_TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      ...signal,
    });
  } else if (method === 'GET') {
    answer = await transport.send({
      method: 'GET',
      path: SSO_TOKEN_PATH,
      query: { cc_username: options.username ?? tokenSet.userId, 'refresh-token': refreshToken },
      headers: { accept: 'application/json' },
      ...signal,
    });
  } else {
    throw new FinesseError(FinesseErrorCode.InvalidArgument, 'method must be "POST" or "GET".');
  }
  if (answer.status !== 200) throw classify(answer);
  return parseFinesseTokenResponse(answer.text, { issuedAt, previous: tokenSet });
}

/**
 * Refreshes `tokenSet` once at Finesse's `/desktop/sso/token` and resolves with the new set
 * (the old refresh token is kept when none comes back). No timers, no state: safe for workers.
 *
 * Rejects with a {@link FinesseError} whose `transient` says whether to retry:
 * `reauth_required` (400/401/403, a redirect to IdS, no refresh token) is permanent;
 * `network_error`, `timeout` and 5xx/429 `finesse_api_error`s are transient; `tls_error` and
 * `invalid_response` are permanent until the configuration or server changes.
 */
export async function refreshFinesseTokens(
  options: RefreshFinesseTokensOptions,
  tokenSet: FinesseTokenSet,
): Promise<FinesseTokenSet> {
  const transport = new HttpTransport(options);
  try {
    return await refreshWithTransport(transport, options, tokenSet);
  } finally {
    await transport.close();
  }
}
