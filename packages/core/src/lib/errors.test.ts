import { describe, expect, it } from 'vitest';
import { ErrorCode, WebexOidcError, isWebexOidcError } from './errors.js';

describe('WebexOidcError', () => {
  it('keeps code, status, tracking id, retryAfter and cause', () => {
    const cause = new Error('socket hang up');
    const err = new WebexOidcError(ErrorCode.RateLimited, 'Webex is throttling this client; retry in 7 s.', {
      status: 429,
      retryAfter: 7,
      trackingId: 'ROUTER_123',
      cause,
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('WebexOidcError');
    expect(err.code).toBe('rate_limited');
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(7);
    expect(err.trackingId).toBe('ROUTER_123');
    expect(err.cause).toBe(cause);
    expect(err.transient).toBe(true);
  });

  it('classifies invalid_grant as permanent unless told otherwise', () => {
    expect(new WebexOidcError(ErrorCode.InvalidGrant, 'Sign in again.').transient).toBe(false);
    expect(new WebexOidcError(ErrorCode.InvalidGrant, 'x', { transient: true }).transient).toBe(true);
  });

  it('isWebexOidcError narrows by code', () => {
    const err: unknown = new WebexOidcError(ErrorCode.StateMismatch, 'State mismatch.');
    expect(isWebexOidcError(err)).toBe(true);
    expect(isWebexOidcError(err, ErrorCode.StateMismatch)).toBe(true);
    expect(isWebexOidcError(err, ErrorCode.NonceMismatch)).toBe(false);
    expect(isWebexOidcError(new Error('x'))).toBe(false);
  });
});
