import { ErrorCode, WebexOidcError } from '../errors.js';
import type { WebexTokenSet } from '../token-set.js';
import { policyFor } from './define-policy.js';
import type { ClientType, TokenPolicy } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The token-set fields the policy reads and sets. */
export type PolicyTokenFields = Pick<WebexTokenSet, 'issuedAt' | 'expiresAt' | 'refreshToken' | 'refreshExpiresAt'>;

/** Options of {@link applyTokenPolicy} and {@link assertRefreshAllowed}. */
export interface ApplyTokenPolicyOptions {
  /** The current time, epoch milliseconds. Default `Date.now()`. */
  now?: number | undefined;
  /**
   * The token set a refresh replaces. Present: `tokens` came from a refresh (auto-extend
   * applies). Absent: `tokens` came from a new sign-in.
   */
  previous?: Pick<WebexTokenSet, 'refreshExpiresAt'> | undefined;
}

function minDefined(...values: Array<number | undefined>): number | undefined {
  const numbers = values.filter((v): v is number => v !== undefined);
  return numbers.length === 0 ? undefined : Math.min(...numbers);
}

function accessDisabled(clientType: ClientType): WebexOidcError {
  return new WebexOidcError(
    ErrorCode.ClientAccessDisabled,
    `The token policy turns client access off for ${clientType} clients: no tokens are issued or refreshed for them.`,
    { reason: clientType },
  );
}

/**
 * Checks, before refreshing, that the policy lets this token set be refreshed: client access is
 * on for `clientType`, the set has a refresh token, and its `refreshExpiresAt` (if known) is
 * still ahead of `now`.
 *
 * @throws {@link WebexOidcError} `client_access_disabled`, or `invalid_grant` (permanent: the
 *   user must sign in again) when there is no refresh token or it has expired.
 */
export function assertRefreshAllowed(
  policy: TokenPolicy,
  clientType: ClientType,
  tokens: Pick<WebexTokenSet, 'refreshToken' | 'refreshExpiresAt'>,
  options: Pick<ApplyTokenPolicyOptions, 'now'> = {},
): void {
  if (!policyFor(policy, clientType).clientAccess) throw accessDisabled(clientType);
  if (tokens.refreshToken === undefined || tokens.refreshToken === '') {
    throw new WebexOidcError(ErrorCode.InvalidGrant, 'The token set has no refresh token: the user must sign in again.', {
      reason: 'no_refresh_token',
    });
  }
  const now = options.now ?? Date.now();
  if (tokens.refreshExpiresAt !== undefined && tokens.refreshExpiresAt <= now) {
    throw new WebexOidcError(
      ErrorCode.InvalidGrant,
      `The refresh token expired at ${new Date(tokens.refreshExpiresAt).toISOString()}: the user must sign in again.`,
      { reason: 'refresh_token_expired' },
    );
  }
}

/**
 * Applies a client type's token policy to a token set just obtained from a sign-in or a
 * refresh, and returns a new set (other fields copied unchanged). The provider's own expiries are
 * upper bounds: the policy can shorten a lifetime, never lengthen it beyond what the provider
 * granted.
 *
 * - **Client access off** → throws `client_access_disabled`.
 * - **Access-token TTL** set → `expiresAt = min(expiresAt, issuedAt + TTL)`.
 * - **Refresh-token TTL** (only when the set has a refresh token):
 *   - sign-in (no `previous`), or a refresh with **auto-extend on** → a new full TTL:
 *     `refreshExpiresAt = min(provider's refreshExpiresAt, issuedAt + TTL)`;
 *   - a refresh with **auto-extend off** → the original expiry is kept:
 *     `refreshExpiresAt = min(previous.refreshExpiresAt, provider's refreshExpiresAt)`. When the
 *     previous set has no `refreshExpiresAt` (stored before the policy), the TTL starts now
 *     (the policy "takes effect the next time a refresh token is issued").
 *   - no TTL in the policy → the provider's expiry (and, auto-extend off, never later than the
 *     previous one).
 * - A refresh whose `previous.refreshExpiresAt` had already passed at `now` throws
 *   `invalid_grant`: under the policy that session must sign in again. Call
 *   {@link assertRefreshAllowed} before refreshing to avoid the round trip.
 *
 * The access token is not capped by the refresh token's expiry (Webex does not). The per-user
 * limit is applied by the store; see {@link sessionsToRevoke}.
 *
 * @throws {@link WebexOidcError} `client_access_disabled`, `invalid_grant`, `policy_invalid`
 *   (unknown client type).
 */
export function applyTokenPolicy<T extends PolicyTokenFields>(
  policy: TokenPolicy,
  clientType: ClientType,
  tokens: T,
  options: ApplyTokenPolicyOptions = {},
): T {
  const rules = policyFor(policy, clientType);
  if (!rules.clientAccess) throw accessDisabled(clientType);
  const now = options.now ?? Date.now();
  const { previous } = options;
  if (previous?.refreshExpiresAt !== undefined && previous.refreshExpiresAt <= now) {
    throw new WebexOidcError(
      ErrorCode.InvalidGrant,
      'The refresh token had expired under the token policy before this refresh: the user must sign in again.',
      { reason: 'refresh_token_expired' },
    );
  }
  const accessCap = rules.accessTokenTtlMinutes === undefined ? undefined : tokens.issuedAt + rules.accessTokenTtlMinutes * MINUTE;
  const expiresAt = minDefined(tokens.expiresAt, accessCap) ?? tokens.expiresAt;

  let refreshExpiresAt = tokens.refreshExpiresAt;
  if (tokens.refreshToken !== undefined && tokens.refreshToken !== '') {
    const fullTtl = rules.refreshTokenTtlHours === undefined ? undefined : tokens.issuedAt + rules.refreshTokenTtlHours * HOUR;
    const keepOriginal = previous !== undefined && !rules.autoExtendRefreshToken && previous.refreshExpiresAt !== undefined;
    refreshExpiresAt = keepOriginal
      ? minDefined(previous.refreshExpiresAt, tokens.refreshExpiresAt)
      : minDefined(tokens.refreshExpiresAt, fullTtl);
  }
  return { ...tokens, expiresAt, refreshExpiresAt };
}

/**
 * Which sessions to revoke so that a user holds at most the policy's maximum of refresh tokens
 * for one client: the oldest (least recently issued) first. Pass all the user's sessions for the
 * client including the one just signed in; a new sign-in is never refused, older ones go.
 *
 * @returns The sessions to revoke, oldest first (empty when within the limit or when the policy
 *   leaves the limit to the provider).
 */
export function sessionsToRevoke<S extends { issuedAt: number }>(
  policy: TokenPolicy,
  clientType: ClientType,
  sessions: readonly S[],
): S[] {
  const max = policyFor(policy, clientType).maxRefreshTokensPerUser;
  if (max === undefined || sessions.length <= max) return [];
  const oldestFirst = sessions
    .map((session, index) => ({ session, index }))
    .sort((a, b) => a.session.issuedAt - b.session.issuedAt || a.index - b.index);
  return oldestFirst.slice(0, sessions.length - max).map((entry) => entry.session);
}
