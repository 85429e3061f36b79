/** The URL a desktop's browser component opens to fetch the first SSO token pair. */
import { FinesseError, FinesseErrorCode, requireText } from '../errors.js';

/** Options of {@link buildSsoTokenUrl}. */
export interface SsoTokenUrlOptions {
  /** Finesse origin, e.g. `https://finesse1.example.com:8445`. */
  baseUrl: string | URL;
  /** The agent's id or login name (`cc_username`). */
  username: string;
  /** Ask IdS for the user details (`return_user=yes|no`); omitted when undefined. */
  returnUser?: boolean;
}

/** Path of Finesse's SSO token endpoint. */
export const SSO_TOKEN_PATH = '/desktop/sso/token';

/**
 * Builds `https://<fqdn>:8445/desktop/sso/token?cc_username=<user>&return_refresh_token=true`.
 * Open it in a browser-like component (it redirects through IdS and the IdP and needs cookies and
 * JavaScript), capture the JSON it ends on, and pass it to {@link parseFinesseTokenResponse}.
 */
export function buildSsoTokenUrl(options: SsoTokenUrlOptions): URL {
  const username = requireText(options.username, 'username');
  let url: URL;
  try {
    url = new URL(String(options.baseUrl));
  } catch (cause) {
    throw new FinesseError(FinesseErrorCode.InvalidArgument, 'baseUrl must be an absolute http(s) URL.', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FinesseError(FinesseErrorCode.InvalidArgument, 'baseUrl must be an absolute http(s) URL.');
  }
  url.pathname = url.pathname.replace(/\/+$/, '') + SSO_TOKEN_PATH;
  url.search = '';
  url.hash = '';
  url.searchParams.set('cc_username', username);
  url.searchParams.set('return_refresh_token', 'true');
  if (options.returnUser !== undefined) url.searchParams.set('return_user', options.returnUser ? 'yes' : 'no');
  return url;
}
