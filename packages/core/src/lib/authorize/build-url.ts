import * as client from 'openid-client';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { clientConfiguration } from '../oidc/client-configuration.js';
import { errorHandler } from '../oidc/error-handler.js';
import { argError, assertOptionalNumber, assertOptionalString, normalizeScope, parseUrlOption } from '../util/args.js';
import type { AuthorizationChecks, AuthorizationRequest, AuthorizationUrl } from './types.js';

/** Default scopes of a sign-in. */
export const DEFAULT_SCOPE = 'openid email profile';

const RESERVED = new Set([
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'prompt',
  'max_age',
  'login_hint',
  'code_challenge',
  'code_challenge_method',
]);

function checkRequest(request: AuthorizationRequest): void {
  if (typeof request !== 'object' || request === null) throw argError('ERR_INVALID_ARG_TYPE', '"request" must be an object.');
  assertOptionalString(request.prompt, 'request.prompt');
  assertOptionalString(request.loginHint, 'request.loginHint');
  assertOptionalString(request.state, 'request.state');
  assertOptionalNumber(request.maxAge, 'request.maxAge');
  if (request.maxAge !== undefined && !Number.isInteger(request.maxAge)) {
    throw argError('ERR_INVALID_ARG_VALUE', '"request.maxAge" must be a whole number of seconds.');
  }
  if (request.nonce !== undefined && request.nonce !== false) assertOptionalString(request.nonce, 'request.nonce');
  if (request.pkce !== undefined && request.pkce !== false && request.pkce !== 'S256' && request.pkce !== 'plain') {
    throw argError('ERR_INVALID_ARG_VALUE', '"request.pkce" must be "S256", "plain" or false.');
  }
  if (request.extraParams !== undefined) {
    if (typeof request.extraParams !== 'object' || request.extraParams === null) {
      throw argError('ERR_INVALID_ARG_TYPE', '"request.extraParams" must be an object of strings.');
    }
    for (const [key, value] of Object.entries(request.extraParams)) {
      if (typeof value !== 'string') throw argError('ERR_INVALID_ARG_TYPE', `"request.extraParams.${key}" must be a string.`);
      if (RESERVED.has(key)) throw argError('ERR_INVALID_ARG_VALUE', `"request.extraParams" cannot set "${key}"; use its own option.`);
    }
  }
}

/** @internal Shared by the code and implicit flows. */
export async function buildUrl(
  config: WebexConfig,
  request: AuthorizationRequest,
  responseType: 'code' | 'id_token' | 'token' | 'id_token token',
): Promise<AuthorizationUrl> {
  const state = stateOf(config);
  checkRequest(request);
  const redirectUri = request.redirectUri ?? state.resolved.redirectUri;
  if (redirectUri === undefined) {
    throw argError('ERR_MISSING_OPTION', 'A redirect URI is required: set "redirectUri" on the configuration or the request.');
  }
  parseUrlOption(redirectUri, 'redirectUri');
  const scope = normalizeScope(request.scope, DEFAULT_SCOPE);
  const wantsIdToken = responseType.includes('id_token');
  if (wantsIdToken && !scope.includes('openid')) {
    throw argError('ERR_INVALID_ARG_VALUE', `response_type "${responseType}" needs the "openid" scope.`);
  }
  if (wantsIdToken && request.nonce === false) {
    throw argError('ERR_INVALID_ARG_VALUE', `response_type "${responseType}" always needs a nonce.`);
  }
  const checks: AuthorizationChecks = {
    state: request.state ?? client.randomState(),
    redirectUri,
    responseType,
    scope,
  };
  if (request.nonce !== false && (scope.includes('openid') || request.nonce !== undefined)) {
    checks.nonce = request.nonce ?? client.randomNonce();
  }
  if (request.maxAge !== undefined) checks.maxAge = request.maxAge;
  const params: Record<string, string> = {
    ...request.extraParams,
    response_type: responseType,
    redirect_uri: redirectUri,
    scope: scope.join(' '),
    state: checks.state,
  };
  if (checks.nonce !== undefined) params.nonce = checks.nonce;
  if (request.prompt !== undefined) params.prompt = request.prompt;
  if (request.maxAge !== undefined) params.max_age = String(request.maxAge);
  if (request.loginHint !== undefined) params.login_hint = request.loginHint;
  const pkce = responseType === 'code' ? (request.pkce ?? 'S256') : false;
  if (pkce !== false) {
    const verifier = client.randomPKCECodeVerifier();
    checks.codeVerifier = verifier;
    params.code_challenge = pkce === 'S256' ? await client.calculatePKCECodeChallenge(verifier) : verifier;
    params.code_challenge_method = pkce;
  }
  const metadata = await discoverState(state);
  try {
    const url = client.buildAuthorizationUrl(clientConfiguration(state, metadata, { what: 'authorization request' }), params);
    return { url, checks };
  } catch (err) {
    return errorHandler('authorization request', err);
  }
}

/**
 * Builds the authorization-code sign-in URL (PKCE S256 by default, `state` always, `nonce` when
 * `openid` is requested) and returns the checks the caller must keep for the callback.
 * Discovers the IdP on first use.
 */
export function buildAuthorizationUrl(config: WebexConfig, request: AuthorizationRequest = {}): Promise<AuthorizationUrl> {
  return buildUrl(config, request, 'code');
}
