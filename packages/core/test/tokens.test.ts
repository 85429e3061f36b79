import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  ErrorCode,
  fetchUserinfo,
  refreshTokens,
  revokeToken,
  type WebexConfig,
  type WebexTokenSet,
} from './support/exports.js';
import { configFor, failure, sandbox } from './support/sandbox.js';

let sb: Sandbox;
let config: WebexConfig;
beforeAll(async () => {
  sb = await sandbox({ accessTokenTtl: 60, refreshTokenTtl: 3600 });
  config = configFor(sb);
});
afterAll(() => sb?.close());
afterEach(() => {
  sb.setFaults([]);
  sb.setRotateRefreshTokens(false);
});

async function signIn(): Promise<WebexTokenSet> {
  const { url, checks } = await buildAuthorizationUrl(config, { scope: 'openid email spark:all' });
  return (await authorizationCodeGrant(config, await sb.signIn(url), checks)).tokens;
}

describe('refresh against the sandbox', () => {
  it('without rotation: keeps the refresh token and its absolute expiry', async () => {
    const first = await signIn();
    await new Promise((r) => setTimeout(r, 1100));
    const next = await refreshTokens(config, first);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.refreshToken).toBe(first.refreshToken);
    expect(next.refreshExpiresAt).toBeLessThanOrEqual(first.refreshExpiresAt ?? 0);
    expect(next.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(next.issuedAt).toBeGreaterThan(first.issuedAt);
    const again = await refreshTokens(config, next);
    expect(again.refreshToken).toBe(first.refreshToken);
  });

  it('with rotation: takes the new refresh token; the old one is then invalid_grant', async () => {
    sb.setRotateRefreshTokens(true);
    const first = await signIn();
    const next = await refreshTokens(config, first);
    expect(next.refreshToken).toEqual(expect.any(String));
    expect(next.refreshToken).not.toBe(first.refreshToken);
    const err = await failure(refreshTokens(config, first.refreshToken ?? ''));
    expect(err).toMatchObject({ code: ErrorCode.InvalidGrant, transient: false });
  });

  it('types 429 with retryAfter and 503 as transient', async () => {
    const tokens = await signIn();
    sb.setFaults([{ path: '/v1/access_token', status: 429, retryAfter: 7, times: 1 }]);
    const limited = await failure(refreshTokens(config, tokens));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimited, retryAfter: 7, transient: true, status: 429 });
    sb.setFaults([{ path: '/v1/access_token', status: 503, retryAfter: 2, times: 1, shape: 'webex' }]);
    const down = await failure(refreshTokens(config, tokens));
    expect(down).toMatchObject({ code: ErrorCode.ServerError, retryAfter: 2, transient: true, status: 503 });
    expect(down.trackingId).toEqual(expect.any(String));
    // the fault is spent: the same refresh now succeeds
    expect((await refreshTokens(config, tokens)).accessToken).toEqual(expect.any(String));
  });
});

describe('client authentication against the sandbox', () => {
  it('reports a wrong client secret as invalid_client (401 with a Basic challenge), not invalid_token', async () => {
    const tokens = await signIn();
    const wrong = configFor(sb, { clientSecret: 'not-the-secret' });
    const refresh = await failure(refreshTokens(wrong, tokens));
    expect(refresh).toMatchObject({ code: ErrorCode.InvalidClient, status: 401, error: 'invalid_client', transient: false });
    expect(refresh.message).toMatch(/check the client id and client secret/);
    expect(refresh.message).not.toMatch(/access token/);
    expect(refresh.message).not.toContain('not-the-secret');
    expect(refresh.trackingId).toEqual(expect.any(String));
    const { url, checks } = await buildAuthorizationUrl(wrong, { scope: 'openid email spark:all' });
    const grant = await failure(authorizationCodeGrant(wrong, await sb.signIn(url), checks));
    expect(grant).toMatchObject({ code: ErrorCode.InvalidClient, status: 401 });
  });
});

describe('revocation against the sandbox', () => {
  it('revokes a refresh token (then refresh is invalid_grant)', async () => {
    const tokens = await signIn();
    const before = sb.requestCount('/idb/oauth2/v1/revoke');
    await revokeToken(config, tokens.refreshToken ?? '', 'refresh_token');
    expect(sb.requestCount('/idb/oauth2/v1/revoke')).toBe(before + 1);
    expect((await failure(refreshTokens(config, tokens))).code).toBe(ErrorCode.InvalidGrant);
  });

  it('revokes an access token (then userinfo is invalid_token)', async () => {
    const tokens = await signIn();
    await fetchUserinfo(config, tokens.accessToken);
    await revokeToken(config, tokens.accessToken);
    expect((await failure(fetchUserinfo(config, tokens.accessToken))).code).toBe(ErrorCode.InvalidToken);
  });

  it('types a faulted revocation', async () => {
    sb.setFaults([{ path: '/idb/oauth2/v1/revoke', status: 503, retryAfter: 4, times: 1 }]);
    const err = await failure(revokeToken(config, 'whatever-token'));
    expect(err).toMatchObject({ code: ErrorCode.ServerError, retryAfter: 4 });
  });
});
