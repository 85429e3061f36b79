import * as client from 'openid-client';
import type { AuthorizationChecks } from '../authorize/types.js';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import type { IdTokenClaims } from '../id-token/claims.js';
import { idTokenError, validateIdTokenWith } from '../id-token/validate.js';
import { clientConfiguration } from '../oidc/client-configuration.js';
import { errorHandler } from '../oidc/error-handler.js';
import type { WebexTokenSet } from '../token-set.js';
import { toTokenSet } from '../tokens/token-response.js';
import { assertChecks, callbackParams, checkCallback } from './callback-params.js';

const WHAT = 'token request';

/** The answer of a sign-in: the token set and, when `openid` was requested, the validated ID-token claims. */
export interface SignInResult {
  /** The tokens, with absolute expiry times. */
  tokens: WebexTokenSet;
  /** The validated ID token's claims (`sub`, `email`, `name`…), when an ID token came back. */
  claims?: IdTokenClaims;
}

/** Options of {@link authorizationCodeGrant}. */
export interface CodeGrantOptions {
  /** Cancels the token request. */
  signal?: AbortSignal;
}

/**
 * Completes an authorization-code sign-in: checks `state` (`state_mismatch`), an `?error=` answer
 * (`authorization_error`) and `iss`, exchanges the code (with the PKCE verifier and the same
 * `redirect_uri`) and validates the ID token fully (signature via the JWKS with kid refetch,
 * allow-listed `iss`, `aud`, `exp`, `iat`, `nonce`, `auth_time`, `at_hash` when present).
 *
 * @param callback The callback URL, its path + query (Express `req.originalUrl`), its query
 *   string, or its parameters.
 * @param checks What {@link buildAuthorizationUrl} returned, kept server-side.
 */
export async function authorizationCodeGrant(
  config: WebexConfig,
  callback: URL | string | URLSearchParams,
  checks: AuthorizationChecks,
  options: CodeGrantOptions = {},
): Promise<SignInResult> {
  const state = stateOf(config);
  assertChecks(checks, ['code']);
  const params = callbackParams(callback, 'query');
  checkCallback(state, params, checks);
  const code = params.get('code');
  if (code === null || code === '') {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'The callback has no authorization code.');
  }
  const metadata = await discoverState(state);
  const currentUrl = new URL(checks.redirectUri);
  currentUrl.search = new URLSearchParams({ code, state: checks.state }).toString();
  const capture: { idToken?: string | undefined } = {};
  const configuration = clientConfiguration(state, metadata, { what: WHAT, capture, signal: options.signal });
  let response: client.TokenEndpointResponse;
  try {
    response = await client.authorizationCodeGrant(configuration, currentUrl, {
      expectedState: checks.state,
      ...(checks.codeVerifier === undefined ? {} : { pkceCodeVerifier: checks.codeVerifier }),
    });
  } catch (err) {
    return errorHandler(WHAT, err);
  }
  const { idToken } = capture;
  const wantIdToken = checks.nonce !== undefined || checks.scope?.includes('openid') === true;
  if (idToken === undefined && wantIdToken) throw idTokenError('missing');
  const tokens = toTokenSet(response, idToken, checks.scope);
  if (idToken === undefined) return { tokens };
  const validateOptions = {
    accessToken: tokens.accessToken,
    ...(checks.nonce === undefined ? {} : { nonce: checks.nonce }),
    ...(checks.maxAge === undefined ? {} : { maxAge: checks.maxAge }),
  };
  const claims = await validateIdTokenWith(state, metadata, idToken, validateOptions);
  return { tokens, claims };
}
