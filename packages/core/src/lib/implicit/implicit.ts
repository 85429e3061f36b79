import { buildUrl } from '../authorize/build-url.js';
import type { AuthorizationChecks, AuthorizationRequest, AuthorizationUrl, ImplicitResponseType } from '../authorize/types.js';
import { assertChecks, callbackParams, checkCallback } from '../callback/callback-params.js';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import type { IdTokenClaims } from '../id-token/claims.js';
import { idTokenError, validateIdTokenWith } from '../id-token/validate.js';
import { argError } from '../util/args.js';

const IMPLICIT: readonly ImplicitResponseType[] = ['id_token', 'token', 'id_token token'];

/** Options of {@link buildImplicitUrl}: an authorization request plus the implicit response type. */
export interface ImplicitRequest extends AuthorizationRequest {
  /** `'id_token'`, `'token'` or `'id_token token'`. */
  responseType: ImplicitResponseType;
}

/** What an implicit callback carried, validated. */
export interface ImplicitResult {
  /** The access token (`token`, `id_token token`). */
  accessToken?: string;
  /** When the access token expires, epoch ms (from `expires_in`). */
  expiresAt?: number;
  /** The raw ID token (`id_token`, `id_token token`). */
  idToken?: string;
  /** The validated ID-token claims. */
  claims?: IdTokenClaims;
  /** Granted scopes, when the fragment says. */
  scope?: string[];
}

/**
 * Builds an implicit-flow URL (`response_type` `id_token`, `token` or `id_token token`; tokens
 * come back in the redirect's fragment). `state` is always sent; a `nonce` whenever an ID token
 * is requested. Prefer the code flow with PKCE where you can (RFC 9700).
 */
export function buildImplicitUrl(config: WebexConfig, request: ImplicitRequest): Promise<AuthorizationUrl> {
  if (typeof request !== 'object' || request === null) throw argError('ERR_INVALID_ARG_TYPE', '"request" must be an object.');
  if (!IMPLICIT.includes(request.responseType)) {
    throw argError('ERR_INVALID_ARG_VALUE', '"request.responseType" must be "id_token", "token" or "id_token token".');
  }
  const { responseType, ...rest } = request;
  return buildUrl(config, { ...rest, pkce: false }, responseType);
}

/**
 * Validates an implicit callback's fragment: `state` (`state_mismatch`), an error answer
 * (`authorization_error`), the ID token (signature, `iss` allow-list, `aud`, `exp`, `iat`, `nonce`,
 * `auth_time`) and, for `id_token token`, `at_hash` binding the access token to it (required).
 *
 * @param fragmentOrUrl The full redirect URL (with its `#fragment`), or the fragment itself
 *   (with or without `#`) — browsers do not send fragments to servers, so a page script must
 *   post it back.
 */
export async function implicitCallback(
  config: WebexConfig,
  fragmentOrUrl: string | URL,
  checks: AuthorizationChecks,
): Promise<ImplicitResult> {
  const state = stateOf(config);
  assertChecks(checks, IMPLICIT);
  const params = callbackParams(fragmentOrUrl, 'fragment');
  checkCallback(state, params, checks);
  const wantsIdToken = checks.responseType.includes('id_token');
  const wantsToken = checks.responseType.split(' ').includes('token');
  const result: ImplicitResult = {};
  const accessToken = params.get('access_token') ?? undefined;
  if (wantsToken) {
    if (accessToken === undefined) {
      throw new WebexOidcError(ErrorCode.InvalidResponse, 'The implicit callback has no access token.');
    }
    const tokenType = params.get('token_type');
    if (tokenType !== null && tokenType.toLowerCase() !== 'bearer') {
      throw new WebexOidcError(ErrorCode.InvalidResponse, `The implicit callback carries an unsupported token type (${tokenType}).`);
    }
    result.accessToken = accessToken;
    const expiresIn = params.get('expires_in');
    if (expiresIn !== null && /^\d+$/.test(expiresIn)) result.expiresAt = Date.now() + Number.parseInt(expiresIn, 10) * 1000;
    const scope = params.get('scope');
    if (scope !== null) result.scope = scope.split(/\s+/).filter((s) => s !== '');
  }
  if (wantsIdToken) {
    const idToken = params.get('id_token');
    if (idToken === null) throw idTokenError('missing');
    if (checks.nonce === undefined) {
      throw argError('ERR_INVALID_ARG_VALUE', '"checks.nonce" is required for an implicit flow that returns an ID token.');
    }
    const metadata = await discoverState(state);
    result.idToken = idToken;
    result.claims = await validateIdTokenWith(state, metadata, idToken, {
      nonce: checks.nonce,
      ...(checks.maxAge === undefined ? {} : { maxAge: checks.maxAge }),
      ...(wantsToken && accessToken !== undefined ? { accessToken, requireAtHash: true } : {}),
    });
  }
  return result;
}
