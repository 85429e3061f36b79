import { ErrorCode, WebexOidcError } from '../errors.js';
import { invalidArgument } from '../webex-api/options.js';

const STANDARD = /^[A-Za-z0-9+/]+={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Decodes a Guest Issuer secret (base64, standard or URL-safe alphabet, padding optional) into
 * the HMAC key bytes. Surrounding whitespace (a trailing newline from a file) is ignored; any
 * other character outside the alphabet, a wrong padding or a length no base64 text can have is
 * refused — `Buffer.from(s, 'base64')` alone would silently skip them and sign with a wrong key.
 *
 * @throws `TypeError` (`ERR_INVALID_ARG_TYPE`) when `secret` is not a string;
 *   {@link WebexOidcError} `guest_token_invalid` (reason `secret`) when it is not base64.
 *   The message never contains the secret.
 */
export function decodeGuestSecret(secret: string): Uint8Array {
  if (typeof secret !== 'string') {
    throw invalidArgument(`The guest issuer secret must be a string; got ${typeof secret}.`, 'ERR_INVALID_ARG_TYPE');
  }
  const text = secret.trim();
  const notBase64 = (why: string): WebexOidcError =>
    new WebexOidcError(
      ErrorCode.GuestTokenInvalid,
      `The guest issuer secret is not valid base64 (${why}); copy the secret exactly as the Guest Issuer app shows it.`,
      { reason: 'secret' },
    );
  if (text === '') throw notBase64('it is empty');
  if (!STANDARD.test(text) && !URL_SAFE.test(text)) throw notBase64('it contains characters outside the base64 alphabet');
  const padded = text.includes('=');
  if (padded ? text.length % 4 !== 0 : text.length % 4 === 1) throw notBase64('its length or padding is wrong');
  const key = Buffer.from(text, 'base64');
  if (key.length === 0) throw notBase64('it decodes to no bytes');
  return new Uint8Array(key);
}
