import type { WebexTokenSet } from '../token-set.js';
import { validateRefreshAt } from './define-policy.js';
import { DEFAULT_REFRESH_AT } from './types.js';

/** Options of {@link refreshDueAt}. A `TokenPolicy` can be passed as is (its `refreshAt` is used). */
export interface RefreshDueOptions {
  /** Fraction of the access token's life after which to refresh, in (0, 1). Default 0.75. */
  refreshAt?: number | undefined;
}

/**
 * When a token set should be refreshed, epoch milliseconds:
 * `issuedAt + refreshAt × (expiresAt − issuedAt)` — 75% of the access token's life by default —
 * rounded down to a whole millisecond. A set whose `expiresAt` is not after `issuedAt` is due at
 * once (the result is at or before `issuedAt`).
 *
 * @example
 * ```ts
 * const due = refreshDueAt(tokens, policy); // policy.refreshAt
 * ```
 * @throws `TypeError` when `issuedAt`/`expiresAt` are not finite numbers; {@link WebexOidcError}
 *   `policy_invalid` when `refreshAt` is not strictly between 0 and 1.
 */
export function refreshDueAt(
  tokens: Pick<WebexTokenSet, 'issuedAt' | 'expiresAt'>,
  options: RefreshDueOptions = {},
): number {
  const { issuedAt, expiresAt } = tokens;
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
    throw Object.assign(new TypeError('refreshDueAt needs numeric issuedAt and expiresAt (epoch milliseconds).'), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
  const refreshAt = options.refreshAt === undefined ? DEFAULT_REFRESH_AT : validateRefreshAt(options.refreshAt);
  if (expiresAt <= issuedAt) return expiresAt;
  return Math.floor(issuedAt + refreshAt * (expiresAt - issuedAt));
}
