/** The client types a Webex token policy distinguishes (Control Hub → App access and token policy). */
export const CLIENT_TYPES = ['mobile', 'desktop', 'web'] as const;

/** `mobile` (iOS, Android), `desktop` (Mac, Windows) or `web`. */
export type ClientType = (typeof CLIENT_TYPES)[number];

/** The token policy for one client type. TTLs and the limit are `undefined` for "the provider's". */
export interface ClientTypePolicy {
  /** Client access: `false` means this type gets no tokens and no refreshes. Default `true`. */
  clientAccess: boolean;
  /**
   * Auto-extend: `true` gives the refresh token a new full TTL at every refresh (an active user
   * keeps a session indefinitely); `false` (default) keeps its original expiry.
   */
  autoExtendRefreshToken: boolean;
  /** Refresh-token TTL in whole hours, 24–1440. `undefined`: the provider's. */
  refreshTokenTtlHours?: number | undefined;
  /** Access-token TTL in whole minutes, 360–1080. `undefined`: the provider's. */
  accessTokenTtlMinutes?: number | undefined;
  /** Maximum simultaneous refresh tokens per user per client, 10–100. `undefined`: the provider's. */
  maxRefreshTokensPerUser?: number | undefined;
}

/** A validated token policy: one {@link ClientTypePolicy} per client type, plus the refresh point. */
export interface TokenPolicy {
  /** Policy for iOS and Android clients. */
  readonly mobile: Readonly<ClientTypePolicy>;
  /** Policy for Mac and Windows clients. */
  readonly desktop: Readonly<ClientTypePolicy>;
  /** Policy for web clients. */
  readonly web: Readonly<ClientTypePolicy>;
  /** When to refresh, as a fraction of the access token's life, strictly between 0 and 1. Default 0.75. */
  readonly refreshAt: number;
}

/** Input of `defineTokenPolicy`: every field optional, defaults filled in. */
export interface TokenPolicyInput {
  /** Policy for iOS and Android clients. */
  mobile?: Partial<ClientTypePolicy> | undefined;
  /** Policy for Mac and Windows clients. */
  desktop?: Partial<ClientTypePolicy> | undefined;
  /** Policy for web clients. */
  web?: Partial<ClientTypePolicy> | undefined;
  /** Fraction of the access token's life after which to refresh, in (0, 1). Default 0.75. */
  refreshAt?: number | undefined;
}

/** Default refresh point: 75% of the access token's life (the Finesse guidance). */
export const DEFAULT_REFRESH_AT = 0.75;

/** An inclusive integer range with its unit, as Control Hub documents it. */
export interface PolicyRange {
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Unit, for messages. */
  readonly unit: string;
}

/** The documented ranges of the numeric per-client-type settings. */
export const POLICY_RANGES = {
  refreshTokenTtlHours: { min: 24, max: 1440, unit: 'hours' },
  accessTokenTtlMinutes: { min: 360, max: 1080, unit: 'minutes' },
  maxRefreshTokensPerUser: { min: 10, max: 100, unit: 'refresh tokens' },
} as const satisfies Record<string, PolicyRange>;
