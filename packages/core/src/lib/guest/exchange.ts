import { ErrorCode, WebexOidcError } from '../errors.js';
import { send } from '../http/request.js';
import { errorFromResponse } from '../http/response-error.js';
import { apiUrl, bearerHeaders, type WebexApiOptions } from '../webex-api/options.js';
import { decodeGuestToken } from './guest-token.js';

/** A guest access token from `POST /v1/jwt/login`. There is no refresh token. */
export interface GuestAccessToken {
  /** The access token (Bearer). */
  accessToken: string;
  /** Lifetime in seconds as Webex reported it (about 6 hours). */
  expiresIn: number;
  /** When it expires, epoch milliseconds (`issuedAt + expiresIn × 1000`). */
  expiresAt: number;
  /** When it was received, epoch milliseconds. */
  issuedAt: number;
}

/** Options of {@link exchangeGuestToken}. */
export interface ExchangeGuestTokenOptions extends WebexApiOptions {
  /** The current time, epoch milliseconds (default `Date.now()`). */
  now?: number | undefined;
}

const WHAT = 'guest token exchange (jwt/login)';

/** Reads `{token, expiresIn}`. */
export function parseGuestLogin(json: unknown, issuedAt: number): GuestAccessToken {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = body.token;
  const expiresIn = typeof body.expiresIn === 'string' ? Number(body.expiresIn) : body.expiresIn;
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${WHAT} without {token, expiresIn}.`);
  }
  return { accessToken: token, expiresIn, expiresAt: issuedAt + expiresIn * 1000, issuedAt };
}

/**
 * Exchanges a guest token for a Webex access token: `POST {apiBaseUrl}/jwt/login` with
 * `Authorization: Bearer <guest JWT>` and an empty body. To extend, mint a new guest token and
 * exchange it again.
 *
 * The token is decoded first: a malformed token, or one whose `exp` has passed, is refused
 * locally (`guest_token_invalid`, reason `malformed` / `expired`) without calling Webex.
 *
 * @throws {@link WebexOidcError}: `guest_token_invalid` (reason `rejected`, with `status`,
 *   Webex's error text and `trackingId`) when Webex answers 401/403 — wrong secret, unknown
 *   issuer, expired; `rate_limited`, `server_error`, `network_error`, `aborted`,
 *   `request_failed` for other failures; `invalid_response` for a body without `{token, expiresIn}`.
 */
export async function exchangeGuestToken(options: ExchangeGuestTokenOptions, guestToken: string): Promise<GuestAccessToken> {
  const decoded = decodeGuestToken(guestToken, { now: options.now ?? Date.now() });
  if (decoded.expired) {
    throw new WebexOidcError(
      ErrorCode.GuestTokenInvalid,
      `The guest token expired at ${new Date(decoded.expiresAt).toISOString()}; Webex refuses expired guest tokens, so create a new one.`,
      { reason: 'expired' },
    );
  }
  const url = apiUrl(options, 'jwt/login');
  const response = await send(WHAT, url, { method: 'POST', headers: bearerHeaders(guestToken.trim()) }, options);
  if (!response.ok) {
    const err = await errorFromResponse(WHAT, response);
    if (response.status !== 401 && response.status !== 403) throw err;
    throw new WebexOidcError(
      ErrorCode.GuestTokenInvalid,
      `${err.message} Check the issuer id and secret the guest token was signed with, and that it has not expired.`,
      { status: err.status, trackingId: err.trackingId, errorDescription: err.errorDescription, error: err.error, reason: 'rejected', cause: err },
    );
  }
  const issuedAt = options.now ?? Date.now();
  let json: unknown;
  try {
    json = await response.json();
  } catch (err) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${WHAT} with a body that is not JSON.`, {
      status: response.status,
      cause: err,
    });
  }
  return parseGuestLogin(json, issuedAt);
}
