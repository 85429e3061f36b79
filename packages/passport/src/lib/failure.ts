import { ErrorCode, isWebexOidcError } from '@webex-oidc/core';

/**
 * The challenge passed to Passport's `fail()` for a sign-in the user (or their browser) caused
 * to fail. `message` is fixed text (never an IdP-supplied description, which the query string of
 * a forged callback could carry); `code` is stable.
 */
export type WebexFailure = {
  /** What happened and what to do, fit to show the user. */
  message: string;
  /** Stable code: a core {@link ErrorCode} or `'session_state_missing'`. */
  code: string;
};

/** The code of the failure when the session holds no pending sign-in for the callback's state. */
export const SESSION_STATE_MISSING = 'session_state_missing';

/** OAuth authorization-endpoint errors a user causes (refusing consent, no login session...). */
const USER_AUTHORIZATION_ERRORS: ReadonlySet<string> = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
]);

/** The failure for a callback whose `state` has no pending sign-in in the session. */
export function missingStateFailure(): WebexFailure {
  return {
    code: SESSION_STATE_MISSING,
    message:
      'Unable to verify the sign-in request: this browser session has no pending Webex sign-in for it ' +
      '(it was already used, expired, or the callback was altered). Please sign in again.',
  };
}

/**
 * Decide whether an error from the callback phase is the user's doing (`fail`, HTTP 401) or a
 * server/configuration problem (`error`, HTTP 500). Returns the failure for the former and
 * `undefined` for the latter.
 */
export function userFailureOf(err: unknown): WebexFailure | undefined {
  if (!isWebexOidcError(err)) return undefined;
  switch (err.code) {
    case ErrorCode.AuthorizationError:
    case ErrorCode.AccessDenied: {
      const oauthError = err.error ?? 'access_denied';
      if (!USER_AUTHORIZATION_ERRORS.has(oauthError)) return undefined;
      return {
        code: err.code,
        message:
          oauthError === 'access_denied'
            ? 'Sign-in with Webex was cancelled or refused (access_denied). Sign in again to continue.'
            : `Webex could not sign you in without interaction (${oauthError}). Sign in again to continue.`,
      };
    }
    case ErrorCode.StateMismatch:
      return { code: err.code, message: 'The sign-in response does not match the request (state mismatch). Please sign in again.' };
    case ErrorCode.NonceMismatch:
      return { code: err.code, message: 'The sign-in response does not match the request (nonce mismatch). Please sign in again.' };
    case ErrorCode.InvalidGrant:
    case ErrorCode.ExpiredToken:
      return {
        code: err.code,
        message: 'The sign-in code is invalid, expired or already used (invalid_grant). Please sign in again.',
      };
    default:
      return undefined;
  }
}
