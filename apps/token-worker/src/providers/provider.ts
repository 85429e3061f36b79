import type { WebexTokenSet } from '@webex-oidc/core';
import type { StoredTokenSet, TokenProvider } from '@webex-oidc/token-store';

/**
 * How a failed refresh is handled:
 * - `permanent`: the grant is gone (`invalid_grant`, revoked, expired) — after a re-read the set
 *   is marked `reauth_required`;
 * - `rate_limited`: the IdP throttles the client — the whole queue pauses for `retryAfterMs`;
 * - `transient`: 5xx, timeouts, network — this set retries with backoff and jitter.
 */
export type RefreshFailure =
  | { kind: 'permanent'; code: string }
  | { kind: 'rate_limited'; code: string; retryAfterMs?: number | undefined }
  | { kind: 'transient'; code: string; retryAfterMs?: number | undefined };

/** Options passed to {@link RefreshProvider.refresh}. */
export interface RefreshCallOptions {
  /** Aborted when the worker shuts down hard or loses the set's lock. */
  signal: AbortSignal;
}

/**
 * One source of tokens the worker can refresh (`webex` now, `finesse` next). Adding a provider
 * is one file implementing this interface plus one entry in the worker's `providers` option.
 */
export interface RefreshProvider {
  /** The store's provider name of the sets this provider refreshes. */
  readonly name: TokenProvider;
  /**
   * Refreshes a set's tokens. Resolves with the new token set (keeping the old refresh token and
   * its expiry when the answer carries none); rejects with an error {@link classify} understands.
   */
  refresh(set: StoredTokenSet, options: RefreshCallOptions): Promise<WebexTokenSet>;
  /** Revokes a set's refresh token (and access token) at the IdP. Best effort: may reject. */
  revoke(set: StoredTokenSet): Promise<void>;
  /** Maps an error from {@link refresh} to how the worker handles it. */
  classify(error: unknown): RefreshFailure;
}
