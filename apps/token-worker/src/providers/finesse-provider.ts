import type { WebexTokenSet } from '@webex-oidc/core';
import {
  FinesseErrorCode,
  type FinesseRefreshMethod,
  type FinesseTokenSet,
  isFinesseError,
  refreshFinesseTokens,
} from '@webex-oidc/finesse';
import type { StoredTokenSet } from '@webex-oidc/token-store';
import type { RefreshCallOptions, RefreshFailure, RefreshProvider } from './provider.js';

/** Failure code of a TLS handshake failure: a configuration problem (CA), not a user's grant. */
export const FINESSE_TLS_CONFIG_ERROR = 'finesse_tls_config_error';

/** Options of {@link createFinesseProvider}. */
export interface FinesseProviderOptions {
  /** Finesse origin, e.g. `https://finesse1.example.com:8445` (one Finesse cluster per worker). */
  baseUrl: string | URL;
  /**
   * PEM CA certificate(s) to trust for Finesse (self-signed / private-CA servers). Replaces Node's
   * CA list for these connections. Certificates are always verified.
   */
  ca?: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
  /** `POST` form (default, Cisco's preferred) or `GET` form (`cc_username` = the set's `userId`). */
  method?: FinesseRefreshMethod | undefined;
  /** Time limit of one refresh request in ms. Default the Finesse client's (15 000). */
  timeoutMs?: number | undefined;
  /**
   * Told once a minute at most when a refresh fails the TLS handshake (a wrong or missing CA):
   * every Finesse set is affected until the configuration is fixed. The worker passes its logger.
   */
  logger?: { error(details: Record<string, unknown>, message: string): void } | undefined;
}

/**
 * The Finesse token pair of a stored `finesse` set, as `refreshFinesseTokens` takes it. The store
 * keeps no IdS `realm`/`user_principal` (refresh does not need them); the set's `userId` stands
 * for the IdS `user_id` (the GET form sends it as `cc_username`).
 */
export function toFinesseTokenSet(set: StoredTokenSet): FinesseTokenSet {
  return {
    accessToken: set.tokens.accessToken,
    refreshToken: set.tokens.refreshToken,
    issuedAt: set.tokens.issuedAt,
    expiresAt: set.tokens.expiresAt,
    userId: set.userId,
    realm: undefined,
    userPrincipal: undefined,
  };
}

/**
 * A Finesse token pair in the store's token shape (absolute `issuedAt`/`expiresAt` in epoch ms),
 * for the sign-in hand-off (`worker.addTokenSet({ provider: 'finesse', tokens })`) and for writing
 * a refresh back. With `previous`, its refresh token is kept when Finesse returned none, and its
 * refresh-token expiry and scopes are carried over (Finesse reports neither).
 */
export function fromFinesseTokenSet(tokens: FinesseTokenSet, previous?: WebexTokenSet): WebexTokenSet {
  const refreshToken = tokens.refreshToken !== undefined && tokens.refreshToken !== '' ? tokens.refreshToken : previous?.refreshToken;
  return {
    accessToken: tokens.accessToken,
    tokenType: 'Bearer',
    issuedAt: tokens.issuedAt,
    expiresAt: tokens.expiresAt,
    refreshToken,
    refreshExpiresAt: previous?.refreshExpiresAt,
    scope: previous?.scope,
  };
}

/**
 * Maps a failure of `refreshFinesseTokens` to how the worker handles it:
 * - `reauth_required` (IdS refused the refresh token: 400/401/403 or a redirect to the IdS login
 *   page), `unauthorized`, and any 400/401 answer → `permanent` (the set becomes `reauth_required`);
 * - `tls_error` → `transient` with code {@link FINESSE_TLS_CONFIG_ERROR}: the worker does not trust
 *   Finesse's certificate (configure `FINESSE_CA_FILE`). That is the operator's configuration, not
 *   the agent's grant, so the set keeps its refresh token and recovers once the CA is fixed
 *   (nothing is lost to a misconfiguration); it is logged as an error;
 * - 429 → `rate_limited` (the whole queue pauses for Finesse's `Retry-After`, when given);
 * - 5xx/408, `network_error`, `timeout`, `aborted`, unreadable answers and anything unexpected →
 *   `transient` (retried with backoff, at least `Retry-After`).
 */
export function classifyFinesseFailure(error: unknown): RefreshFailure {
  if (!isFinesseError(error)) return { kind: 'transient', code: 'unexpected' };
  const { status, retryAfterMs } = error;
  switch (error.code) {
    case FinesseErrorCode.ReauthRequired:
    case FinesseErrorCode.Unauthorized:
      return { kind: 'permanent', code: error.code };
    case FinesseErrorCode.TlsError:
      return { kind: 'transient', code: FINESSE_TLS_CONFIG_ERROR };
    default:
      break;
  }
  if (status === 429) return { kind: 'rate_limited', code: 'rate_limited', retryAfterMs };
  if (status === 400 || status === 401) return { kind: 'permanent', code: FinesseErrorCode.ReauthRequired };
  return { kind: 'transient', code: error.code, retryAfterMs };
}

/**
 * The `finesse` provider: refreshes stored Finesse SSO token sets through
 * `@webex-oidc/finesse`'s `refreshFinesseTokens` (POST form by default; the old refresh token is
 * kept when none comes back, a rotated one replaces it). The worker schedules these sets like
 * Webex ones, at 75 % of the access token's life — Cisco's rule for Finesse.
 *
 * `revoke` is a no-op: Finesse/IdS documents no revocation endpoint for custom desktops. A set the
 * worker revokes (policy, limit eviction) is still marked `revoked` in the store and never
 * refreshed again; its tokens lapse at their own expiry.
 */
export function createFinesseProvider(options: FinesseProviderOptions): RefreshProvider {
  let base: URL;
  try {
    base = new URL(String(options.baseUrl));
  } catch {
    throw new TypeError('createFinesseProvider: baseUrl must be an absolute https:// (or http://) URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError('createFinesseProvider: baseUrl must be an absolute https:// (or http://) URL.');
  }
  const connection = {
    baseUrl: base,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  let lastTlsReport = 0;
  return {
    name: 'finesse',
    async refresh(set: StoredTokenSet, call: RefreshCallOptions): Promise<WebexTokenSet> {
      const next = await refreshFinesseTokens({ ...connection, signal: call.signal }, toFinesseTokenSet(set));
      return fromFinesseTokenSet(next, set.tokens);
    },
    async revoke(): Promise<void> {
      // Finesse has no documented revocation: nothing to call. The store still marks the set revoked.
    },
    classify(error: unknown): RefreshFailure {
      const failure = classifyFinesseFailure(error);
      if (failure.code === FINESSE_TLS_CONFIG_ERROR && options.logger !== undefined && Date.now() - lastTlsReport > 60_000) {
        lastTlsReport = Date.now();
        options.logger.error(
          { code: FINESSE_TLS_CONFIG_ERROR, finesse: base.origin, cause: error instanceof Error ? error.message : undefined },
          'TLS handshake with Finesse failed: configuration error (set FINESSE_CA_FILE to the CA of the Finesse certificate); refreshes keep retrying until it is fixed',
        );
      }
      return failure;
    },
  };
}
