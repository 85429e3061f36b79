import type { WebexTokenSet } from '@webex-oidc/core';

/** Client types of the Webex token policy (see the token-policy spec). */
export const CLIENT_TYPES = ['mobile', 'desktop', 'web'] as const;
/** The kind of client a set was issued to. */
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Where a set's tokens come from and are refreshed at. */
export const PROVIDERS = ['webex', 'finesse'] as const;
/** Token provider of a set. */
export type TokenProvider = (typeof PROVIDERS)[number];

/** Lifecycle of a set. `revoked` is terminal; `reauth_required` means the user must sign in again. */
export const TOKEN_SET_STATUSES = ['active', 'reauth_required', 'revoked'] as const;
/** Status of a set. */
export type TokenSetStatus = (typeof TOKEN_SET_STATUSES)[number];

/** Non-secret bookkeeping stored in plaintext beside a set (for the worker and dashboards). */
export interface TokenSetMetadata {
  /** When the set was last refreshed, epoch milliseconds. */
  lastRefreshAt?: number | undefined;
  /** How many refreshes the set has had. */
  refreshCount?: number | undefined;
  /** The code of the last refresh error (e.g. `rate_limited`): a code, never a message. */
  lastError?: string | undefined;
}

/**
 * What can be read without decrypting: everything but the tokens themselves. Returned by
 * listings, scans and writes.
 */
export interface TokenSetSummary {
  /** Opaque, URL-safe id: `<22-char user slot>.<22 random chars>`. */
  id: string;
  userId: string;
  clientId: string;
  clientType: ClientType;
  provider: TokenProvider;
  status: TokenSetStatus;
  /** Incremented by every logical write (not by re-encryption). Pass it to {@link TokenStore.update}. */
  version: number;
  /** When the set was added, epoch milliseconds. */
  createdAt: number;
  /** When the set was last written, epoch milliseconds. */
  updatedAt: number;
  /** The access token's expiry, epoch milliseconds. */
  expiresAt: number;
  /** When the current access token was issued, epoch milliseconds. */
  issuedAt: number;
  /** The refresh token's absolute expiry, when known. */
  refreshExpiresAt: number | undefined;
  /** Granted scopes, when known. */
  scope: string[] | undefined;
  /** Whether a refresh token is stored. */
  hasRefreshToken: boolean;
  /** Whether an ID token is stored. */
  hasIdToken: boolean;
  /** Id of the key the tokens are encrypted with. */
  keyId: string;
  /** Non-secret bookkeeping. */
  metadata: TokenSetMetadata;
}

/** A stored set with its tokens decrypted. */
export interface StoredTokenSet extends TokenSetSummary {
  tokens: WebexTokenSet;
}

/** Input of {@link TokenStore.add}. */
export interface NewTokenSet {
  userId: string;
  clientId: string;
  clientType: ClientType;
  /** Defaults to `webex`. */
  provider?: TokenProvider | undefined;
  tokens: WebexTokenSet;
  metadata?: TokenSetMetadata | undefined;
}

/** Options of {@link TokenStore.add}. */
export interface AddOptions {
  /**
   * Max sets one user may hold for one client (the token policy's "max refresh tokens per user
   * per client"). Defaults to the store's `maxPerUserClient`. Must be an integer within the
   * store's `limitRange` (10–100 by default); anything else is a `limit_invalid` error.
   */
  maxPerUserClient?: number | undefined;
}

/** A problem with one evicted set; the add itself still succeeded. */
export interface EvictionError {
  /** The evicted set (it is revoked in the store either way). */
  set: TokenSetSummary;
  /** `decrypt`: its tokens could not be decrypted; `revoke`: the `revoke` hook rejected. */
  stage: 'decrypt' | 'revoke';
  error: unknown;
}

/** Result of {@link TokenStore.add}. */
export interface AddResult {
  /** The new set (always stored: the limit never refuses a sign-in). */
  set: StoredTokenSet;
  /** Sets evicted by the limit, now `revoked` and out of the index, decrypted so they can be revoked at the IdP. */
  evicted: StoredTokenSet[];
  /** Problems decrypting or revoking evicted sets. */
  evictionErrors: EvictionError[];
}

/**
 * A patch for {@link TokenStore.update}. Token fields are merged over the stored tokens: a field
 * that is absent or `undefined` keeps its stored value (so a refresh that returns no refresh
 * token keeps the old one). Metadata fields set to `null` are removed.
 */
