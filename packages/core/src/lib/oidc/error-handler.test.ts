import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode, type WebexOidcError } from '../errors.js';
import { refreshTokens } from '../tokens/refresh.js';
import { fetchUserinfo } from '../userinfo/userinfo.js';
import { failure } from '../../../test/support/failure.js';

// Answers carrying a WWW-Authenticate challenge, from a real HTTP server: the challenge (its
// `error`, else its scheme) decides between a bad client and a bad access token.

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
});
afterAll(() => idp.close());

function tokenAnswers(status: number, challenge: string, json?: unknown, headers: Record<string, string> = {}): void {
  idp.routes.set('/token', () => ({ status, headers: { 'www-authenticate': challenge, trackingid: 'ROUTER_T1', ...headers }, json }));
}

describe('errorHandler: WWW-Authenticate challenges', () => {
  it('a token-endpoint 401 with a Basic invalid_client challenge is invalid_client', async () => {
    tokenAnswers(401, 'Basic realm="idb", error="invalid_client", error_description="client authentication failed"', {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'));
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
    expect(await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({ code: ErrorCode.InvalidClient, status: 401 });
  });

  it('a challenge naming invalid_grant is invalid_grant', async () => {
    tokenAnswers(400, 'Basic error="invalid_grant"');
    expect(await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({ code: ErrorCode.InvalidGrant, status: 400 });
  });

  it('a 429 with a challenge is rate_limited with its Retry-After', async () => {
    tokenAnswers(429, 'Basic realm="idb"', undefined, { 'retry-after': '9' });
    expect(await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({
      code: ErrorCode.RateLimited,
      retryAfter: 9,
      transient: true,
    });
  });

  it('a userinfo 401 with a Bearer challenge stays invalid_token, with or without an error', async () => {
    idp.routes.set('/userinfo', () => ({ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }));
    const named = await failure<WebexOidcError>(fetchUserinfo(miniConfig(idp), 'at-1'));
    expect(named).toMatchObject({ code: ErrorCode.InvalidToken, status: 401, error: 'invalid_token' });
    expect(named.message).toMatch(/access token is invalid or expired/);
    idp.routes.set('/userinfo', () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="webex"' } }));
    expect(await failure<WebexOidcError>(fetchUserinfo(miniConfig(idp), 'at-1'))).toMatchObject({ code: ErrorCode.InvalidToken, status: 401 });
  });

  it('a userinfo 403 insufficient_scope is request_failed, not invalid_token', async () => {
    idp.routes.set('/userinfo', () => ({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' } }));
    expect(await failure<WebexOidcError>(fetchUserinfo(miniConfig(idp), 'at-1'))).toMatchObject({
      code: ErrorCode.RequestFailed,
      status: 403,
      error: 'insufficient_scope',
    });
  });
});

describe('errorHandler: tokens never ride along in the cause chain', () => {
  // oauth4webapi attaches the whole token-endpoint body (`{ body: json }`) to the error it throws
  // for a malformed 200 answer; that body holds live tokens. `console.log(err)` / util.inspect,
  // Sentry and the like print the cause chain, so it must not carry them.
  const answers: Record<string, unknown> = {
    'a refresh_token that is not a string': { access_token: 'AT-LEAK-1', token_type: 'Bearer', expires_in: 60, refresh_token: null },
    'an expires_in that is not a number': { access_token: 'AT-LEAK-2', token_type: 'Bearer', expires_in: 'soon', refresh_token: 'RT-LEAK-2' },
    'an unsupported token_type': { access_token: 'AT-LEAK-3', token_type: 'mac', expires_in: 60, refresh_token: 'RT-LEAK-3' },
    'a scope that is not a string': { access_token: 'AT-LEAK-4', token_type: 'Bearer', expires_in: 60, refresh_token: 'RT-LEAK-4', scope: 4 },
  };
  for (const [what, json] of Object.entries(answers)) {
    it(`a 200 with ${what}: invalid_response, and no token in inspect(err)`, async () => {
      idp.routes.set('/token', () => ({ json }));
      const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'RT-SENT-SECRET'));
      expect(err.code).toBe(ErrorCode.InvalidResponse);
      expect(err.cause).toBeDefined();
      const printed = inspect(err, { depth: Infinity, showHidden: true });
      expect(printed).not.toMatch(/AT-LEAK|RT-LEAK|RT-SENT-SECRET|mini-secret/);
      expect(printed).toContain('[redacted]');
    });
  }
});
