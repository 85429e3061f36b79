import { createHash, randomBytes } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isRecord, oidcOf, type ProviderMiddleware } from './koa.js';

/** Webex's discovery path; oidc-provider serves the document at `/.well-known/…` of its mount. */
export const DISCOVERY_PATH = '/v1/.well-known/openid-configuration';

/**
 * Authorization parameter marking a request that came in as `response_type=token` (run as
 * `id_token token` inside oidc-provider, which refuses `token` alone). Registered as an
 * `extraParams` so it survives the login/consent round trip.
 */
export const TOKEN_ONLY_PARAM = 'sandbox_token_only';

/** What the shims need to know. */
export interface WebexShimOptions {
  /** The issuer discovery announces (`${url}/idb`), whatever `iss` ID tokens carry. */
  issuer: string;
}

function rewriteDiscovery(doc: Record<string, unknown>, issuer: string): void {
  doc.issuer = issuer;
  // PKCE `plain` and `response_type=token` are accepted through the shims below.
  doc.code_challenge_methods_supported = ['S256', 'plain'];
  const types = Array.isArray(doc.response_types_supported) ? doc.response_types_supported : [];
  if (!types.includes('token')) doc.response_types_supported = [...types, 'token'];
  // As on Webex: no revocation endpoint in discovery, no `iss` in authorization responses.
  delete doc.revocation_endpoint;
  delete doc.authorization_response_iss_parameter_supported;
}

function s256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** PKCE `plain` → S256 of the same value; `response_type=token` → `id_token token` + marker. */
function rewriteAuthorizeQuery(ctx: KoaContextWithOIDC): void {
  const params = new URLSearchParams(ctx.querystring);
  let changed = false;

  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge && (method === null || method === 'plain')) {
    // RFC 7636: `plain` (the default) means challenge = verifier, so S256(challenge) is what
    // S256(verifier) will give at the token endpoint.
    params.set('code_challenge', s256(challenge));
    params.set('code_challenge_method', 'S256');
    changed = true;
  }

  params.delete(TOKEN_ONLY_PARAM);
  if (params.get('response_type') === 'token') {
    params.set('response_type', 'id_token token');
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.includes('openid')) params.set('scope', ['openid', ...scopes].join(' '));
    if (!params.has('nonce')) params.set('nonce', randomBytes(16).toString('base64url'));
    params.set(TOKEN_ONLY_PARAM, '1');
    changed = true;
  }

  if (changed) ctx.querystring = params.toString();
}

/** Drops `iss` (and, for `token` alone, the `id_token`) from an authorization redirect. */
function rewriteAuthorizationRedirect(ctx: KoaContextWithOIDC, tokenOnly: boolean): void {
  const location = ctx.response.get('Location');
  if (!/^https?:/i.test(location)) return;
  const url = new URL(location);
  url.searchParams.delete('iss');
  if (url.hash.length > 1) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.delete('iss');
    if (tokenOnly) fragment.delete('id_token');
    url.hash = fragment.toString();
  }
  ctx.set('Location', url.href);
}

/** Adds `refresh_token_expires_in`: the seconds left on the refresh token (it never extends). */
async function addRefreshTokenExpiry(ctx: KoaContextWithOIDC): Promise<void> {
  const body = ctx.body;
  const oidc = oidcOf(ctx);
  if (!oidc || !isRecord(body) || typeof body.refresh_token !== 'string') return;
  const token = await oidc.provider.RefreshToken.find(body.refresh_token, { ignoreExpiration: true });
  if (token?.exp !== undefined) {
    body.refresh_token_expires_in = Math.max(0, token.exp - Math.floor(Date.now() / 1000));
  }
}

/**
 * The Webex deviations that sit around oidc-provider's own endpoints: discovery at `/v1/…`
 * with the `/idb` issuer, PKCE `plain`, `response_type=token`, no `iss` in redirects, and
 * `refresh_token_expires_in` in token answers.
 */
export function webexShims(options: WebexShimOptions): ProviderMiddleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === DISCOVERY_PATH) {
      ctx.path = '/.well-known/openid-configuration';
      await next();
      if (ctx.status === 200 && isRecord(ctx.body)) rewriteDiscovery(ctx.body, options.issuer);
      return;
    }
    if (ctx.method === 'GET' && ctx.path === '/v1/authorize') rewriteAuthorizeQuery(ctx);

    await next();

    const oidc = oidcOf(ctx);
    if (!oidc) return;
    if ((oidc.route === 'authorization' || oidc.route === 'resume') && ctx.status === 303) {
      rewriteAuthorizationRedirect(ctx, oidc.params?.[TOKEN_ONLY_PARAM] === '1');
    }
    if (oidc.route === 'token' && ctx.status === 200) await addRefreshTokenExpiry(ctx);
  };
}
