/** The Finesse SSO token pair as this package keeps it, and the parser of IdS's token JSON. */
import { FinesseError, FinesseErrorCode } from '../errors.js';

/**
 * A Finesse SSO token pair with absolute times. Plain data: safe to store (encrypted — it holds
 * secrets) and to hand to another process.
 */
export interface FinesseTokenSet {
  /** The access token (a JWT), sent as `Authorization: Bearer`. Secret. */
  accessToken: string;
  /** The refresh token, when IdS issued one. Secret. Kept across refreshes that return none. */
  refreshToken: string | undefined;
  /** When the token request was sent (epoch ms); the access token's life counts from here. */
  issuedAt: number;
  /** When the access token expires (epoch ms): `issuedAt + expires_in * 1000`. */
  expiresAt: number;
  /** IdS `user_id`: the agent id or, on UCCE, possibly the login name. */
  userId: string;
  /** IdS `realm`, when given. */
  realm: string | undefined;
  /** IdS `user_principal` (e.g. `agent@example.com`), when given. */
  userPrincipal: string | undefined;
}

/** Options of {@link parseFinesseTokenResponse}. */
export interface ParseFinesseTokenOptions {
  /** When the request that produced the answer was sent (epoch ms). Default `Date.now()`. */
  issuedAt?: number;
  /** The token set being refreshed: its refresh token (and ids) are kept when the answer has none. */
  previous?: FinesseTokenSet;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function invalid(message: string, cause?: unknown): FinesseError {
  return new FinesseError(FinesseErrorCode.InvalidResponse, message, cause === undefined ? {} : { cause });
}

/**
 * Parses the JSON that `/desktop/sso/token` ends on (`token`, `refresh_token`, `expires_in`,
 * `user_id`, `realm`, `user_principal` — snake_case) into a {@link FinesseTokenSet} with absolute
 * expiry. Accepts the JSON text or the parsed object. Throws `invalid_response` when `token` or a
 * positive `expires_in` is missing.
 */
export function parseFinesseTokenResponse(json: unknown, options: ParseFinesseTokenOptions = {}): FinesseTokenSet {
  let body: unknown = json;
  if (typeof json === 'string') {
    try {
      body = JSON.parse(json);
    } catch (cause) {
      throw invalid('The Finesse SSO token answer is not JSON (did the browser stop on a login page?).', cause);
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The Finesse SSO token answer is not a JSON object.');
  }
  const record = body as Record<string, unknown>;
  const accessToken = stringField(record, 'token');
  if (accessToken === undefined) throw invalid('The Finesse SSO token answer has no `token`.');
  const rawExpiresIn = record['expires_in'];
  const expiresIn = typeof rawExpiresIn === 'string' ? Number(rawExpiresIn) : rawExpiresIn;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw invalid('The Finesse SSO token answer has no positive `expires_in`.');
  }
  const previous = options.previous;
  const userId = stringField(record, 'user_id') ?? previous?.userId;
  if (userId === undefined) throw invalid('The Finesse SSO token answer has no `user_id`.');
  const issuedAt = options.issuedAt ?? Date.now();
  return {
    accessToken,
    refreshToken: stringField(record, 'refresh_token') ?? previous?.refreshToken,
    issuedAt,
    expiresAt: issuedAt + Math.round(expiresIn * 1000),
    userId,
    realm: stringField(record, 'realm') ?? previous?.realm,
    userPrincipal: stringField(record, 'user_principal') ?? previous?.userPrincipal,
  };
}

/** Default share of the access token's life after which it is refreshed (Cisco's rule). */
export const DEFAULT_REFRESH_RATIO = 0.75;

/** Checks a refresh ratio option: a number strictly between 0 and 1. */
export function checkRefreshRatio(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0 || ratio >= 1) {
    throw new FinesseError(FinesseErrorCode.InvalidArgument, 'refreshRatio must be a number between 0 and 1 (exclusive).');
  }
  return ratio;
}

/**
 * When `tokenSet` should be refreshed (epoch ms): after `ratio` (default 0.75) of the access
 * token's life. The token worker schedules its job at this time.
 */
export function finesseRefreshDueAt(tokenSet: FinesseTokenSet, ratio: number = DEFAULT_REFRESH_RATIO): number {
  checkRefreshRatio(ratio);
  return tokenSet.issuedAt + Math.floor((tokenSet.expiresAt - tokenSet.issuedAt) * ratio);
}
