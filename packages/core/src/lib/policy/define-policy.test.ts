import { describe, expect, it } from 'vitest';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { defineTokenPolicy, isClientType, policyFor, validateRefreshAt } from './define-policy.js';
import type { ClientType, TokenPolicyInput } from './types.js';

function policyError(input: unknown): WebexOidcError {
  try {
    defineTokenPolicy(input as TokenPolicyInput);
  } catch (err) {
    expect(err).toBeInstanceOf(WebexOidcError);
    const e = err as WebexOidcError;
    expect(e.code).toBe(ErrorCode.PolicyInvalid);
    return e;
  }
  throw new Error('expected defineTokenPolicy to throw');
}

describe('defineTokenPolicy defaults', () => {
  it('fills in access on, auto-extend off, provider TTLs and refreshAt 0.75', () => {
    const policy = defineTokenPolicy();
    for (const type of ['mobile', 'desktop', 'web'] as const) {
      expect(policy[type]).toEqual({ clientAccess: true, autoExtendRefreshToken: false });
    }
    expect(policy.refreshAt).toBe(0.75);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.web)).toBe(true);
  });

  it('keeps the given values per client type', () => {
    const policy = defineTokenPolicy({
      mobile: { clientAccess: false },
      web: { autoExtendRefreshToken: true, refreshTokenTtlHours: 48, accessTokenTtlMinutes: 720, maxRefreshTokensPerUser: 20 },
      refreshAt: 0.5,
    });
    expect(policy.mobile.clientAccess).toBe(false);
    expect(policy.desktop).toEqual({ clientAccess: true, autoExtendRefreshToken: false });
    expect(policy.web).toEqual({
      clientAccess: true,
      autoExtendRefreshToken: true,
      refreshTokenTtlHours: 48,
      accessTokenTtlMinutes: 720,
      maxRefreshTokensPerUser: 20,
    });
    expect(policy.refreshAt).toBe(0.5);
  });
});

const EDGES: Array<{ field: 'refreshTokenTtlHours' | 'accessTokenTtlMinutes' | 'maxRefreshTokensPerUser'; below: number; min: number; max: number; above: number; range: string }> = [
  { field: 'refreshTokenTtlHours', below: 23, min: 24, max: 1440, above: 1441, range: 'from 24 to 1440 hours' },
  { field: 'accessTokenTtlMinutes', below: 359, min: 360, max: 1080, above: 1081, range: 'from 360 to 1080 minutes' },
  { field: 'maxRefreshTokensPerUser', below: 9, min: 10, max: 100, above: 101, range: 'from 10 to 100 refresh tokens' },
];

describe.each(EDGES)('$field range edges', ({ field, below, min, max, above, range }) => {
  it.each(['mobile', 'desktop', 'web'] as const)('accepts %s at %#: both ends', (type: ClientType) => {
    expect(defineTokenPolicy({ [type]: { [field]: min } })[type][field]).toBe(min);
    expect(defineTokenPolicy({ [type]: { [field]: max } })[type][field]).toBe(max);
  });

  it.each([below, above])('rejects %d (never clamps) naming path, value and range', (value) => {
    const err = policyError({ desktop: { [field]: value } });
    expect(err.message).toContain(`desktop.${field}`);
    expect(err.message).toContain(`got ${value}`);
    expect(err.message).toContain(range);
    expect(err.reason).toBe(`desktop.${field}`);
  });

  it.each([min + 0.5, max - 0.1, Number.NaN, Number.POSITIVE_INFINITY, -min])('rejects non-integers and junk numbers: %d', (value) => {
    const err = policyError({ web: { [field]: value } });
    expect(err.message).toContain(`web.${field}`);
    expect(err.message).toContain(`got ${String(value)}`);
  });

  it('rejects a numeric string instead of a number', () => {
    const err = policyError({ mobile: { [field]: String(min) } });
    expect(err.message).toContain(`got "${min}"`);
  });
});

describe('defineTokenPolicy other validation', () => {
  it('rejects an unknown client type', () => {
    const err = policyError({ tablet: { clientAccess: true } });
    expect(err.message).toMatch(/tablet is not a client type; expected mobile, desktop, web/);
  });
  it('rejects a misspelt setting', () => {
    const err = policyError({ web: { refreshTokenTTLHours: 48 } });
    expect(err.message).toContain('web.refreshTokenTTLHours is not a setting');
  });
  it('rejects non-boolean switches', () => {
    expect(policyError({ web: { clientAccess: 'yes' } }).message).toContain('web.clientAccess must be true or false; got "yes"');
    expect(policyError({ mobile: { autoExtendRefreshToken: 1 } }).message).toContain('mobile.autoExtendRefreshToken');
  });
  it('rejects a client type policy that is not an object, and a non-object policy', () => {
    expect(policyError({ web: 5 }).message).toContain('web must be an object');
    expect(policyError({ web: [] }).message).toContain('web must be an object');
    expect(policyError('strict').message).toContain('must be an object');
    expect(policyError(null).message).toContain('must be an object');
  });
  it.each([0, 1, -0.1, 1.5, Number.NaN, '0.75'])('rejects refreshAt %s', (value) => {
    const err = policyError({ refreshAt: value });
    expect(err.message).toContain('refreshAt must be a number strictly between 0 and 1');
    expect(err.reason).toBe('refreshAt');
  });
  it('accepts refreshAt close to both ends', () => {
    expect(defineTokenPolicy({ refreshAt: 0.01 }).refreshAt).toBe(0.01);
    expect(defineTokenPolicy({ refreshAt: 0.99 }).refreshAt).toBe(0.99);
    expect(validateRefreshAt(0.75)).toBe(0.75);
  });
});

describe('policyFor / isClientType', () => {
  const policy = defineTokenPolicy({ desktop: { accessTokenTtlMinutes: 600 } });
  it('returns the client type policy', () => {
    expect(policyFor(policy, 'desktop').accessTokenTtlMinutes).toBe(600);
    expect(policyFor(policy, 'web').accessTokenTtlMinutes).toBeUndefined();
  });
  it('rejects an unknown client type with policy_invalid', () => {
    expect(() => policyFor(policy, 'tablet' as ClientType)).toThrow(
      expect.objectContaining({ code: ErrorCode.PolicyInvalid, message: expect.stringContaining('Unknown client type "tablet"') }),
    );
    expect(() => policyFor(policy, 'toString' as ClientType)).toThrow(WebexOidcError);
  });
  it('guards client types', () => {
    expect(isClientType('web')).toBe(true);
    expect(isClientType('Web')).toBe(false);
    expect(isClientType(undefined)).toBe(false);
  });
});
