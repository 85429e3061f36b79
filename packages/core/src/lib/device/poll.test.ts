import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniAnswer, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode } from '../errors.js';
import { deviceGrant, pollDeviceAuthorization } from './poll.js';
import { startDeviceAuthorization } from './start.js';
import type { DevicePendingInfo } from './types.js';

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
  idp.routes.set('/device/authorize', (req, body) => {
    expect(req.headers.authorization).toBeUndefined();
    expect(body.get('client_id')).toBe('mini-client');
    return {
      json: {
        device_code: 'dc-1',
        user_code: '729703',
        verification_uri: 'https://verify.example/verify',
        verification_uri_complete: 'https://verify.example/verify?userCode=abc',
        expires_in: 300,
        interval: 0.05,
      },
    };
  });
});
afterAll(() => idp.close());

function script(answers: MiniAnswer[]): void {
  idp.routes.set('/device/token', (req, body) => {
    expect(req.headers.authorization?.startsWith('Basic ')).toBe(true);
    expect(body.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(body.get('device_code')).toBe('dc-1');
    return answers.shift() ?? { status: 500, json: { error: 'script_exhausted' } };
  });
}

const TOKENS = { json: { access_token: 'at', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt', refresh_token_expires_in: 600 } };

describe('device grant', () => {
  it('starts without client auth and reports the codes with absolute expiry', async () => {
    const before = Date.now();
    const a = await startDeviceAuthorization(miniConfig(idp), { scope: ['spark:all', 'spark:people_read'] });
    expect(a).toMatchObject({ deviceCode: 'dc-1', userCode: '729703', verificationUri: 'https://verify.example/verify' });
    expect(a.verificationUriComplete).toContain('userCode=');
    expect(a.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(a.scope).toEqual(['spark:all', 'spark:people_read']);
  });

  it('treats 428 and authorization_pending as pending, waits out 429 and 503, then succeeds', async () => {
    script([
      { status: 428, json: { message: 'Precondition Required', trackingId: 'ROUTER_1' } },
      { status: 400, json: { error: 'authorization_pending' } },
      { status: 429, headers: { 'retry-after': '0' }, json: { message: 'Too many' } },
      { status: 503, json: { error: 'temporarily_unavailable' } },
      TOKENS,
    ]);
    const seen: DevicePendingInfo[] = [];
    let shown = '';
    const tokens = await deviceGrant(miniConfig(idp), {
      onUserCode: (a) => {
        shown = a.userCode;
      },
      onPending: (info) => {
        seen.push(info);
      },
    });
    expect(shown).toBe('729703');
    expect(tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt', tokenType: 'Bearer' });
    expect(seen.map((s) => s.reason)).toEqual(['authorization_pending', 'authorization_pending', 'retry', 'retry']);
    expect(seen.map((s) => s.status)).toEqual([428, 400, 429, 503]);
  });

  it('adds 5 s to the interval on slow_down', async () => {
    script([{ status: 400, json: { error: 'slow_down' } }, TOKENS]);
    const config = miniConfig(idp);
    const a = await startDeviceAuthorization(config);
    const controller = new AbortController();
    const seen: DevicePendingInfo[] = [];
    const polling = pollDeviceAuthorization(config, a, {
      signal: controller.signal,
      onPending: (info) => {
        seen.push(info);
        controller.abort(); // do not actually wait 5 s here; the integration test does
      },
    });
    await expect(polling).rejects.toMatchObject({ code: ErrorCode.Aborted });
    expect(seen[0]).toMatchObject({ reason: 'slow_down', interval: 5.05, delay: 5050 });
  });

  it.each([
    ['access_denied', ErrorCode.AccessDenied],
    ['expired_token', ErrorCode.ExpiredToken],
    ['invalid_grant', ErrorCode.InvalidGrant],
  ])('stops on %s', async (error, code) => {
    script([{ status: 428 }, { status: 400, json: { error } }]);
    const config = miniConfig(idp);
    const a = await startDeviceAuthorization(config);
    await expect(pollDeviceAuthorization(config, a)).rejects.toMatchObject({ code, transient: false });
  });

  it('stops once expires_in has elapsed', async () => {
    idp.routes.set('/device/token', () => ({ status: 428 }));
    const config = miniConfig(idp);
    const a = { ...(await startDeviceAuthorization(config)), expiresAt: Date.now() + 300 };
    const before = idp.count('/device/token');
    await expect(pollDeviceAuthorization(config, a)).rejects.toMatchObject({ code: ErrorCode.ExpiredToken });
    expect(idp.count('/device/token') - before).toBeGreaterThan(0);
  });

  it('needs a client secret and a well-formed authorization', async () => {
    const config = miniConfig(idp, { clientSecret: undefined });
    const a = await startDeviceAuthorization(config);
    await expect(pollDeviceAuthorization(config, a)).rejects.toMatchObject({ code: 'ERR_MISSING_OPTION' });
    await expect(pollDeviceAuthorization(miniConfig(idp), {} as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(deviceGrant(miniConfig(idp), {} as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});
