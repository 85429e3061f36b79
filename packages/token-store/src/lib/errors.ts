/**
 * The one error type of `@webex-oidc/token-store`. Every failure the store reports — a stale
 * compare-and-set, a missing set, a bad argument, a record that cannot be decrypted — is a
 * {@link TokenStoreError} with a stable {@link TokenStoreError.code | code}.
 *
 * Messages never contain tokens or key material; at most a token-set id (which is not a secret).
 */

/** Stable error codes. Compare against these constants, never against messages. */
export const TokenStoreErrorCode = {
  /** A compare-and-set write found another version: re-read the set and decide again. */
  VersionConflict: 'version_conflict',
  /** No token set with that id (never stored, removed, or its revoked record expired). */
  NotFound: 'not_found',
  /** An argument is missing, of the wrong type or malformed; the message names it. */
  InvalidArgument: 'invalid_argument',
  /** A stored ciphertext failed authentication: tampered, moved to another record, or wrong key. */
  DecryptFailed: 'decrypt_failed',
  /** A record is encrypted with a key id that is not in the keyring: add the old key back. */
  KeyNotFound: 'key_not_found',
  /** The keyring is malformed (no current key, a key that is not 32 bytes, a bad key id). */
  KeyringInvalid: 'keyring_invalid',
  /** `maxPerUserClient` is not an integer within the allowed range (10–100 by the token policy). */
  LimitInvalid: 'limit_invalid',
  /** The set was revoked (evicted by the limit or by `setStatus`); only a new sign-in replaces it. */
  SetRevoked: 'set_revoked',
  /** A stored record is malformed (written by something else, or a different format version). */
  RecordCorrupt: 'record_corrupt',
  /** Redis answered with an error or could not be reached; see `cause`. */
  RedisError: 'redis_error',
} as const;

/** Union of the values of {@link TokenStoreErrorCode}. */
export type TokenStoreErrorCode = (typeof TokenStoreErrorCode)[keyof typeof TokenStoreErrorCode];

/** Options for {@link TokenStoreError}. */
export interface TokenStoreErrorOptions {
  /** The lower-level error this one wraps. Always kept. */
  cause?: unknown;
  /** The token-set id concerned, when there is one (ids are not secrets). */
  tokenSetId?: string;
  /** For `version_conflict`: the version the caller expected. */
  expectedVersion?: number;
  /** For `version_conflict`: the version found in Redis. */
  actualVersion?: number;
  /** For `key_not_found` / `decrypt_failed`: the key id the record names. */
  keyId?: string;
}

/** The error every method of the token store rejects with. */
export class TokenStoreError extends Error {
  override readonly name = 'TokenStoreError';
  /** Stable, machine-readable code. */
  readonly code: TokenStoreErrorCode;
  /** The token-set id concerned, when there is one. */
  readonly tokenSetId: string | undefined;
  /** For `version_conflict`: the version the caller expected. */
  readonly expectedVersion: number | undefined;
  /** For `version_conflict`: the version found in Redis. */
  readonly actualVersion: number | undefined;
  /** For `key_not_found` / `decrypt_failed`: the key id the record names. */
  readonly keyId: string | undefined;

  constructor(code: TokenStoreErrorCode, message: string, options: TokenStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.tokenSetId = options.tokenSetId;
    this.expectedVersion = options.expectedVersion;
    this.actualVersion = options.actualVersion;
    this.keyId = options.keyId;
  }
}

/** Type guard: `err` is a {@link TokenStoreError}, optionally with the given code. */
export function isTokenStoreError(err: unknown, code?: TokenStoreErrorCode): err is TokenStoreError {
  return err instanceof TokenStoreError && (code === undefined || err.code === code);
}

/** @internal Shorthand for an `invalid_argument` error naming the argument at fault. */
export function invalidArgument(what: string, expected: string): TokenStoreError {
  return new TokenStoreError(TokenStoreErrorCode.InvalidArgument, `${what} must be ${expected}.`);
}
