/**
 * The token set this project passes around: what a sign-in or a refresh produced, with absolute
 * expiry times (epoch milliseconds) so that a stored set never depends on when it was read.
 * Shared by the adapters, the token store and the worker.
 */
export interface WebexTokenSet {
  /** The access token (Bearer). */
  accessToken: string;
  /** Always `Bearer` for Webex. */
  tokenType: 'Bearer';
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  /** The refresh token, when one was issued (kept across refreshes that return none). */
  refreshToken?: string | undefined;
  /** When the refresh token expires, epoch milliseconds (Webex's does not extend on refresh). */
  refreshExpiresAt?: number | undefined;
  /** The raw ID token, when `openid` was requested. */
  idToken?: string | undefined;
  /** Granted scopes. */
  scope?: string[] | undefined;
  /** When this access token was issued (received), epoch milliseconds. */
  issuedAt: number;
}
