import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceGrant,
  ErrorCode,
  pollDeviceAuthorization,
  startDeviceAuthorization,
  type DevicePendingInfo,
  type WebexConfig,
} from './support/exports.js';
import { configFor, failure, sandbox } from './support/sandbox.js';

let sb: Sandbox;
let config: WebexConfig;
beforeAll(async () => {
  sb = await sandbox({ deviceInterval: 1 });
  config = configFor(sb);
});
afterAll(() => sb?.close());

describe('device grant against the sandbox', () => {
  it('goes pending (428) → slow_down (+5 s) → success', { timeout: 30_000 }, async () => {
    const seen: Array<DevicePendingInfo & { at: number }> = [];
    let approved = false;
    const authorization = await startDeviceAuthorization(config, { scope: 'spark:all' });
    expect(authorization.userCode).toMatch(/^\d{6}$/);
    expect(authorization.verificationUri).toMatch(/^http/);
    expect(authorization.interval).toBe(1);
    const start = Date.now();
    // A client that polls faster than told (0.5 s instead of 1 s) gets slow_down and backs off.
    const tokens = await pollDeviceAuthorization(
      config,
      { ...authorization, interval: 0.5 },
      {
        onPending: async (info) => {
          seen.push({ ...info, at: Date.now() - start });
          if (info.reason === 'slow_down' && !approved) {
            approved = true;
            await sb.approveDevice(authorization.userCode);
          }
        },
      },
    );
    expect(seen.map((s) => s.reason)).toEqual(['authorization_pending', 'slow_down']);
    expect(seen[0]?.status).toBe(428);
    expect(seen[1]).toMatchObject({ status: 400, interval: 5.5 });
    expect(Date.now() - start - (seen[1]?.at ?? 0)).toBeGreaterThanOrEqual(5_400);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.idToken).toBeUndefined();
    expect(tokens.scope).toContain('spark:all');
  });

  it('deviceGrant shows the code and stops with access_denied when the user refuses', async () => {
    let shown: string | undefined;
    const err = await failure(
      deviceGrant(config, {
        onUserCode: async (a) => {
          shown = a.userCode;
          expect(a.verificationUriComplete).toEqual(expect.any(String));
          await sb.approveDevice(a.userCode, { deny: true });
        },
      }),
    );
    expect(shown).toMatch(/^\d{6}$/);
    expect(err).toMatchObject({ code: ErrorCode.AccessDenied, transient: false });
  });

  it('can be cancelled with an AbortSignal', async () => {
    const controller = new AbortController();
    const err = await failure(
      deviceGrant(config, {
        signal: controller.signal,
        onUserCode: () => undefined,
        onPending: () => controller.abort(),
      }),
    );
    expect(err.code).toBe(ErrorCode.Aborted);
  });
});

describe('device code expiry', () => {
  let short: Sandbox;
  beforeAll(async () => {
    short = await sandbox({ deviceCodeTtl: 2, deviceInterval: 1 });
  });
  afterAll(() => short?.close());

  it('stops with expired_token once expires_in has elapsed', async () => {
    const cfg = configFor(short);
    const pending: string[] = [];
    const err = await failure(deviceGrant(cfg, { onUserCode: () => undefined, onPending: (i) => void pending.push(i.reason) }));
    expect(err.code).toBe(ErrorCode.ExpiredToken);
    expect(pending[0]).toBe('authorization_pending');
  });
});
