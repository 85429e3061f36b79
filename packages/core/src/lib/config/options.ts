import type { ResolvedClientAuth, WebexClientAuth } from '../client-auth/types.js';

/** Options of {@link createWebexConfig}. Every URL is overridable (Webex for Government, the sandbox). */
export interface WebexConfigOptions {
  /** The integration's client id. Required. */
  clientId: string;
  /**
   * The integration's client secret, sent with HTTP Basic (or `tokenEndpointAuthMethod`). Needed
   * for the code exchange, refresh, device-token polling and revocation (Webex authenticates the
   * client at those endpoints) unless {@link WebexConfigOptions.clientAuth} is given instead.
   * Readable on `config.options` but never enumerated (not logged).
   */
  clientSecret?: string;
  /**
   * How the client authenticates at the token endpoint (code, refresh and device grants) and at
   * revocation, when it is not `clientSecret` with Basic/post — give one or the other:
   *
   * - `{ method: 'client_secret_jwt', clientSecret, alg? }`: an RFC 7523 assertion signed with an
   *   HMAC of the secret (`HS256` default, `HS384`, `HS512`); the secret itself is never sent;
   * - `{ method: 'private_key_jwt', key, kid?, alg? }`: an assertion signed with the client's
   *   private key (CryptoKey, KeyObject, PEM or private JWK; RSA ≥ 2048 bits for RS* and PS*, EC
   *   P-256/384/521 for ES256/384/512), whose public key is registered with the IdP;
   * - `{ method: 'client_secret_basic' | 'client_secret_post', clientSecret }`: the same as
   *   `clientSecret` + `tokenEndpointAuthMethod`.
   *
   * Validated at creation. `clientSecret` and `key` stay readable on `config.options.clientAuth`
   * but are never enumerated (not logged).
   */
  clientAuth?: WebexClientAuth;
  /** The default `redirect_uri` of authorization requests (a request may override it). */
  redirectUri?: string;
  /** The discovery document's URL. Default `https://webexapis.com/v1/.well-known/openid-configuration`. */
  discoveryUrl?: string;
  /**
   * The issuer allow-list, checked against the discovery document's `issuer` and every ID token's
   * `iss` (Webex's differ by cluster). Strings match exactly except that `*` matches one DNS label;
   * RegExps are tested as given. Default `['https://idbroker.webex.com/idb', 'https://idbroker-*.webex.com/idb']`.
   */
  issuers?: Array<string | RegExp>;
  /**
   * Base URL of the Webex REST API, without a trailing slash. Default `https://webexapis.com/v1`.
   * Used for webfinger, the device endpoints when discovery lists none, and (by other modules)
   * `people/me`, `jwt/login` and guests.
   */
  apiBaseUrl?: string;
  /** Token revocation endpoint (discovery lists none). Default `https://idbroker.webex.com/idb/oauth2/v1/revoke`. */
  revocationEndpoint?: string;
  /**
   * Device authorization endpoint. Default: discovery's `device_authorization_endpoint`, else
   * `${apiBaseUrl}/device/authorize`.
   */
  deviceAuthorizationEndpoint?: string;
  /** Device token endpoint (Webex answers 428 while pending). Default `${apiBaseUrl}/device/token`. */
  deviceTokenEndpoint?: string;
  /**
   * How `clientSecret` is sent to the token endpoint: `client_secret_basic` (default) or
   * `client_secret_post`. Revocation and device polling always use Basic, as Webex wants. For the
   * JWT methods use {@link WebexConfigOptions.clientAuth}.
   */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Allow plain-http endpoints (the local sandbox). Default `false`: every endpoint must be https. */
  allowInsecureRequests?: boolean;
  /** Per-request timeout in milliseconds. Default `30000`. */
  timeout?: number;
  /** Clock tolerance for `exp`, `iat` and `auth_time`, in seconds. Default `30`. */
  clockTolerance?: number;
  /** A `fetch` implementation for every request. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** How long a discovery document stays cached, in milliseconds. Default `3600000` (1 h). */
  discoveryCacheTtl?: number;
  /** Discovery attempts before giving up (transient failures only). Default `3`. */
  discoveryAttempts?: number;
  /** How long a fetched JWKS is trusted before a lazy refetch, in milliseconds. Default `600000` (10 min). */
  jwksCacheTtl?: number;
  /**
   * Minimum time between two JWKS refetches triggered by an unknown `kid`, in milliseconds
   * (guards the IdP against tokens with made-up `kid`s). Default `5000`. The first refetch after a
   * normal fetch is never delayed, so a key rotated between two sign-ins is picked up at once.
   */
  jwksRefetchCooldown?: number;
}

/** The resolved options with defaults applied (internal). */
export interface ResolvedOptions {
  clientId: string;
  /** How the client authenticates (holds the secret or key). */
  clientAuth: ResolvedClientAuth;
  redirectUri: string | undefined;
  discoveryUrl: URL;
  apiBaseUrl: string;
  revocationEndpoint: URL;
  deviceAuthorizationEndpoint: URL | undefined;
  deviceTokenEndpoint: URL;
  allowInsecureRequests: boolean;
  timeout: number;
  clockTolerance: number;
  fetch: typeof fetch | undefined;
  discoveryCacheTtl: number;
  discoveryAttempts: number;
  jwksCacheTtl: number;
  jwksRefetchCooldown: number;
}

/** Default discovery URL. */
export const DEFAULT_DISCOVERY_URL = 'https://webexapis.com/v1/.well-known/openid-configuration';
/** Default REST API base. */
export const DEFAULT_API_BASE_URL = 'https://webexapis.com/v1';
/** Default revocation endpoint (the one Webex's own SDK uses). */
export const DEFAULT_REVOCATION_ENDPOINT = 'https://idbroker.webex.com/idb/oauth2/v1/revoke';
