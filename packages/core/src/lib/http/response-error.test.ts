import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { errorFromAnswer, parseErrorBody } from './response-error.js';
import { parseRetryAfter } from './retry-after.js';

describe('parseErrorBody', () => {
  it('reads the OAuth shape', () => {
    expect(parseErrorBody({ error: 'invalid_grant', error_description: 'refresh token expired' })).toEqual({
      error: 'invalid_grant',
      errorDescription: 'refresh token expired',
    });
  });
  it("reads Webex's shape with trackingId", () => {
    expect(
      parseErrorBody({ message: 'Bad request', errors: [{ description: 'Client Id is invalid' }], trackingId: 'ROUTER_1' }),
    ).toEqual({ message: 'Bad request', descriptions: ['Client Id is invalid'], trackingId: 'ROUTER_1' });
  });
  it('tolerates junk', () => {
    expect(parseErrorBody('nope')).toEqual({});
    expect(parseErrorBody({ errors: [1, null, { description: 5 }] })).toEqual({});
  });
});

describe('errorFromAnswer', () => {
  it('makes invalid_grant permanent with advice', () => {
    const err = errorFromAnswer('token request', 400, new Headers(), { error: 'invalid_grant' });
    expect(err.code).toBe(ErrorCode.InvalidGrant);
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/sign in again/);
  });
  it('makes 429 transient with retryAfter and the tracking id from the header', () => {
    const err = errorFromAnswer('token request', 429, new Headers({ 'retry-after': '7', trackingid: 'ROUTER_9' }), {
      message: 'Too many requests',
    });
    expect(err.code).toBe(ErrorCode.RateLimited);
    expect(err.retryAfter).toBe(7);
    expect(err.trackingId).toBe('ROUTER_9');
    expect(err.transient).toBe(true);
    expect(err.message).toContain('ROUTER_9');
  });
  it('makes 429 rate_limited whatever OAuth error the body names', () => {
    const err = errorFromAnswer('token request', 429, new Headers({ 'retry-after': '3' }), { error: 'temporarily_unavailable' });
    expect(err.code).toBe(ErrorCode.RateLimited);
    expect(err.retryAfter).toBe(3);
  });
  it('makes 5xx a transient server_error and other 4xx request_failed', () => {
    expect(errorFromAnswer('x', 503, undefined, undefined).code).toBe(ErrorCode.ServerError);
    expect(errorFromAnswer('x', 503, undefined, undefined).transient).toBe(true);
    const other = errorFromAnswer('x', 404, undefined, { message: 'Not found' });
    expect(other.code).toBe(ErrorCode.RequestFailed);
    expect(other.transient).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('parses seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(new Date(0).toUTCString(), 5000)).toBe(0);
  });
});
