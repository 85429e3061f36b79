/**
 * Public types of `@webex-oidc/sandbox`: a local, Webex-compatible identity provider for the
 * demo and for integration tests. It is a development tool, never a production IdP.
 */
import type { JWK } from 'jose';

/** Options of {@link startSandbox}. Every TTL is in seconds; short values (e.g. 2) work. */
export interface SandboxOptions {
  /** TCP port. Default `0`: a random free port. */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** Access-token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh-token lifetime in seconds, counted from its first issue. Default 90 days. */
  refreshTokenTtl?: number;
  /** ID-token lifetime in seconds. Default 3600. */
  idTokenTtl?: number;
  /**
   * `false` (default): a refresh answers with the same refresh token, as Webex often does.
   * `true`: every refresh issues a new refresh token and the old one then fails with
   * `invalid_grant` (oidc-provider's reuse detection also revokes the rest of that grant).
   */
  rotateRefreshTokens?: boolean;
  /** Device-code lifetime in seconds. Default 300. */
  deviceCodeTtl?: number;
  /** Device-grant polling interval in seconds. Default 2 (tests use 1). */
  deviceInterval?: number;
  /** Extra confidential clients, registered next to the default client. */
  clients?: SandboxClient[];
  /** Users that can sign in; replaces the default users when given. */
  users?: SandboxUser[];
  /** No console output at all (tests). */
  quiet?: boolean;
}

/**
 * How a client authenticates at the token, revocation and device endpoints (its registered
 * `token_endpoint_auth_method`); discovery lists all four, as Webex's does.
 */
export type SandboxClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt';

/** A confidential OAuth client (an "integration" in Webex terms). */
export interface SandboxClient {
  /** The client id. */
  clientId: string;
  /**
   * The client secret: sent with HTTP Basic or as `client_secret` in the body, or the HMAC key of
   * its `client_secret_jwt` assertions. Not used to authenticate a `private_key_jwt` client.
   */
  clientSecret: string;
  /** Registered redirect URIs, compared exactly (the default client accepts any loopback URI). */
  redirectUris: string[];
  /**
   * How the client authenticates. Default `'client_secret_basic'` (which also accepts
   * `client_secret` in the body, as oidc-provider does). `'client_secret_jwt'`: an HS256/384/512
   * assertion signed with {@link SandboxClient.clientSecret}; `'private_key_jwt'`: an
   * RS*, PS* or ES* assertion verified with {@link SandboxClient.jwks}.
   */
  tokenEndpointAuthMethod?: SandboxClientAuthMethod;
  /**
   * The client's public keys (`{ keys: [...] }`, JWKs without private members, ideally with
   * `kid`): required for `private_key_jwt`. The private keys stay with the client.
   */
  jwks?: { keys: JWK[] };
}

/** A person that can sign in to the sandbox. */
export interface SandboxUser {
  /** Stable user id; the ID token's and userinfo's `sub`. */
  id: string;
  /** Email address; also what the login form and `login_hint` select by. */
  email: string;
  /** Display name (`name` claim). */
  name: string;
  /** `given_name` claim. */
  givenName?: string;
  /** `family_name` claim. */
  familyName?: string;
  /** `picture` claim (a URL). */
  picture?: string;
  /** Organization id (a UUID); defaults to the sandbox organization. */
  orgId?: string;
}

/** An injected failure, answered before the identity provider sees the request. */
export interface SandboxFault {
  /** Exact request path, e.g. `'/v1/access_token'`. */
  path: string;
  /** HTTP status to answer with. */
  status: 429 | 500 | 502 | 503 | 504;
  /** Seconds for the `Retry-After` header; omitted when not given. */
  retryAfter?: number;
  /** How many requests fail before the fault is spent. Default: unlimited. */
  times?: number;
  /**
   * Error body: `'oauth'` (`{error, error_description}`: `temporarily_unavailable` for 429 and
   * 503, `server_error` otherwise) or `'webex'` (`{message, errors, trackingId}`). Default:
   * `'webex'` for a 429 everywhere (Webex documents only the status and `Retry-After`; OAuth has
   * no rate-limit error code) and on the REST APIs; `'oauth'` for other statuses on the OAuth
   * endpoints.
   */
  shape?: 'webex' | 'oauth';
}

