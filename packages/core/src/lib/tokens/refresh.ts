import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { validateIdTokenWith } from '../id-token/validate.js';
import { clientConfiguration } from '../oidc/client-configuration.js';
import { errorHandler } from '../oidc/error-handler.js';
import type { WebexTokenSet } from '../token-set.js';
import { argError } from '../util/args.js';
import { mergeRefreshed, toTokenSet } from './token-response.js';

const WHAT = 'refresh request';

/** Options of {@link refreshTokens}. */
export interface RefreshOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
  /** Ask for fewer scopes than were granted (space-separated or an array). */
  scope?: string | string[];
}

/**
 * Refreshes a token set at the token endpoint (`grant_type=refresh_token`). Treat every answer as
 * possibly rotated: persist the returned set. Webex's rules are applied: the old refresh token
 * is kept when none comes back; `refreshExpiresAt` is absolute and does not move forward while
 * the refresh token is unchanged; an ID token in the answer is validated like a sign-in's.
 *
 * Failures: `invalid_grant` (permanent: sign in again, `transient: false`); `rate_limited`
 * (with `retryAfter`), `server_error`, `network_error` (transient: retry with backoff).
 *
 * @param current The current token set, or just the refresh token.
 */
export async function refreshTokens(
  config: WebexConfig,
  current: WebexTokenSet | string,
  options: RefreshOptions = {},
): Promise<WebexTokenSet> {
  const state = stateOf(config);
  const previous = typeof current === 'string' ? undefined : current;
  const refreshToken = typeof current === 'string' ? current : current?.refreshToken;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw argError('ERR_INVALID_ARG_VALUE', '"current" must be a refresh token or a token set that has one.');
  }
  const parameters: Record<string, string> = {};
  if (options.scope !== undefined) {
    parameters.scope = typeof options.scope === 'string' ? options.scope : options.scope.join(' ');
  }
  const metadata = await discoverState(state);
  const capture: { idToken?: string | undefined } = {};
  const configuration = clientConfiguration(state, metadata, { what: WHAT, capture, signal: options.signal });
  let response: client.TokenEndpointResponse;
  try {
    response = await client.refreshTokenGrant(configuration, refreshToken, parameters);
  } catch (err) {
    return errorHandler(WHAT, err);
  }
  const next = toTokenSet(response, capture.idToken, undefined);
  if (capture.idToken !== undefined) {
    const claims = await validateIdTokenWith(state, metadata, capture.idToken, { accessToken: next.accessToken });
    // OIDC Core 12.2: a refreshed ID token's `sub` must be the signed-in user's.
    const signedIn = subjectOf(previous?.idToken);
    if (signedIn !== undefined && claims.sub !== signedIn) {
      throw new WebexOidcError(
        ErrorCode.IdTokenInvalid,
        'The ID token of the refresh answer is for another user than the one who signed in (sub changed); discard this token set and sign in again.',
        { reason: 'sub' },
      );
    }
  }
  return mergeRefreshed(previous, refreshToken, next);
}

/** The `sub` of an ID token this package validated earlier (kept in the token set), if readable. */
function subjectOf(idToken: string | undefined): string | undefined {
  if (idToken === undefined) return undefined;
  try {
    const { sub } = decodeJwt(idToken);
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
