import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { newKey, startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { buildAuthorizationUrl } from '../authorize/build-url.js';
import { ErrorCode } from '../errors.js';
import { buildImplicitUrl, implicitCallback } from '../implicit/implicit.js';
import { atHash } from '../id-token/at-hash.js';
import { webfinger } from '../webfinger/webfinger.js';
import { authorizationCodeGrant } from './code-grant.js';

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
});
afterAll(() => idp.close());

const REDIRECT = 'http://127.0.0.1:9/cb';

async function signIn(idTokenClaims: Record<string, unknown>, opts: { key?: Awaited<ReturnType<typeof newKey>> } = {}) {
  const config = miniConfig(idp, { redirectUri: REDIRECT });
  const { url, checks } = await buildAuthorizationUrl(config, { scope: ['openid', 'email', 'spark:people_read'] });
  let tokenBody: URLSearchParams | undefined;
  const idToken = await idp.mint({ nonce: checks.nonce, ...idTokenClaims }, opts);
  idp.routes.set('/token', (_req, body) => {
    tokenBody = body;
    return { json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-1', id_token: idToken, scope: 'openid email' } };
  });
  const callback = `/cb?code=the-code&state=${encodeURIComponent(checks.state)}`;
  return { config, url, checks, callback, tokenBody: () => tokenBody };
}

describe('buildAuthorizationUrl', () => {
  it('sends state, nonce and an S256 challenge by default, plus prompt, max_age and login_hint', async () => {
    const config = miniConfig(idp, { redirectUri: REDIRECT });
    const { url, checks } = await buildAuthorizationUrl(config, {
      scope: 'openid email meeting:schedules_read',
      prompt: 'login',
      maxAge: 600,
      loginHint: 'alice@example.com',
    });
    const q = url.searchParams;
    expect(url.origin + url.pathname).toBe(`${idp.url}/authorize`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('mini-client');
    expect(q.get('scope')).toBe('openid email meeting:schedules_read');
    expect(q.get('state')).toBe(checks.state);
    expect(q.get('nonce')).toBe(checks.nonce);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(checks.codeVerifier ?? '').digest('base64url'));
    expect(q.get('prompt')).toBe('login');
    expect(q.get('max_age')).toBe('600');
    expect(q.get('login_hint')).toBe('alice@example.com');
    expect(JSON.parse(JSON.stringify(checks))).toEqual(checks);
  });

  it('supports plain PKCE and rejects bad requests with TypeErrors', async () => {
    const config = miniConfig(idp, { redirectUri: REDIRECT });
    const { url, checks } = await buildAuthorizationUrl(config, { pkce: 'plain' });
    expect(url.searchParams.get('code_challenge')).toBe(checks.codeVerifier);
    await expect(buildAuthorizationUrl(miniConfig(idp), {})).rejects.toMatchObject({ code: 'ERR_MISSING_OPTION' });
    await expect(buildAuthorizationUrl(config, { pkce: 'S512' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(buildAuthorizationUrl(config, { extraParams: { state: 'x' } })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});

describe('authorizationCodeGrant', () => {
  it('exchanges the code with the verifier and validates the ID token', async () => {
    const { config, checks, callback, tokenBody } = await signIn({ email: 'a@example.com' });
    const { tokens, claims } = await authorizationCodeGrant(config, callback, checks);
    expect(tokenBody()?.get('code')).toBe('the-code');
    expect(tokenBody()?.get('code_verifier')).toBe(checks.codeVerifier);
    expect(tokenBody()?.get('redirect_uri')).toBe(REDIRECT);
    expect(tokens).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1', scope: ['openid', 'email'] });
    expect(claims?.email).toBe('a@example.com');
  });

  it('accepts an allow-listed cluster iss from the token endpoint (discovery names another)', async () => {
    const { config, checks, callback } = await signIn({ iss: 'https://idbroker-b-us.webex.com/idb' });
    const { claims } = await authorizationCodeGrant(config, callback, checks);
    expect(claims?.iss).toBe('https://idbroker-b-us.webex.com/idb');
  });

  it('rejects a badly signed ID token from the token endpoint', async () => {
    const { config, checks, callback } = await signIn({}, { key: await newKey('key-1') });
    await expect(authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({
      code: ErrorCode.IdTokenInvalid,
      reason: 'signature',
    });
  });

  it('rejects a token-endpoint ID token issued in the future or for another nonce', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await signIn({ iat: now + 3600, exp: now + 7200 });
    await expect(authorizationCodeGrant(future.config, future.callback, future.checks)).rejects.toMatchObject({ reason: 'iat' });
    const replay = await signIn({ nonce: 'other' });
    await expect(authorizationCodeGrant(replay.config, replay.callback, replay.checks)).rejects.toMatchObject({
      code: ErrorCode.NonceMismatch,
    });
  });

  it('rejects a state mismatch before any token request', async () => {
    const { config, checks } = await signIn({});
    const before = idp.count('/token');
    await expect(authorizationCodeGrant(config, '/cb?code=c&state=forged', checks)).rejects.toMatchObject({
      code: ErrorCode.StateMismatch,
    });
    expect(idp.count('/token')).toBe(before);
  });

  it('types ?error= as authorization_error and a disallowed iss parameter', async () => {
    const { config, checks } = await signIn({});
    const denied = new URLSearchParams({ error: 'access_denied', error_description: 'user said no', state: checks.state });
    await expect(authorizationCodeGrant(config, denied, checks)).rejects.toMatchObject({
      code: ErrorCode.AuthorizationError,
      error: 'access_denied',
    });
    const iss = new URL(`${REDIRECT}?code=c&state=${checks.state}&iss=${encodeURIComponent('https://evil.example/idb')}`);
    await expect(authorizationCodeGrant(config, iss, checks)).rejects.toMatchObject({ code: ErrorCode.IssuerNotAllowed });
  });

  it('maps invalid_grant from the token endpoint', async () => {
    const { config, checks, callback } = await signIn({});
    idp.routes.set('/token', () => ({ status: 400, json: { error: 'invalid_grant', error_description: 'PKCE verification failed' } }));
    await expect(authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({ code: ErrorCode.InvalidGrant });
  });
});

describe('implicitCallback', () => {
  it('validates state, nonce and at_hash for id_token token', async () => {
    const config = miniConfig(idp, { redirectUri: REDIRECT });
    const { url, checks } = await buildImplicitUrl(config, { responseType: 'id_token token' });
    expect(url.searchParams.get('response_type')).toBe('id_token token');
    expect(url.searchParams.has('code_challenge')).toBe(false);
    const good = await idp.mint({ nonce: checks.nonce, at_hash: atHash('imp-at', 'RS256') });
    const fragment = new URLSearchParams({ access_token: 'imp-at', token_type: 'Bearer', expires_in: '60', id_token: good, state: checks.state });
    const result = await implicitCallback(config, `${REDIRECT}#${fragment}`, checks);
    expect(result).toMatchObject({ accessToken: 'imp-at', idToken: good });
    expect(result.claims?.sub).toBe('user-1');
    fragment.set('access_token', 'swapped-at');
    await expect(implicitCallback(config, `#${fragment}`, checks)).rejects.toMatchObject({ reason: 'at_hash' });
    const noHash = await idp.mint({ nonce: checks.nonce });
    fragment.set('access_token', 'imp-at');
    fragment.set('id_token', noHash);
    await expect(implicitCallback(config, fragment.toString(), checks)).rejects.toMatchObject({ reason: 'at_hash' });
    fragment.set('state', 'nope');
    await expect(implicitCallback(config, fragment.toString(), checks)).rejects.toMatchObject({ code: ErrorCode.StateMismatch });
  });
});

describe('webfinger', () => {
  it('returns the allow-listed issuer link and rejects others', async () => {
    let resource: string | null = null;
    let href = 'https://idbroker.webex.com/idb';
    idp.routes.set('/.well-known/webfinger', (req) => {
      resource = new URL(req.url ?? '/', 'http://x').searchParams.get('resource');
      return { json: { subject: resource, links: [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href }] } };
    });
    const config = miniConfig(idp);
    expect((await webfinger(config, 'alice@example.com')).issuer).toBe('https://idbroker.webex.com/idb');
    expect(resource).toBe('acct:alice@example.com');
    href = 'https://evil.example/idb';
    await expect(webfinger(config, 'acct:alice@example.com')).rejects.toMatchObject({ code: ErrorCode.IssuerNotAllowed });
    await expect(webfinger(config, 'not an email')).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});
