/** The user claims Webex returns by scope, in ID tokens and from userinfo. */
export interface WebexUserClaims {
  /** The user's stable id. */
  sub: string;
  /** `email` scope. */
  email?: string;
  /** `email` scope. */
  email_verified?: boolean;
  /** `profile` scope. */
  name?: string;
  /** `profile` scope. */
  given_name?: string;
  /** `profile` scope. */
  family_name?: string;
  /** `profile` scope. */
  preferred_username?: string;
  /** `profile` scope. */
  picture?: string;
  /** `phone` scope. */
  phone_number?: string;
  /** Any other claim. */
  [claim: string]: unknown;
}

/** The claims of a validated Webex ID token. Which user claims appear depends on the granted scopes. */
export interface IdTokenClaims extends WebexUserClaims {
  /** Issuer (one of the allow-listed Webex issuers). */
  iss: string;
  /** Audience: contains the client id. */
  aud: string | string[];
  /** Expiry, epoch seconds. */
  exp: number;
  /** Issued at, epoch seconds. */
  iat: number;
  /** The nonce sent with the authorization request. */
  nonce?: string;
  /** When the user last authenticated, epoch seconds (present when `max_age` was sent). */
  auth_time?: number;
  /** Access-token hash (implicit `id_token token`). */
  at_hash?: string;
  /** Authorized party. */
  azp?: string;
}

/** Which ID-token check failed: the {@link WebexOidcError.reason} of `id_token_invalid` (and of `nonce_mismatch`, `issuer_not_allowed`). */
export type IdTokenFailureReason =
  | 'malformed'
  | 'alg'
  | 'kid'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'azp'
  | 'sub'
  | 'exp'
  | 'nbf'
  | 'iat'
  | 'nonce'
  | 'auth_time'
  | 'at_hash'
  | 'missing';

/** Options of {@link validateIdToken}. */
export interface ValidateIdTokenOptions {
  /** The nonce sent with the authorization request; the token's `nonce` must equal it (`nonce_mismatch`). */
  nonce?: string;
  /** The `max_age` sent (seconds): `auth_time` must be present and recent enough. */
  maxAge?: number;
  /** An access token issued with the ID token: when the token has `at_hash`, it must match. */
  accessToken?: string;
  /** Require `at_hash` (implicit `id_token token`); needs `accessToken`. Default `false`. */
  requireAtHash?: boolean;
}
