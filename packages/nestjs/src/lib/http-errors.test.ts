import { HttpException } from '@nestjs/common';
import { ErrorCode, WebexOidcError } from '@webex-oidc/core';
import { describe, expect, it } from 'vitest';
import { toHttpException } from './http-errors.js';

function map(err: unknown): { status: number; body: Record<string, unknown> } {
  const ex = toHttpException(err, 'Start again at /auth/login.');
  return { status: ex.getStatus(), body: ex.getResponse() as Record<string, unknown> };
}

describe('toHttpException', () => {
  it('maps user-fixable sign-in failures to 401 with the way back', () => {
    const { status, body } = map(new WebexOidcError(ErrorCode.InvalidGrant, 'The code was already used.', { trackingId: 'T1' }));
    expect(status).toBe(401);
    expect(body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'invalid_grant',
      message: 'Sign-in failed (The code was already used.). Start again at /auth/login.',
      trackingId: 'T1',
    });
  });

  it('maps transient failures to 503 with retryAfter', () => {
    expect(map(new WebexOidcError(ErrorCode.RateLimited, 'slow down', { retryAfter: 7 })).body).toMatchObject({
      statusCode: 503,
      code: 'idp_unavailable',
      retryAfter: 7,
    });
    expect(map(new WebexOidcError(ErrorCode.NetworkError, 'ECONNREFUSED')).status).toBe(503);
  });

  it('maps bad client credentials to 500 for the operator and odd answers to 502', () => {
    expect(map(new WebexOidcError(ErrorCode.InvalidClient, 'bad client')).body).toMatchObject({ statusCode: 500, code: 'invalid_client' });
    expect(map(new WebexOidcError(ErrorCode.InvalidResponse, 'garbage')).status).toBe(502);
  });

  it('passes HttpExceptions through and hides unknown errors', () => {
    const ex = new HttpException('teapot', 418);
    expect(toHttpException(ex)).toBe(ex);
    const { status, body } = map(new Error('secret-token-abc'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret-token-abc');
  });
});