/** Options of {@link Sandbox.signIn}. */
export interface SignInOptions {
  /** Email of the user who signs in. Default: the `login_hint`, else the first user. */
  user?: string;
  /** Refuse instead of signing in: the redirect then carries `error=access_denied`. */
  deny?: boolean;
  /**
   * Start from a fresh browser (no sandbox session cookie). Default `false`: each user keeps a
   * session between calls, so `prompt=none` and `max_age` behave as in a real browser.
   */
  newSession?: boolean;
}

/** Options of {@link Sandbox.approveDevice}. */
export interface ApproveDeviceOptions {
  /** Email of the user who approves. Default: the first user. */
  user?: string;
  /** Refuse instead of approving: the device then gets `access_denied`. */
  deny?: boolean;
}

/** New lifetimes (seconds) for tokens issued from now on. */
export interface SandboxTtls {
  /** Access-token lifetime. */
  accessToken?: number;
  /** Refresh-token lifetime (for refresh tokens first issued from now on). */
  refreshToken?: number;
  /** ID-token lifetime. */
  idToken?: number;
}

/** A running sandbox and its control API. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the "webexapis.com" side). */
  url: string;
  /** `${url}/v1`. */
  apiBaseUrl: string;
  /** `${url}/idb`: the discovery document's `issuer` (like `https://idbroker.webex.com/idb`). */
  issuer: string;
  /** `${url}/v1/.well-known/openid-configuration`. */
  discoveryUrl: string;
  /** `${url}/idb/oauth2/v1/revoke` (not listed in discovery, as on Webex). */
  revocationUrl: string;
  /** `${url}/v1/device/authorize`. */
  deviceAuthorizationUrl: string;
  /** `${url}/v1/device/token`. */
  deviceTokenUrl: string;
  /**
   * The default confidential client, `sandbox-client` / `sandbox-secret`. It accepts any `http`
   * redirect URI on `127.0.0.1`, `localhost` or `[::1]` (any port, any path), and its consent is
   * granted automatically.
   */
  client: SandboxClient;
  /** The users that can sign in (default: alice@example.com, bob@example.com; stable ids). */
  users: SandboxUser[];
  /** The Guest Issuer application: `secret` is base64 (the HMAC key is the decoded bytes). */
  guestIssuer: { issuerId: string; secret: string };
  /** A Service App access token with scope `guest-issuer:write guest-issuer:read`. */
  serviceApp: { accessToken: string };
  /**
   * Signs in headlessly: follows authorize → login → consent → redirect over real HTTP with a
   * cookie jar and resolves with the final redirect URL (the client's callback with
   * `?code&state`, a `#fragment` for implicit, or `?error=access_denied` when `deny`).
   */
  signIn(authorizationUrl: string | URL, opts?: SignInOptions): Promise<URL>;
  /** Approves (or denies) a pending device code headlessly, through the verification pages. */
  approveDevice(userCode: string, opts?: ApproveDeviceOptions): Promise<void>;
  /** Replaces the fault list; `[]` clears it. */
  setFaults(faults: SandboxFault[]): void;
  /**
   * ID tokens carry this `iss` instead of {@link Sandbox.issuer} (simulates a cluster issuer like
   * `https://idbroker-b-us.webex.com/idb`) while discovery keeps `issuer`. `undefined` resets.
   */
  setIssuerOverride(iss: string | undefined): void;
  /** Turns refresh-token rotation on or off. */
  setRotateRefreshTokens(on: boolean): void;
  /** Changes token lifetimes for tokens issued from now on. */
  setTtls(ttls: SandboxTtls): void;
  /** A new RS256 signing key becomes primary (resolves with its `kid`); old keys stay in the JWKS. */
  rotateKeys(): Promise<string>;
  /** How many requests hit a path (e.g. `'/v1/access_token'`), faulted ones included. */
  requestCount(path: string): number;
  /** Stops the server; resolves once it is closed. */
  close(): Promise<void>;
}
