import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  discover,
  ErrorCode,
  fetchUserinfo,
  randomVerifierForTests,
  webfinger,
  type WebexConfig,
} from './support/exports.js';
import { configFor, failure, sandbox } from './support/sandbox.js';

let sb: Sandbox;
let config: WebexConfig;
beforeAll(async () => {
  sb = await sandbox();
  config = configFor(sb);
});
afterAll(() => sb?.close());

async function signIn(cfg: WebexConfig, request: Parameters<typeof buildAuthorizationUrl>[1] = {}, user?: string) {
  const { url, checks } = await buildAuthorizationUrl(cfg, request);
  const callback = await sb.signIn(url, user === undefined ? {} : { user });
  return authorizationCodeGrant(cfg, callback, checks);
}

describe('authorization code + PKCE against the sandbox', () => {
  it('signs in with S256 and returns validated claims and a full token set', async () => {
    const before = Date.now();
    const { tokens, claims } = await signIn(config, { scope: ['openid', 'email', 'profile', 'spark:people_read'] });
    expect(claims?.email).toBe('alice@example.com');
    expect(claims?.iss).toBe(sb.issuer);
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.idToken).toEqual(expect.any(String));
    expect(tokens.expiresAt).toBeGreaterThan(before);
    expect(tokens.refreshExpiresAt).toBeGreaterThan(tokens.expiresAt);
    expect(tokens.scope).toContain('spark:people_read');
  });

  it('signs in with plain PKCE', async () => {
    const { url, checks } = await buildAuthorizationUrl(config, { pkce: 'plain', loginHint: 'bob@example.com' });
    expect(url.searchParams.get('code_challenge_method')).toBe('plain');
    const { claims } = await authorizationCodeGrant(config, await sb.signIn(url), checks);
    expect(claims?.email).toBe('bob@example.com');
  });

  it('rejects a PKCE verifier mismatch with invalid_grant', async () => {
    const { url, checks } = await buildAuthorizationUrl(config);
    const callback = await sb.signIn(url);
    const err = await failure(authorizationCodeGrant(config, callback, { ...checks, codeVerifier: randomVerifierForTests() }));
    expect(err.code).toBe(ErrorCode.InvalidGrant);
    expect(err.transient).toBe(false);
    expect(err.message).not.toContain(callback.searchParams.get('code') ?? '-');
  });

  it('rejects a state mismatch', async () => {
    const first = await buildAuthorizationUrl(config);
    const second = await buildAuthorizationUrl(config);
    const callback = await sb.signIn(first.url);
    expect((await failure(authorizationCodeGrant(config, callback, second.checks))).code).toBe(ErrorCode.StateMismatch);
  });

  it('reports a denied sign-in as authorization_error', async () => {
    const { url, checks } = await buildAuthorizationUrl(config);
    const callback = await sb.signIn(url, { deny: true });
    const err = await failure(authorizationCodeGrant(config, callback, checks));
    expect(err).toMatchObject({ code: ErrorCode.AuthorizationError, error: 'access_denied' });
  });

  it('honours max_age with auth_time', async () => {
    const { claims } = await signIn(config, { maxAge: 600, prompt: 'login' });
    expect(typeof claims?.auth_time).toBe('number');
  });

  it('accepts a key rotated between two sign-ins a moment apart (JWKS refetched on unknown kid)', async () => {
    const cfg = configFor(sb);
    await signIn(cfg);
    const fetchesBefore = sb.requestCount('/v1/verification');
    const kid = await sb.rotateKeys();
    const { tokens } = await signIn(cfg);
    const header = JSON.parse(Buffer.from((tokens.idToken ?? '').split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string };
    expect(header.kid).toBe(kid);
    expect(sb.requestCount('/v1/verification')).toBe(fetchesBefore + 1);
  });

  it('accepts an allow-listed cluster issuer and rejects it when not allow-listed', async () => {
    sb.setIssuerOverride('https://idbroker-b-us.webex.com/idb');
    try {
      const { claims } = await signIn(configFor(sb));
      expect(claims?.iss).toBe('https://idbroker-b-us.webex.com/idb');
      const strict = configFor(sb, { issuers: [sb.issuer] });
      const err = await failure(signIn(strict));
      expect(err).toMatchObject({ code: ErrorCode.IssuerNotAllowed, reason: 'iss' });
    } finally {
      sb.setIssuerOverride(undefined);
    }
  });

  it('rejects a discovery document whose issuer is not allowed', async () => {
    const strict = configFor(sb, { issuers: ['https://idbroker.webex.com/idb'] });
    expect((await failure(discover(strict))).code).toBe(ErrorCode.IssuerNotAllowed);
  });

  it('fetches userinfo for the signed-in user and rejects another sub', async () => {
    const { tokens, claims } = await signIn(config);
    const info = await fetchUserinfo(config, tokens.accessToken, { expectedSub: claims?.sub });
    expect(info).toMatchObject({ sub: claims?.sub, email: 'alice@example.com' });
    const bob = sb.users.find((u) => u.email === 'bob@example.com');
    const err = await failure(fetchUserinfo(config, tokens.accessToken, { expectedSub: bob?.id }));
    expect(err.code).toBe(ErrorCode.UserinfoSubMismatch);
  });

  it('finds the issuer through webfinger', async () => {
    const { issuer, jrd } = await webfinger(config, 'alice@example.com');
    expect(issuer).toBe(sb.issuer);
    expect(jrd.subject).toBe('acct:alice@example.com');
  });
});
