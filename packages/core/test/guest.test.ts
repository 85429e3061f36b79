// Integration: guest tokens against the sandbox IdP over real HTTP.
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuestToken,
  decodeGuestToken,
  ErrorCode,
  exchangeGuestToken,
  fetchPerson,
  refreshDueAt,
  WebexOidcError,
} from '../src/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  sandbox.setFaults([]);
});

function guest(overrides: { subject?: string; name?: string; expiresIn?: number; now?: number; secret?: string; issuerId?: string } = {}): Promise<string> {
  return createGuestToken({
    issuerId: overrides.issuerId ?? sandbox.guestIssuer.issuerId,
    secret: overrides.secret ?? sandbox.guestIssuer.secret,
    subject: overrides.subject ?? 'guest-it-1',
    name: overrides.name ?? 'Stève',
    expiresIn: overrides.expiresIn,
    now: overrides.now,
  });
}

describe('guest token round trip', () => {
  it('creates a token the issuer secret verifies, exchanges it, and people/me shows the guest', async () => {
    const jwt = await guest({ subject: 'guest-round-trip', name: 'Stève Ångström' });
    const { payload } = await jwtVerify(jwt, Buffer.from(sandbox.guestIssuer.secret, 'base64'));
    expect(payload).toMatchObject({ sub: 'guest-round-trip', name: 'Stève Ångström', iss: sandbox.guestIssuer.issuerId });

    const before = Date.now();
    const access = await exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, jwt);
    expect(access.accessToken).toEqual(expect.any(String));
    expect(access.expiresIn).toBeGreaterThan(0);
    expect(access.expiresAt).toBeGreaterThanOrEqual(before + access.expiresIn * 1000);
    expect(refreshDueAt(access)).toBe(Math.floor(access.issuedAt + 0.75 * access.expiresIn * 1000));

    const person = await fetchPerson({ apiBaseUrl: sandbox.apiBaseUrl }, access.accessToken);
    expect(person.type).toBe('appuser');
    expect(person.displayName).toBe('Stève Ångström');
    expect(person.id).toEqual(expect.any(String));
    expect(person.emails?.[0]).toMatch(/^guest-round-trip@[0-9a-f-]{36}$/);
  });

  it('gives the same sub the same person', async () => {
    const a = await exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest({ subject: 'same-sub' }));
    const b = await exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest({ subject: 'same-sub' }));
    const [pa, pb] = await Promise.all([
      fetchPerson({ apiBaseUrl: sandbox.apiBaseUrl }, a.accessToken),
      fetchPerson({ apiBaseUrl: sandbox.apiBaseUrl }, b.accessToken),
    ]);
    expect(pa.id).toBe(pb.id);
  });

  it('decodes what it created', async () => {
    const decoded = decodeGuestToken(await guest({ expiresIn: 600 }));
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded.expired).toBe(false);
    expect(decoded.expiresAt - Date.now()).toBeLessThanOrEqual(600_000);
  });
});

describe('guest exchange failures', () => {
  it('refuses an expired guest token locally, without a request', async () => {
    const expired = await guest({ expiresIn: 60, now: Date.now() - 120_000 });
    const count = sandbox.requestCount('/v1/jwt/login');
    await expect(exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, expired)).rejects.toMatchObject({
      code: ErrorCode.GuestTokenInvalid,
      reason: 'expired',
    });
    expect(sandbox.requestCount('/v1/jwt/login')).toBe(count);
    // (the counter does count: a valid token is one request)
    await exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest());
    expect(sandbox.requestCount('/v1/jwt/login')).toBe(count + 1);
  });

  it("turns the sandbox's 401 for a wrong secret into guest_token_invalid with Webex's text and tracking id", async () => {
    const wrong = await guest({ secret: Buffer.from('definitely not the issuer secret!').toString('base64') });
    const err = await exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebexOidcError);
    expect(err).toMatchObject({ code: ErrorCode.GuestTokenInvalid, reason: 'rejected', status: 401, transient: false });
    const e = err as WebexOidcError;
    expect(e.trackingId).toEqual(expect.any(String));
    expect(e.message).toContain(e.trackingId);
    expect(e.message).toContain('Webex says:');
    expect(e.message).not.toContain(wrong);
    expect(e.message).not.toContain(sandbox.guestIssuer.secret);
  });

  it('is refused by the sandbox for an unknown issuer', async () => {
    await expect(exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest({ issuerId: 'unknown-issuer' }))).rejects.toMatchObject({
      code: ErrorCode.GuestTokenInvalid,
      status: 401,
    });
  });

  it('reports injected 429 and 503 faults as transient', async () => {
    sandbox.setFaults([{ path: '/v1/jwt/login', status: 429, retryAfter: 4, times: 1 }]);
    await expect(exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest())).rejects.toMatchObject({
      code: ErrorCode.RateLimited,
      retryAfter: 4,
      transient: true,
    });
    sandbox.setFaults([{ path: '/v1/jwt/login', status: 503, times: 1 }]);
    await expect(exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest())).rejects.toMatchObject({
      code: ErrorCode.ServerError,
      transient: true,
    });
    // the faults are spent: the next exchange works
    await expect(exchangeGuestToken({ apiBaseUrl: sandbox.apiBaseUrl }, await guest())).resolves.toMatchObject({ expiresIn: expect.any(Number) });
  });

  it('maps people/me with a bad access token to invalid_token', async () => {
    await expect(fetchPerson({ apiBaseUrl: sandbox.apiBaseUrl }, 'not-a-real-token')).rejects.toMatchObject({
      code: ErrorCode.InvalidToken,
      status: 401,
    });
  });
});
