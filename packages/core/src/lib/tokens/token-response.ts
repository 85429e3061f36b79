import { ErrorCode, WebexOidcError } from '../errors.js';
import type { WebexTokenSet } from '../token-set.js';

/**
 * The fields of a token-endpoint answer this package reads (snake_case, as on the wire): the
 * parsed JSON body, or openid-client's `TokenEndpointResponse` as it is. Types are checked by
 * {@link toTokenSet}.
 */
export interface RawTokenResponse {
  readonly access_token: string;
  readonly token_type?: string;
  readonly expires_in?: unknown;
  readonly refresh_token?: unknown;
  readonly refresh_token_expires_in?: unknown;
  readonly scope?: unknown;
  readonly [key: string]: unknown;
}

function seconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

/** @internal Reads a successful token answer into a {@link WebexTokenSet} with absolute times. */
export function toTokenSet(
  raw: RawTokenResponse,
  idToken: string | undefined,
  requestedScope: readonly string[] | undefined,
  now: number = Date.now(),
): WebexTokenSet {
  if (typeof raw.access_token !== 'string' || raw.access_token === '') {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the token request without an access token.');
  }
  if (raw.token_type !== undefined && raw.token_type.toLowerCase() !== 'bearer') {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered with an unsupported token type (${raw.token_type}).`);
  }
  const expiresIn = seconds(raw.expires_in);
  if (expiresIn === undefined) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the token request without a valid "expires_in".');
  }
  const refreshExpiresIn = seconds(raw.refresh_token_expires_in);
  const scope = typeof raw.scope === 'string' ? raw.scope.split(/\s+/).filter((s) => s !== '') : requestedScope?.slice();
  return {
    accessToken: raw.access_token,
    tokenType: 'Bearer',
    expiresAt: now + expiresIn * 1000,
    refreshToken: typeof raw.refresh_token === 'string' && raw.refresh_token !== '' ? raw.refresh_token : undefined,
    refreshExpiresAt: refreshExpiresIn === undefined ? undefined : now + refreshExpiresIn * 1000,
    idToken,
    scope,
    issuedAt: now,
  };
}

/**
 * @internal Merges a refresh answer into the previous set, per Webex's rules: keep the old
 * refresh token when none comes back; keep the earlier `refreshExpiresAt` while the refresh
 * token is unchanged (its 90 days do not restart on refresh); keep the old ID token and scope
 * when the answer has none.
 */
export function mergeRefreshed(previous: WebexTokenSet | undefined, previousRefreshToken: string, next: WebexTokenSet): WebexTokenSet {
  const refreshToken = next.refreshToken ?? previousRefreshToken;
  const unchanged = refreshToken === previousRefreshToken;
  let refreshExpiresAt = next.refreshExpiresAt;
  if (unchanged && previous?.refreshExpiresAt !== undefined) {
    refreshExpiresAt = refreshExpiresAt === undefined ? previous.refreshExpiresAt : Math.min(refreshExpiresAt, previous.refreshExpiresAt);
  }
  return {
    ...next,
    refreshToken,
    refreshExpiresAt,
    idToken: next.idToken ?? previous?.idToken,
    scope: next.scope ?? previous?.scope,
  };
}
