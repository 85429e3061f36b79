/**
 * The discovery document, as Webex (and the sandbox) publish it. Only `issuer` is guaranteed by
 * the time {@link discover} resolves, plus `authorization_endpoint`, `token_endpoint` and
 * `jwks_uri`, which this package needs; the rest is what the IdP chose to list.
 */
export interface WebexServerMetadata {
  /** The issuer the document names (checked against the allow-list). */
  readonly issuer: string;
  /** Where the browser is sent to sign in. */
  readonly authorization_endpoint: string;
  /** The token ("Access Token") endpoint. */
  readonly token_endpoint: string;
  /** The JWKS ("verification") endpoint. */
  readonly jwks_uri: string;
  /** The userinfo endpoint. */
  readonly userinfo_endpoint?: string;
  /** The device authorization endpoint, when listed (Webex lists none; see the options). */
  readonly device_authorization_endpoint?: string;
  /** The revocation endpoint, when listed (Webex lists none; see the options). */
  readonly revocation_endpoint?: string;
  /** Supported response types. */
  readonly response_types_supported?: readonly string[];
  /** Supported scopes. */
  readonly scopes_supported?: readonly string[];
  /** Supported ID-token signing algorithms. */
  readonly id_token_signing_alg_values_supported?: readonly string[];
  /** Supported PKCE methods. */
  readonly code_challenge_methods_supported?: readonly string[];
  /** Supported client authentication methods at the token endpoint. */
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  /** Supported grant types. */
  readonly grant_types_supported?: readonly string[];
  /** Supported claims. */
  readonly claims_supported?: readonly string[];
  /** Anything else the document lists. */
  readonly [key: string]: unknown;
}
