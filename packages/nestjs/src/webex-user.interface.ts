import type { WebexPerson } from '@webex-oidc/core';

/**
 * The signed-in caller, as `@CurrentUser()` and `req.user` give it. The same shape in session and
 * bearer mode; `via` says which one authenticated the request.
 */
export interface WebexUser {
  /** Stable Webex user id (`sub` of the ID token / userinfo, or the person id from people/me). */
  id: string;
  /** Display name, when Webex shared it (`profile` scope). */
  displayName?: string | undefined;
  /** Primary email, when Webex shared it (`email` scope). */
  email?: string | undefined;
  /** Whether Webex verified the email. */
  emailVerified?: boolean | undefined;
  /** Avatar URL, when known. */
  picture?: string | undefined;
  /** Granted scopes, when known (session: from the token response; bearer: see `resolveScopes`). */
  scopes?: string[] | undefined;
  /** How this request was authenticated. */
  via: 'session' | 'bearer';
  /** The raw userinfo claims (or the people/me Person) the user was built from. */
  raw: Readonly<Record<string, unknown>> | WebexPerson;
}
