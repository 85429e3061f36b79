/** Options of an authorization request ({@link buildAuthorizationUrl}, {@link buildImplicitUrl}). */
export interface AuthorizationRequest {
  /**
   * Scopes, space-separated or as an array. Default `'openid email profile'`. Add Webex scopes as
   * needed, e.g. `['openid', 'email', 'spark:people_read', 'meeting:schedules_read']`.
   */
  scope?: string | string[];
  /** The `redirect_uri`; default: the configuration's `redirectUri`. One of them is required. */
  redirectUri?: string;
  /** `prompt`, e.g. `'login'` to force re-authentication, `'consent'`, `'select_account'`. */
  prompt?: string;
  /** `max_age` in seconds: the ID token's `auth_time` must then be at most this old. */
  maxAge?: number;
  /** `login_hint`: the user's email, to pre-fill the sign-in page. */
  loginHint?: string;
  /** PKCE method. Default `'S256'`; `'plain'` (challenge = verifier) for IdPs that need it; `false` for none. Code flow only. */
  pkce?: 'S256' | 'plain' | false;
  /** The `state` to send. Default: a fresh random value (state is always sent). */
  state?: string;
  /**
   * The `nonce` to send. Default: a fresh random value whenever `openid` is requested; `false`
   * to send none (code flow only: implicit flows that return an ID token always need one).
   */
  nonce?: string | false;
  /** Further query parameters. They cannot override the ones above. */
  extraParams?: Record<string, string>;
}

/**
 * What the caller must keep between the redirect and the callback (e.g. in the server-side
 * session): JSON-serialisable, and containing secrets (the PKCE verifier) — never put it in a
 * cookie unencrypted or in a URL.
 */
export interface AuthorizationChecks {
  /** The `state` sent; the callback's must equal it (`state_mismatch`). */
  state: string;
  /** The `nonce` sent, when one was. */
  nonce?: string;
  /** The PKCE `code_verifier`, when PKCE is used. */
  codeVerifier?: string;
  /** The `max_age` sent, when one was. */
  maxAge?: number;
  /** The `redirect_uri` sent (the token request repeats it). */
  redirectUri: string;
  /** The `response_type` sent: `'code'`, `'id_token'`, `'token'` or `'id_token token'`. */
  responseType: string;
  /** The scopes requested. */
  scope?: string[];
}

/** The implicit response types Webex supports. */
export type ImplicitResponseType = 'id_token' | 'token' | 'id_token token';

/** The answer of {@link buildAuthorizationUrl} / {@link buildImplicitUrl}. */
export interface AuthorizationUrl {
  /** Where to redirect the browser. */
  url: URL;
  /** What to keep for the callback. */
  checks: AuthorizationChecks;
}
