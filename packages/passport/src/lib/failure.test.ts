import { ErrorCode, WebexOidcError } from '@webex-oidc/core';
import { describe, expect, it } from 'vitest';
import { userFailureOf } from './failure.js';

describe('which errors are the user’s doing', () => {
  it.each([
    [ErrorCode.AuthorizationError, 'access_denied'],
    [ErrorCode.AuthorizationError, 'login_required'],
    [ErrorCode.StateMismatch, undefined],
    [ErrorCode.NonceMismatch, undefined],
    [ErrorCode.InvalidGrant, 'invalid_grant'],
  ])('%s (%s) → fail', (code, error) => {
    const failure = userFailureOf(new WebexOidcError(code, 'm', { error }));
    expect(failure?.code).toBe(code);
    expect(failure?.message).toMatch(/sign in again/i);
  });

  it.each([
    [ErrorCode.AuthorizationError, 'invalid_scope'],
    [ErrorCode.AuthorizationError, 'unauthorized_client'],
    [ErrorCode.InvalidClient, 'invalid_client'],
    [ErrorCode.DiscoveryFailed, undefined],
    [ErrorCode.IdTokenInvalid, undefined],
    [ErrorCode.IssuerNotAllowed, undefined],
    [ErrorCode.ServerError, undefined],
    [ErrorCode.NetworkError, undefined],
  ])('%s (%s) → error', (code, error) => {
    expect(userFailureOf(new WebexOidcError(code, 'm', { error }))).toBeUndefined();
  });

  it('never echoes an IdP-supplied description in the message', () => {
    const failure = userFailureOf(
      new WebexOidcError(ErrorCode.AuthorizationError, 'm', { error: 'access_denied', errorDescription: '<script>phish</script>' }),
    );
    expect(failure?.message).not.toContain('phish');
  });

  it('leaves non-core errors to error()', () => {
    expect(userFailureOf(new Error('boom'))).toBeUndefined();
  });
});
