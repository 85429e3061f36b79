import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode, type WebexOidcError } from '../errors.js';
import { refreshTokens } from '../tokens/refresh.js';
import { fetchUserinfo } from '../userinfo/userinfo.js';

// Answers carrying a WWW-Authenticate challenge, from a real HTTP server: the challenge (its
// `error`, else its scheme) decides between a bad client and a bad access token.

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
});
afterAll(() => idp.close());

async function failure(promise: Promise<unknown>): Promise<WebexOidcError> {
  try {
    await promise;
  } catch (err) {
    return err as WebexOidcError;
  }
  throw new Error('expected a rejection');
}

function tokenAnswers(status: number, challenge: string, json?: unknown, headers: Record<string, string> = {}): void {
  idp.routes.set('/token', () => ({ status, headers: { 'www-authenticate': challenge, trackingid: 'ROUTER_T1', ...headers }, json }));
}

describe('errorHandler: WWW-Authenticate challenges', () => {
  it('a token-endpoint 401 with a Basic invalid_client challenge is invalid_client', async () => {
    tokenAnswers(401, 'Basic realm="idb", error="invalid_client", error_description="client authentication failed"', {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    const err = await failure(refreshTokens(miniConfig(idp), 'rt-1'));
    expect(err).toMatchObject({
      code: ErrorCode.InvalidClient,
      status: 401,
      error: 'invalid_client',
      errorDescription: 'client authentication failed',
      trackingId: 'ROUTER_T1',
      transient: false,
    });
    expect(err.message).toMatch(/check the client id and client secret/);
    expect(err.message).not.toMatch(/access token/);
    expect(err.message).not.toContain('mini-secret');
  });

  it('a 401 with a bare Basic challenge (no error) is invalid_client', async () => {
    tokenAnswers(401, 'Basic realm="idb"');
    expect(await failure(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({ code: ErrorCode.InvalidClient, status: 401 });
  });

  it('a challenge naming invalid_grant is invalid_grant', async () => {
    tokenAnswers(400, 'Basic error="invalid_grant"');
    expect(await failure(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({ code: ErrorCode.InvalidGrant, status: 400 });
  });

  it('a 429 with a challenge is rate_limited with its Retry-After', async () => {
    tokenAnswers(429, 'Basic realm="idb"', undefined, { 'retry-after': '9' });
    expect(await failure(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({
      code: ErrorCode.RateLimited,
      retryAfter: 9,
      transient: true,
    });
  });

  it('a userinfo 401 with a Bearer challenge stays invalid_token, with or without an error', async () => {
    idp.routes.set('/userinfo', () => ({ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }));
    const named = await failure(fetchUserinfo(miniConfig(idp), 'at-1'));
    expect(named).toMatchObject({ code: ErrorCode.InvalidToken, status: 401, error: 'invalid_token' });
    expect(named.message).toMatch(/access token is invalid or expired/);
    idp.routes.set('/userinfo', () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="webex"' } }));
    expect(await failure(fetchUserinfo(miniConfig(idp), 'at-1'))).toMatchObject({ code: ErrorCode.InvalidToken, status: 401 });
  });

  it('a userinfo 403 insufficient_scope is request_failed, not invalid_token', async () => {
    idp.routes.set('/userinfo', () => ({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' } }));
    expect(await failure(fetchUserinfo(miniConfig(idp), 'at-1'))).toMatchObject({
      code: ErrorCode.RequestFailed,
      status: 403,
      error: 'insufficient_scope',
    });
  });
});
