/** How the REST client authenticates its requests. */
import { requireText } from '../errors.js';

/**
 * Supplies the `Authorization` header of each request. {@link FinesseTokenManager} implements it
 * for SSO (Bearer, refreshed in process); {@link basicAuth} and {@link bearerAuth} cover the rest.
 */
export interface FinesseAuthProvider {
  /** The `Authorization` header value for the next request. */
  getAuthorization(): Promise<string>;
  /**
   * Called once when Finesse answered 401 to a request sent with `usedAuthorization`. Resolve
   * `true` to have the request retried once (e.g. after a refresh), `false` to fail it with
   * `unauthorized`; reject to fail it with that error (e.g. `reauth_required`).
   */
  handleUnauthorized?(usedAuthorization: string): Promise<boolean>;
  /**
   * The id the provider knows the agent by (the SSO `user_id`), used to resolve the agent's
   * `loginId` when the client has no `agentId`.
   */
  readonly userId?: string | undefined;
}

/**
 * HTTP Basic authentication for non-SSO deployments (`Authorization: Basic base64(id:password)`).
 * A 401 is not retried.
 */
export function basicAuth(username: string, password: string): FinesseAuthProvider {
  requireText(username, 'username');
  if (typeof password !== 'string') requireText(password, 'password');
  const header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return {
    userId: username,
    getAuthorization: () => Promise.resolve(header),
  };
}

/**
 * Bearer authentication with a token kept fresh elsewhere (e.g. read from the token store that the
 * token worker refreshes). `getAccessToken` is called before every request; on a 401 it is called
 * once more and the request retried once when the token changed.
 */
export function bearerAuth(getAccessToken: () => string | Promise<string>, userId?: string): FinesseAuthProvider {
  const read = async (): Promise<string> => `Bearer ${requireText(await getAccessToken(), 'access token')}`;
  return {
    userId,
    getAuthorization: read,
    handleUnauthorized: async (used) => (await read()) !== used,
  };
}
