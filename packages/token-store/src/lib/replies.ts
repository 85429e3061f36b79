import { TokenStoreError, TokenStoreErrorCode } from './errors.js';
import { pairsToHash, parseSummary } from './record.js';
import type { TokenSetSummary } from './types.js';

/** @internal Wrap anything that is not already a {@link TokenStoreError} as `redis_error`. */
export function toStoreError(err: unknown, doing: string): TokenStoreError {
  if (err instanceof TokenStoreError) return err;
  return new TokenStoreError(
    TokenStoreErrorCode.RedisError,
    `Redis failed while ${doing}; check that Redis is reachable and writable, then retry.`,
    { cause: err },
  );
}

/** @internal Run a Redis call, mapping its failures to `redis_error`. */
export async function redisCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toStoreError(err, doing);
  }
}

/** @internal `not_found` for a set id. */
export function notFound(id: string): TokenStoreError {
  return new TokenStoreError(
    TokenStoreErrorCode.NotFound,
    `Token set ${id} does not exist (removed, or its revoked record expired); the user must sign in again.`,
    { tokenSetId: id },
  );
}

/** @internal `version_conflict` for a set id. */
export function versionConflict(id: string, expectedVersion: number, actual: unknown): TokenStoreError {
  const actualVersion = Number(actual);
  return new TokenStoreError(
    TokenStoreErrorCode.VersionConflict,
    `Token set ${id} is at version ${String(actual)}, not ${expectedVersion}: another writer got there first. Re-read it with get() and decide again.`,
    { tokenSetId: id, expectedVersion, actualVersion: Number.isSafeInteger(actualVersion) ? actualVersion : undefined },
  );
}

/** @internal `set_revoked` for a set id. */
export function setRevoked(id: string): TokenStoreError {
  return new TokenStoreError(
    TokenStoreErrorCode.SetRevoked,
    `Token set ${id} is revoked, which is final: a new sign-in creates a new set.`,
    { tokenSetId: id },
  );
}

/** @internal Interpret the reply of `update-4.lua`. */
export function interpretUpdate(reply: unknown, id: string, expectedVersion: number | undefined): TokenSetSummary {
  const [status, payload] = Array.isArray(reply) ? (reply as unknown[]) : [];
  switch (status) {
    case 'ok':
      return parseSummary(pairsToHash(payload));
    case 'not_found':
      throw notFound(id);
    case 'version_conflict':
      throw versionConflict(id, expectedVersion ?? 0, payload);
    case 'set_revoked':
      throw setRevoked(id);
    default:
      throw toStoreError(new Error('unexpected reply from update-4.lua'), `updating token set ${id}`);
  }
}
