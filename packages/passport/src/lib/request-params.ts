import type { AuthorizationRequest } from '@webex-oidc/core';

/** Scopes every sign-in requests: an ID token, and the claims the profile is made of. */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'email', 'profile'];

/** Parameters the strategy (through core) sets itself and that an override cannot replace. */
const RESERVED_PARAMS: ReadonlySet<string> = new Set([
  'client_id',
  'response_type',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

/** Parameters mapped onto core's {@link AuthorizationRequest} fields. */
const MAPPED_PARAMS: ReadonlySet<string> = new Set(['scope', 'prompt', 'max_age', 'login_hint', 'redirect_uri']);

/** A scope list as the space-separated `scope` parameter. */
export function scopeParam(scope: string | readonly string[]): string {
  const list = typeof scope === 'string' ? scope.split(/\s+/) : scope;
  return list.filter((s) => s.length > 0).join(' ');
}

/** {@link DEFAULT_SCOPES} followed by the extra scopes, without duplicates. */
export function withDefaultScopes(extra: string | undefined): string[] {
  const scopes = new Set(DEFAULT_SCOPES);
  for (const s of (extra ?? '').split(/\s+/)) if (s.length > 0) scopes.add(s);
  return [...scopes];
}

/** The strategy-level defaults, used where the request's parameters are silent. */
export interface AuthorizationDefaults {
  scope: string | undefined;
  prompt: string | undefined;
  maxAge: number | undefined;
  loginHint: string | undefined;
  redirectUri: string;
  pkce: 'S256' | 'plain';
}

function parseMaxAge(value: string): number {
  const maxAge = Number(value);
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) {
    throw new TypeError(`WebexStrategy: max_age must be a non-negative integer number of seconds, got "${value}".`);
  }
  return maxAge;
}

/**
 * Turn the parameters of {@link WebexStrategy.authorizationRequestParams} plus the strategy
 * defaults into core's {@link AuthorizationRequest}. Unknown parameters go to `extraParams`;
 * the ones core must own (state, nonce, PKCE, client_id, response_type) are ignored.
 */
export function authorizationRequestFromParams(params: URLSearchParams, defaults: AuthorizationDefaults): AuthorizationRequest {
  const maxAge = params.get('max_age');
  const extraParams: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!RESERVED_PARAMS.has(key) && !MAPPED_PARAMS.has(key)) extraParams[key] = value;
  }
  const request: AuthorizationRequest = {
    scope: withDefaultScopes(params.get('scope') ?? defaults.scope),
    redirectUri: params.get('redirect_uri') ?? defaults.redirectUri,
    pkce: defaults.pkce,
  };
  const prompt = params.get('prompt') ?? defaults.prompt;
  if (prompt !== undefined) request.prompt = prompt;
  const resolvedMaxAge = maxAge === null ? defaults.maxAge : parseMaxAge(maxAge);
  if (resolvedMaxAge !== undefined) request.maxAge = resolvedMaxAge;
  const loginHint = params.get('login_hint') ?? defaults.loginHint;
  if (loginHint !== undefined) request.loginHint = loginHint;
  if (Object.keys(extraParams).length > 0) request.extraParams = extraParams;
  return request;
}
