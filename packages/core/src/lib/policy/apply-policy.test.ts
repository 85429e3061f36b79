import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { WebexTokenSet } from '../token-set.js';
import { applyTokenPolicy, assertRefreshAllowed, sessionsToRevoke } from './apply-policy.js';
import { defineTokenPolicy } from './define-policy.js';
import type { ClientType } from './types.js';

const H = 3_600_000;
const NOW = 1_700_000_000_000;

function tokens(overrides: Partial<WebexTokenSet> = {}): WebexTokenSet {
  return {
    accessToken: 'at',
    tokenType: 'Bearer',
    issuedAt: NOW,
    expiresAt: NOW + 14 * 24 * H, // Webex: 14 days
    refreshToken: 'rt',
    refreshExpiresAt: NOW + 90 * 24 * H, // Webex: 90 days
    ...overrides,
  };
}

describe('applyTokenPolicy', () => {
  const policy = defineTokenPolicy({
    web: { accessTokenTtlMinutes: 360, refreshTokenTtlHours: 24, autoExtendRefreshToken: false },
    desktop: { accessTokenTtlMinutes: 1080, refreshTokenTtlHours: 48, autoExtendRefreshToken: true },
    mobile: { clientAccess: false },
  });

  it('caps a sign-in by the access and refresh TTLs and copies the rest', () => {
    const result = applyTokenPolicy(policy, 'web', { ...tokens(), extra: 'kept' }, { now: NOW });
    expect(result.expiresAt).toBe(NOW + 6 * H);
    expect(result.refreshExpiresAt).toBe(NOW + 24 * H);
    expect(result.accessToken).toBe('at');
    expect(result.extra).toBe('kept');
  });

  it('never lengthens what the provider granted', () => {
    const short = tokens({ expiresAt: NOW + H, refreshExpiresAt: NOW + 2 * H });
    const result = applyTokenPolicy(policy, 'web', short, { now: NOW });
    expect(result.expiresAt).toBe(NOW + H);
    expect(result.refreshExpiresAt).toBe(NOW + 2 * H);
  });

  it('sets a refresh expiry from the TTL when the provider gave none', () => {
    expect(applyTokenPolicy(policy, 'desktop', tokens({ refreshExpiresAt: undefined }), { now: NOW }).refreshExpiresAt).toBe(NOW + 48 * H);
  });

  it('auto-extend on: a refresh gives the refresh token a new full TTL', () => {
    const later = NOW + 40 * H;
    const previous = { refreshExpiresAt: NOW + 48 * H };
    const refreshed = tokens({ issuedAt: later, expiresAt: later + 14 * 24 * H, refreshExpiresAt: NOW + 90 * 24 * H });
    const result = applyTokenPolicy(policy, 'desktop', refreshed, { now: later, previous });
    expect(result.refreshExpiresAt).toBe(later + 48 * H);
    expect(result.expiresAt).toBe(later + 18 * H);
  });

  it('auto-extend off: a refresh keeps the original refresh expiry', () => {
    const later = NOW + 20 * H;
    const previous = { refreshExpiresAt: NOW + 24 * H };
    const refreshed = tokens({ issuedAt: later, expiresAt: later + 14 * 24 * H, refreshExpiresAt: later + 90 * 24 * H });
    const result = applyTokenPolicy(policy, 'web', refreshed, { now: later, previous });
    expect(result.refreshExpiresAt).toBe(NOW + 24 * H);
    expect(result.expiresAt).toBe(later + 6 * H);
  });

  it('auto-extend off without a known previous expiry starts the TTL now', () => {
    const later = NOW + 20 * H;
    const refreshed = tokens({ issuedAt: later, refreshExpiresAt: undefined });
    expect(applyTokenPolicy(policy, 'web', refreshed, { now: later, previous: {} }).refreshExpiresAt).toBe(later + 24 * H);
  });

  it('refuses a refresh whose refresh token had expired under the policy', () => {
    const later = NOW + 25 * H;
    expect(() =>
      applyTokenPolicy(policy, 'web', tokens({ issuedAt: later }), { now: later, previous: { refreshExpiresAt: NOW + 24 * H } }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.InvalidGrant, reason: 'refresh_token_expired' }));
  });

  it('leaves a set without refresh token without refresh expiry', () => {
    const result = applyTokenPolicy(policy, 'web', tokens({ refreshToken: undefined, refreshExpiresAt: undefined }), { now: NOW });
    expect(result.refreshExpiresAt).toBeUndefined();
  });

  it('passes a provider-only policy through unchanged', () => {
    const open = defineTokenPolicy();
    const t = tokens();
    expect(applyTokenPolicy(open, 'web', t, { now: NOW })).toEqual(t);
    const later = NOW + H;
    const refreshed = tokens({ issuedAt: later, refreshExpiresAt: later + 90 * 24 * H });
    // auto-extend off (default): never later than the previous expiry
    expect(applyTokenPolicy(open, 'web', refreshed, { now: later, previous: t }).refreshExpiresAt).toBe(t.refreshExpiresAt);
  });

  it('throws client_access_disabled for a type that is off', () => {
    expect(() => applyTokenPolicy(policy, 'mobile', tokens(), { now: NOW })).toThrow(
      expect.objectContaining({ code: ErrorCode.ClientAccessDisabled, message: expect.stringContaining('mobile') }),
    );
  });

  it('rejects an unknown client type', () => {
    expect(() => applyTokenPolicy(policy, 'tv' as ClientType, tokens())).toThrow(expect.objectContaining({ code: ErrorCode.PolicyInvalid }));
  });
});

describe('assertRefreshAllowed', () => {
  const policy = defineTokenPolicy({ mobile: { clientAccess: false } });
  it('passes a live refresh token', () => {
    expect(() => assertRefreshAllowed(policy, 'web', tokens(), { now: NOW })).not.toThrow();
  });
  it('refuses a disabled client type, a missing or expired refresh token', () => {
    expect(() => assertRefreshAllowed(policy, 'mobile', tokens(), { now: NOW })).toThrow(
      expect.objectContaining({ code: ErrorCode.ClientAccessDisabled }),
    );
    expect(() => assertRefreshAllowed(policy, 'web', tokens({ refreshToken: undefined }), { now: NOW })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidGrant, reason: 'no_refresh_token' }),
    );
    expect(() => assertRefreshAllowed(policy, 'web', tokens({ refreshExpiresAt: NOW }), { now: NOW })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidGrant, reason: 'refresh_token_expired' }),
    );
  });
});

describe('sessionsToRevoke', () => {
  const policy = defineTokenPolicy({ web: { maxRefreshTokensPerUser: 10 } });
  const sessions = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, issuedAt: NOW + ((i * 7) % 12) }));

  it('revokes the oldest beyond the limit, oldest first', () => {
    const revoked = sessionsToRevoke(policy, 'web', sessions);
    expect(revoked.map((s) => s.issuedAt)).toEqual([NOW, NOW + 1]);
  });
  it('revokes nothing within the limit or without a limit', () => {
    expect(sessionsToRevoke(policy, 'web', sessions.slice(0, 10))).toEqual([]);
    expect(sessionsToRevoke(policy, 'desktop', sessions)).toEqual([]);
  });
  it('keeps input order among equal issue times', () => {
    const same = Array.from({ length: 11 }, (_, i) => ({ id: i, issuedAt: NOW }));
    expect(sessionsToRevoke(policy, 'web', same)).toEqual([{ id: 0, issuedAt: NOW }]);
  });
});
