import type { ConfigState } from '../config/config.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { argError } from '../util/args.js';
import type { AuthorizationChecks } from '../authorize/types.js';

/** @internal Reads the callback's parameters from a URL, a path + query, a query string or params. */
export function callbackParams(callback: URL | string | URLSearchParams, part: 'query' | 'fragment'): URLSearchParams {
  if (callback instanceof URLSearchParams) return new URLSearchParams(callback);
  if (callback instanceof URL) return new URLSearchParams(part === 'query' ? callback.search : callback.hash.replace(/^#/, ''));
  if (typeof callback !== 'string') {
    throw argError('ERR_INVALID_ARG_TYPE', '"callback" must be a URL, a string or URLSearchParams.');
  }
  let url: URL | undefined;
  try {
    url = new URL(callback);
  } catch {
    url = callback.startsWith('/') ? new URL(callback, 'http://localhost') : undefined;
  }
  if (url !== undefined) return new URLSearchParams(part === 'query' ? url.search : url.hash.replace(/^#/, ''));
  return new URLSearchParams(callback.replace(/^[?#]/, ''));
}

/** @internal Checks the kept checks object (it may come back from a session store). */
export function assertChecks(checks: AuthorizationChecks, responseTypes: readonly string[]): void {
  if (typeof checks !== 'object' || checks === null) throw argError('ERR_INVALID_ARG_TYPE', '"checks" must be an object.');
  if (typeof checks.state !== 'string' || checks.state === '') {
    throw argError('ERR_INVALID_ARG_VALUE', '"checks.state" must be the non-empty state returned with the authorization URL.');
  }
  if (typeof checks.redirectUri !== 'string') throw argError('ERR_INVALID_ARG_VALUE', '"checks.redirectUri" must be a string.');
  if (!responseTypes.includes(checks.responseType)) {
    throw argError('ERR_INVALID_ARG_VALUE', `"checks.responseType" must be one of ${responseTypes.join(', ')} here.`);
  }
}

/**
 * @internal The checks every callback shares, in order: `state` first (so a forged error answer
 * cannot pass as the IdP's), then an `error` answer (`authorization_error`), then an `iss`
 * parameter (RFC 9207) against the allow-list.
 */
export function checkCallback(state: ConfigState, params: URLSearchParams, checks: AuthorizationChecks): void {
  if (params.get('state') !== checks.state) {
    throw new WebexOidcError(
      ErrorCode.StateMismatch,
      'The callback "state" does not match the one kept for this sign-in (a stale tab, a replay or a forged request); start the sign-in again.',
    );
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    throw new WebexOidcError(
      ErrorCode.AuthorizationError,
      `Webex answered the authorization request with an error (${error}).${description === undefined ? '' : ` Webex says: ${description}.`}`,
      { error, errorDescription: description },
    );
  }
  const iss = params.get('iss');
  if (iss !== null && !state.issuers.test(iss)) {
    throw new WebexOidcError(ErrorCode.IssuerNotAllowed, 'The callback names an issuer ("iss") that is not in the allow-list.', {
      reason: 'iss',
    });
  }
}
