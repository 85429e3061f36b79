import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode, type WebexOidcError } from '../errors.js';
import type { WebexTokenSet } from '../token-set.js';
import { refreshTokens } from './refresh.js';
import { revokeToken } from './revoke.js';
import { mergeRefreshed, toTokenSet } from './token-response.js';
import { failure } from '../../../test/support/failure.js';

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
});
afterAll(() => idp.close());

/** The client id and secret of a Basic header, form-decoded (RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): string {
  const [scheme, value] = (header ?? '').split(' ');
  expect(scheme).toBe('Basic');
  return Buffer.from(value ?? '', 'base64')
    .toString('utf8')
    .split(':')
    .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')))
    .join(':');
}
const basic = 'mini-client:mini-secret';

function previous(overrides: Partial<WebexTokenSet> = {}): WebexTokenSet {
  return {
    accessToken: 'old-at',
    tokenType: 'Bearer',
    expiresAt: 1,
    refreshToken: 'rt-1',
    refreshExpiresAt: Date.now() + 1_000_000,
    issuedAt: 0,
    scope: ['spark:all'],
    ...overrides,
  };
}

describe('refreshTokens', () => {
  it('keeps the old refresh token and its earlier expiry when none comes back', async () => {
    idp.routes.set('/token', (req, body) => {
      expect(basicCredentials(req.headers.authorization)).toBe(basic);
      expect(body.get('grant_type')).toBe('refresh_token');
      expect(body.get('refresh_token')).toBe('rt-1');
      return { json: { access_token: 'new-at', token_type: 'Bearer', expires_in: 600 } };
    });
    const before = Date.now();
    const prev = previous();
    const next = await refreshTokens(miniConfig(idp), prev);
    expect(next.accessToken).toBe('new-at');
    expect(next.refreshToken).toBe('rt-1');
    expect(next.refreshExpiresAt).toBe(prev.refreshExpiresAt);
    expect(next.expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(next.scope).toEqual(['spark:all']);
  });

  it('takes a rotated refresh token and its new absolute expiry', async () => {
    idp.routes.set('/token', () => ({
      json: { access_token: 'at-2', token_type: 'bearer', expires_in: 60, refresh_token: 'rt-2', refresh_token_expires_in: 7200 },
    }));
    const before = Date.now();
    const next = await refreshTokens(miniConfig(idp), 'rt-1');
    expect(next.refreshToken).toBe('rt-2');
    expect(next.refreshExpiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(next.refreshExpiresAt).toBeLessThanOrEqual(Date.now() + 7_200_000);
  });

  it('keeps the earlier refreshExpiresAt while the refresh token is unchanged', () => {
    const prev = previous({ refreshExpiresAt: 5_000 });
    const same = mergeRefreshed(prev, 'rt-1', toTokenSet({ access_token: 'a', expires_in: 1, refresh_token: 'rt-1', refresh_token_expires_in: 10 }, undefined, undefined, 1_000));
    expect(same.refreshExpiresAt).toBe(5_000);
    const rotated = mergeRefreshed(prev, 'rt-1', toTokenSet({ access_token: 'a', expires_in: 1, refresh_token: 'rt-9', refresh_token_expires_in: 10 }, undefined, undefined, 1_000));
    expect(rotated.refreshExpiresAt).toBe(11_000);
  });

  it('takes an ID token out of the answer and validates it itself (a bad one is rejected)', async () => {
    idp.routes.set('/token', () => ({ json: { access_token: 'at-3', token_type: 'Bearer', expires_in: 60, id_token: 'not.a-valid.jwt' } }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'));
    expect(err.name).toBe('WebexOidcError');
    expect(err.code).toBe(ErrorCode.IdTokenInvalid);
    expect(err.message).not.toContain('not.a-valid.jwt');
  });

  it("rejects a refreshed ID token for another user than the signed-in one, accepts the same user's", async () => {
    const signedIn = await idp.mint({ sub: 'alice' });
    idp.routes.set('/token', async () => ({
      json: { access_token: 'at-4', token_type: 'Bearer', expires_in: 60, id_token: await idp.mint({ sub: 'mallory' }) },
    }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), previous({ idToken: signedIn })));
    expect(err.code).toBe(ErrorCode.IdTokenInvalid);
    expect(err.reason).toBe('sub');
    idp.routes.set('/token', async () => ({
      json: { access_token: 'at-5', token_type: 'Bearer', expires_in: 60, id_token: await idp.mint({ sub: 'alice' }) },
    }));
    const next = await refreshTokens(miniConfig(idp), previous({ idToken: signedIn }));
    expect(next.accessToken).toBe('at-5');
  });

  it('types an answer whose body is not a JSON object', async () => {
    idp.routes.set('/token', () => ({ json: ['at'] }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'));
    expect(err.name).toBe('WebexOidcError');
    expect(err.code).toBe(ErrorCode.InvalidResponse);
  });

  it('classifies invalid_grant as permanent', async () => {
    idp.routes.set('/token', () => ({ status: 400, json: { error: 'invalid_grant', error_description: 'grant request is invalid' } }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-secret-value'));
    expect(err.code).toBe(ErrorCode.InvalidGrant);
    expect(err.transient).toBe(false);
    expect(err.status).toBe(400);
    expect(err.message).not.toContain('rt-secret-value');
  });

  it('classifies 429 (Webex body, Retry-After, trackingId) as transient rate_limited', async () => {
    idp.routes.set('/token', () => ({
      status: 429,
      headers: { 'retry-after': '17' },
      json: { message: 'Too many requests', errors: [{ description: 'slow down' }], trackingId: 'ROUTER_42' },
    }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'));
    expect(err).toMatchObject({ code: ErrorCode.RateLimited, retryAfter: 17, trackingId: 'ROUTER_42', transient: true, status: 429 });
  });

  it('classifies 503 as transient server_error', async () => {
    idp.routes.set('/token', () => ({ status: 503, headers: { 'retry-after': '3' }, json: { error: 'temporarily_unavailable' } }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'));
    expect(err).toMatchObject({ code: ErrorCode.ServerError, retryAfter: 3, transient: true });
    idp.routes.set('/token', () => ({ status: 502, json: undefined }));
    expect(await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1'))).toMatchObject({ code: ErrorCode.ServerError, status: 502 });
  });

  it('classifies a timeout as a transient network_error', async () => {
    idp.routes.set('/token', () => ({ hang: true }));
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp, { timeout: 300 }), 'rt-1'));
    expect(err).toMatchObject({ code: ErrorCode.NetworkError, transient: true });
    expect(err.message).toMatch(/timed out/);
  });

  it('honours an AbortSignal', async () => {
    idp.routes.set('/token', () => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure<WebexOidcError>(refreshTokens(miniConfig(idp), 'rt-1', { signal: controller.signal }));
    expect(err.code).toBe(ErrorCode.Aborted);
  });

  it('rejects bad arguments with TypeErrors', async () => {
    await expect(refreshTokens(miniConfig(idp), previous({ refreshToken: undefined }))).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    });
    await expect(refreshTokens({} as never, 'x')).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});

describe('revokeToken', () => {
  it('POSTs token and token_type_hint with Basic auth to the configured endpoint', async () => {
    let seen: URLSearchParams | undefined;
    idp.routes.set('/revoke', (req, body) => {
      expect(basicCredentials(req.headers.authorization)).toBe(basic);
      seen = body;
      return { status: 200, json: undefined };
    });
    await revokeToken(miniConfig(idp), 'rt-to-revoke', 'refresh_token');
    expect(seen?.get('token')).toBe('rt-to-revoke');
    expect(seen?.get('token_type_hint')).toBe('refresh_token');
    expect(seen?.has('client_secret')).toBe(false);
  });

  it('types an error answer', async () => {
    idp.routes.set('/revoke', () => ({ status: 401, json: { error: 'invalid_client' } }));
    await expect(revokeToken(miniConfig(idp), 'at')).rejects.toMatchObject({ code: ErrorCode.InvalidClient });
  });
});
