import { describe, expect, it } from 'vitest';
import { FinesseError } from '../errors.js';
import { finesseRefreshDueAt, parseFinesseTokenResponse } from './token-set.js';

const body = {
  token: 'eyJ.access',
  refresh_token: 'eyJ.refresh',
  expires_in: 300,
  user_id: 'sjefferson',
  realm: 'finesse.com',
  user_principal: 'sjefferson@finesse.com',
};

describe('parseFinesseTokenResponse', () => {
  it('maps snake_case JSON (text or object) to a token set with absolute expiry', () => {
    const set = parseFinesseTokenResponse(JSON.stringify(body), { issuedAt: 1_000_000 });
    expect(set).toEqual({
      accessToken: 'eyJ.access',
      refreshToken: 'eyJ.refresh',
      issuedAt: 1_000_000,
      expiresAt: 1_300_000,
      userId: 'sjefferson',
      realm: 'finesse.com',
      userPrincipal: 'sjefferson@finesse.com',
    });
    expect(parseFinesseTokenResponse({ ...body, expires_in: '60' }, { issuedAt: 0 }).expiresAt).toBe(60_000);
  });

  it('keeps the previous refresh token and ids when a refresh answer lacks them', () => {
    const previous = parseFinesseTokenResponse(body, { issuedAt: 0 });
    const next = parseFinesseTokenResponse({ token: 'eyJ.next', expires_in: 300 }, { issuedAt: 10, previous });
    expect(next).toMatchObject({ accessToken: 'eyJ.next', refreshToken: 'eyJ.refresh', userId: 'sjefferson', realm: 'finesse.com' });
  });

  it('rejects answers that are not a token with invalid_response, without echoing them', () => {
    for (const bad of ['<html>login</html>', '[]', { expires_in: 300, user_id: 'x' }, { token: 't', user_id: 'x' }, { token: 't', expires_in: -1, user_id: 'x' }, { token: 'secret-t', expires_in: 5 }]) {
      let err: unknown;
      try {
        parseFinesseTokenResponse(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FinesseError);
      expect((err as FinesseError).code).toBe('invalid_response');
      expect((err as FinesseError).message).not.toContain('secret-t');
    }
  });
});

describe('finesseRefreshDueAt', () => {
  it('is 75% of the life by default, configurable', () => {
    const set = parseFinesseTokenResponse(body, { issuedAt: 1_000 });
    expect(finesseRefreshDueAt(set)).toBe(1_000 + 225_000);
    expect(finesseRefreshDueAt(set, 0.5)).toBe(1_000 + 150_000);
    expect(() => finesseRefreshDueAt(set, 0)).toThrow(/refreshRatio/);
  });
});
