import type { Keyring } from './keyring.js';
import type { RedisConnection } from './scripts.js';
import type { StoredTokenSet } from './types.js';

/** What a store was doing when it reported an error it did not throw. */
export interface StoreErrorContext {
  /** `revoke`: the `revoke` hook rejected; `decrypt`: an evicted set could not be decrypted; `scan`: a malformed record was skipped. */
  operation: 'revoke' | 'decrypt' | 'scan';
  /** The set concerned, when known. */
  tokenSetId?: string | undefined;
}

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** An ioredis connection (`Redis`, Sentinel-backed `Redis`, or `Cluster`). The store does not close it. */
  redis: RedisConnection;
  /** Encryption keys; see {@link Keyring}. */
  keyring: Keyring;
  /** Key prefix (1–64 characters of `A–Z a–z 0–9 : _ . -`). Default `wxo:ts`. */
  keyPrefix?: string | undefined;
  /** Default `maxPerUserClient` for {@link RedisTokenStore.add} when a call does not pass one. */
  maxPerUserClient?: number | undefined;
  /**
   * Allowed range for `maxPerUserClient`. Default `{ min: 10, max: 100 }`, the token policy's
   * range. Widen it deliberately (e.g. `{ min: 1, max: 1000 }` in tests); values outside the range
   * are rejected with `limit_invalid`, never clamped.
   */
  limitRange?: { min: number; max: number } | undefined;
  /** How long a revoked set's record stays readable (for retrying IdP revocation, dashboards). Default 7 days; 0 deletes it at once. */
  revokedRetentionMs?: number | undefined;
  /**
   * Called for each set evicted by the limit (with its tokens decrypted), e.g. to revoke it at the
   * IdP. `add()` waits for it; a rejection is reported in `AddResult.evictionErrors` and to
   * `onError`, never thrown.
   */
  revoke?: ((evicted: StoredTokenSet) => Promise<void>) | undefined;
  /** Receives errors the store reports instead of throwing. Never receives tokens. */
  onError?: ((error: unknown, context: StoreErrorContext) => void) | undefined;
  /** Clock for `createdAt`/`updatedAt`, epoch ms. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Options of {@link RedisTokenStore.reencrypt}. */
export interface ReencryptOptions {
  /** SCAN COUNT hint and the number of records handled per round. Default 200. */
  batchSize?: number | undefined;
  /** Stop between batches when aborted (the report so far is returned). */
  signal?: AbortSignal | undefined;
}

/** Result of {@link RedisTokenStore.reencrypt}. */
export interface ReencryptReport {
  /** Records examined. */
  scanned: number;
  /** Records moved to the current key. */
  reencrypted: number;
  /** Records that were already on the current key (or were rewritten with it meanwhile). */
  alreadyCurrent: number;
  /** Records that could not be moved (e.g. `key_not_found`, `decrypt_failed`), by id. */
  failed: Array<{ id: string; error: unknown }>;
}