export interface TokenSetPatch {
  tokens?: Partial<WebexTokenSet> | undefined;
  status?: TokenSetStatus | undefined;
  metadata?: { [K in keyof TokenSetMetadata]?: TokenSetMetadata[K] | null } | undefined;
}

/** Options of {@link TokenStore.update}. */
export interface UpdateOptions {
  /**
   * The set as the caller read it with {@link TokenStore.get} at `expectedVersion`. The update
   * then merges over these tokens instead of reading and decrypting the record again (one Redis
   * round trip and one decryption fewer: the refresh worker's hot path). The compare-and-set is
   * unchanged: Redis still rejects the write with `version_conflict` unless the stored version
   * is `expectedVersion`. An `invalid_argument` when its id or version does not match.
   */
  base?: StoredTokenSet | undefined;
  /**
   * The owner token of a lease taken with {@link TokenStore.lease}: when the write succeeds, the
   * lease is released in the same atomic step if this owner still holds it (one round trip fewer
   * at the end of a refresh). A failed write (conflict, not found, revoked) keeps the lease.
   */
  releaseLease?: string | undefined;
}

/** What {@link TokenStore.lease} found. */
export type LeaseResult =
  /** The lease is the caller's now; `set` was read under it. */
  | { status: 'acquired'; set: StoredTokenSet }
  /** Another owner holds the set's lease: nothing was read. */
  | { status: 'held' }
  /** There is no such set: no lease was taken. */
  | { status: 'not_found' };

/** Options of {@link TokenStore.scan}. */
export interface ScanOptions {
  /** Opaque cursor from the previous page; omit for the first page. */
  cursor?: string | undefined;
  /** Hint for how many keys Redis examines per call (SCAN COUNT). Default 100. */
  count?: number | undefined;
  /** Only sets with this status. */
  status?: TokenSetStatus | undefined;
}

/** A page of {@link TokenStore.scan}. A page may be empty while `cursor` is still defined. */
export interface TokenSetPage {
  items: TokenSetSummary[];
  /** Pass back for the next page; `undefined` when the scan is complete. */
  cursor: string | undefined;
}

/** Paging of {@link TokenStore.listByUser}. */
export interface ListOptions {
  /** Skip this many (newest first). Default 0. */
  offset?: number | undefined;
  /** At most this many. Default 100. */
  limit?: number | undefined;
}

/** Counts of stored sets by status (revoked ones until their retention ends). */
export type StatusCounts = Record<TokenSetStatus, number> & { total: number };

/**
 * A store of token sets. Adapters accept any implementation; {@link RedisTokenStore} is the
 * shipped one.
 */
export interface TokenStore {
  /** Store a new set, evicting the oldest sets of that user+client beyond the limit (atomically). */
  add(input: NewTokenSet, options?: AddOptions): Promise<AddResult>;
  /** The set with its tokens decrypted, or `undefined` when there is none. */
  get(id: string): Promise<StoredTokenSet | undefined>;
  /** Compare-and-set write: rejects with `version_conflict` unless the stored version is `expectedVersion`. */
  update(id: string, expectedVersion: number, patch: TokenSetPatch, options?: UpdateOptions): Promise<TokenSetSummary>;
  /**
   * Takes the set's lease (an exclusive, expiring lock kept next to the record, in its Redis
   * Cluster slot) for `owner` and reads the set, in one atomic step. Taking a lease the same owner
   * holds extends it. Writes do not check leases: the lease is for cooperating refreshers, the
   * version check is what protects the record.
   */
  lease(id: string, owner: string, leaseMs: number): Promise<LeaseResult>;
  /** Extends a lease `owner` still holds; `false` when it expired or another owner holds it. */
  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Releases a lease `owner` still holds; `false` when it had expired or is another owner's. */
  releaseLease(id: string, owner: string): Promise<boolean>;
  /** Change the status; with `expectedVersion`, only if the stored version matches. */
  setStatus(id: string, status: TokenSetStatus, expectedVersion?: number): Promise<TokenSetSummary>;
  /** Delete a set and its index entries. Resolves `false` when there was none. */
  remove(id: string): Promise<boolean>;
  /** A user's non-revoked sets (of one client, when given), newest first, without decrypting. */
  listByUser(userId: string, clientId?: string, page?: ListOptions): Promise<TokenSetSummary[]>;
  /** One page of all stored sets, without decrypting. */
  scan(options?: ScanOptions): Promise<TokenSetPage>;
  /** Counts of stored sets by status. */
  countByStatus(): Promise<StatusCounts>;
}
