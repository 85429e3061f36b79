import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { defineTokenPolicy } from './define-policy.js';
import { refreshDueAt } from './refresh-due.js';

describe('refreshDueAt', () => {
  const tokens = { issuedAt: 1_000_000, expiresAt: 1_000_000 + 6 * 3_600_000 };

  it('is 75% of the access token life by default', () => {
    expect(refreshDueAt(tokens)).toBe(1_000_000 + 4.5 * 3_600_000);
  });
  it('honours refreshAt, also from a policy object', () => {
    expect(refreshDueAt(tokens, { refreshAt: 0.5 })).toBe(1_000_000 + 3 * 3_600_000);
    expect(refreshDueAt(tokens, defineTokenPolicy({ refreshAt: 0.9 }))).toBe(1_000_000 + 5.4 * 3_600_000);
  });
  it('rounds down to whole milliseconds', () => {
    expect(refreshDueAt({ issuedAt: 0, expiresAt: 3 }, { refreshAt: 0.5 })).toBe(1);
  });
  it('is due at once when the token is born expired', () => {
    expect(refreshDueAt({ issuedAt: 10, expiresAt: 10 })).toBe(10);
    expect(refreshDueAt({ issuedAt: 10, expiresAt: 5 })).toBe(5);
  });
  it.each([0, 1, Number.NaN, 2])('rejects refreshAt %d with policy_invalid', (refreshAt) => {
    expect(() => refreshDueAt(tokens, { refreshAt })).toThrow(expect.objectContaining({ code: ErrorCode.PolicyInvalid }));
  });
  it('rejects non-numeric times with a TypeError', () => {
    expect(() => refreshDueAt({ issuedAt: Number.NaN, expiresAt: 1 })).toThrow(TypeError);
  });
});
