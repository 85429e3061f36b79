import { decodeJwt, decodeProtectedHeader, SignJWT, type ProtectedHeaderParameters } from 'jose';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { invalidArgument, requireString } from '../webex-api/options.js';
import { decodeGuestSecret } from './secret.js';

/** Default guest-token lifetime: 5400 s (90 minutes). */
export const DEFAULT_GUEST_TOKEN_TTL_SECONDS = 5400;

/** Input of {@link createGuestToken}. */
export interface CreateGuestTokenInput {
  /** The Guest Issuer application id (the `iss` claim). */
  issuerId: string;
  /** The Guest Issuer secret, base64 as Webex shows it. The HMAC key is its decoded bytes. */
  secret: string;
  /** The guest's user id, unique within the issuer (the `sub` claim). The same `sub` sees the same spaces. */
  subject: string;
  /** Display name shown in Webex spaces (the `name` claim); any Unicode, e.g. `Stève`. */
  name: string;
  /** Lifetime in seconds from `now`, a positive integer. Default 5400 (90 minutes). */
  expiresIn?: number | undefined;
  /** The current time, epoch milliseconds (default `Date.now()`); for tests and replays. */
  now?: number | undefined;
}

/** The claims of a guest token. */
export interface GuestTokenClaims {
  /** The guest's user id. */
  sub: string;
  /** The display name. */
  name?: string;
  /** The Guest Issuer application id. */
  iss: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Any other claim the token carries. */
  [claim: string]: unknown;
}

/** What {@link decodeGuestToken} returns. */
export interface DecodedGuestToken {
  /** The JOSE header (`{alg: 'HS256', typ: 'JWT'}` for a token this package made). */
  header: ProtectedHeaderParameters;
  /** The claims. */
  claims: GuestTokenClaims;
  /** `exp` as epoch milliseconds. */
  expiresAt: number;
  /** Whether `expiresAt` is at or before `now`. */
  expired: boolean;
}

/**
 * Creates a Webex guest token: an HS256 JWT (`{"alg":"HS256","typ":"JWT"}`) with `sub`, `name`,
 * `iss` and `exp`, signed with the base64-decoded Guest Issuer secret. Exchange it with
 * {@link exchangeGuestToken}.
 *
 * @example
 * ```ts
 * const jwt = await createGuestToken({ issuerId, secret, subject: 'guest-42', name: 'Stève' });
 * ```
 * @throws `TypeError` for a missing or empty `issuerId`, `subject`, `name`, or an `expiresIn`
 *   that is not a positive integer; {@link WebexOidcError} `guest_token_invalid` (reason
 *   `secret`) when the secret is not base64.
 */
export async function createGuestToken(input: CreateGuestTokenInput): Promise<string> {
  if (typeof input !== 'object' || input === null) {
    throw invalidArgument('createGuestToken expects an object { issuerId, secret, subject, name }.', 'ERR_INVALID_ARG_TYPE');
  }
  const issuerId = requireString(input.issuerId, 'issuerId');
  const subject = requireString(input.subject, 'subject');
  const name = requireString(input.name, 'name');
  const expiresIn = input.expiresIn ?? DEFAULT_GUEST_TOKEN_TTL_SECONDS;
  if (typeof expiresIn !== 'number' || !Number.isSafeInteger(expiresIn) || expiresIn <= 0) {
    throw invalidArgument(`expiresIn must be a positive whole number of seconds; got ${String(expiresIn)}.`);
  }
  const now = input.now ?? Date.now();
  if (typeof now !== 'number' || !Number.isFinite(now)) throw invalidArgument(`now must be epoch milliseconds; got ${String(now)}.`);
  const key = decodeGuestSecret(input.secret);
  return new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(issuerId)
    .setExpirationTime(Math.floor(now / 1000) + expiresIn)
    .sign(key);
}

function malformed(why: string, cause?: unknown): WebexOidcError {
  return new WebexOidcError(ErrorCode.GuestTokenInvalid, `The guest token is malformed: ${why}.`, {
    reason: 'malformed',
    cause,
  });
}

/**
 * Decodes a guest token without verifying its signature (only Webex, or a holder of the secret,
 * can): header, claims, expiry. Use it to inspect a token or to check expiry before exchanging.
 *
 * @param token - The guest JWT.
 * @param options - `now`, epoch milliseconds (default `Date.now()`), to compute `expired`.
 * @throws `TypeError` when `token` is not a string; {@link WebexOidcError} `guest_token_invalid`
 *   (reason `malformed`) when it is not a JWT or lacks a string `sub`/`iss` or a numeric `exp`.
 */
export function decodeGuestToken(token: string, options: { now?: number } = {}): DecodedGuestToken {
  const text = requireString(token, 'token').trim();
  if (text.split('.').length !== 3) throw malformed('a JWT has three dot-separated parts');
  let header: ProtectedHeaderParameters;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(text);
    payload = decodeJwt(text);
  } catch (err) {
    throw malformed('its header or payload is not base64url-encoded JSON', err);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') throw malformed('it has no "sub" (user id) claim');
  if (typeof payload.iss !== 'string' || payload.iss === '') throw malformed('it has no "iss" (issuer id) claim');
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) throw malformed('it has no numeric "exp" claim');
  if (payload.name !== undefined && typeof payload.name !== 'string') throw malformed('its "name" claim is not a string');
  const claims = payload as GuestTokenClaims;
  const expiresAt = claims.exp * 1000;
  const now = options.now ?? Date.now();
  return { header, claims, expiresAt, expired: expiresAt <= now };
}
