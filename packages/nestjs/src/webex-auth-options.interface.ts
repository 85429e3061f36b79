import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ClientType, WebexConfigOptions, WebexTokenSet } from '@webex-oidc/core';
import type { WebexUser } from './webex-user.interface.js';

/**
 * How the guard recognises a signed-in caller.
 * - `session`: a browser signed in through the module's login/callback routes (express-session).
 * - `bearer`: an API client sends `Authorization: Bearer <Webex access token>` (resource server).
 * - `both`: a bearer header when present, else the session.
 */
export type WebexAuthMode = 'session' | 'bearer' | 'both';

/** Paths of the sign-in routes the module registers (session mode). */
export interface WebexAuthRoutes {
  /** Starts sign-in: redirects to Webex. Accepts `?returnTo=/relative/path`. Default `/auth/login`. */
  login?: string;
  /** Where Webex redirects back (the path of `redirectUri`). Default `/auth/callback`. */
  callback?: string;
  /** Signs out (GET or POST): destroys the session. Default `/auth/logout`. */
  logout?: string;
}

/** Options of bearer-token validation (modes `bearer` and `both`). */
export interface WebexBearerOptions {
  /**
   * Which Webex endpoint validates a token: `userinfo` (OpenID Connect claims; needs the `openid`
   * scope on the token) or `people` (`GET /people/me`; needs `spark:people_read`). Default `userinfo`.
   */
  validateWith?: 'userinfo' | 'people';
  /**
   * How long (ms) a validation answer — accepted or rejected — is reused for the same token, so one
   * token costs one upstream call per TTL. A revoked token is rejected at the latest when its entry
   * ends. Default `60_000`; `0` disables the cache.
   */
  cacheTtl?: number;
  /** Most tokens kept in the cache (oldest evicted first). Default `10_000`. */
  cacheMaxEntries?: number;
  /**
   * Granted scopes of a bearer token, for `@Scopes()`. Webex has no introspection endpoint, so by
   * default the scopes are unknown (a `scope` claim in userinfo is used when present) and a route
   * with `@Scopes()` answers 403. Return the scopes you know (e.g. from your own token registry).
   */
  resolveScopes?: (accessToken: string, user: WebexUser) => string[] | undefined | Promise<string[] | undefined>;
}

/** Backoff of the lazy discovery: while Webex is unreachable, requests get a 503 at once. */
export interface WebexDiscoveryRetryOptions {
  /** First wait (ms) after a failed discovery before the next attempt. Default `1_000`. */
  minDelay?: number;
  /** Longest wait (ms) between attempts. Default `30_000`. */
  maxDelay?: number;
  /**
   * Longest a request waits (ms) for a discovery attempt in flight — core retries and Webex may hang
   * until the request timeout — before it gets a 503; the attempt goes on and later requests use
   * its result. Default `5_000`.
   */
  maxWait?: number;
  /** Start discovery in the background at boot (failures are only logged). Default `true`. */
  warmUp?: boolean;
}

/** What the module hands to a {@link TokenSink} after a session sign-in. */
export interface TokenSinkInput {
  /** The Webex user id (`sub`). */
  userId: string;
  /** The integration's client id. */
  clientId: string;
  /** Which token policy applies. */
  clientType: ClientType;
  /** Always `webex` for this module. */
  provider: 'webex';
  /** The validated token set. */
  tokens: WebexTokenSet;
}

/**
 * A place to hand the token set to after sign-in, so the token worker keeps it fresh.
 * `@webex-oidc/token-store`'s Redis store satisfies it; so does any object with this `add`.
 */
export interface TokenSink {
  /** Stores the token set; may evict older sets of the same user and client past the limit. */
  add(input: TokenSinkInput, options?: { maxPerUserClient?: number }): Promise<unknown>;
}

/** Token hand-off settings. */
export interface WebexTokenStoreOptions {
  /** Where token sets go after sign-in. */
  sink: TokenSink;
  /** Client type for the token policy. Default `web`. */
  clientType?: ClientType;
  /** Most refresh tokens kept per user and client (the store enforces it). */
  maxPerUserClient?: number;
}

/** Runtime options of {@link WebexAuthModule} (what `forRoot` takes or `useFactory` returns). */
export interface WebexAuthModuleOptions {
  /**
   * Options of the core configuration (`createWebexConfig`): `clientId`, `clientSecret`,
   * `redirectUri` (required for session mode: the full URL of the callback route),
   * `discoveryUrl`, `issuers`, `apiBaseUrl`, `allowInsecureRequests`…
   */
  webex: WebexConfigOptions;
  /** How callers authenticate. Default `session`. */
  mode?: WebexAuthMode;
  /** Scopes requested at sign-in. Default `openid email profile`. */
  scope?: string | string[];
  /** `prompt` sent at sign-in (e.g. `login` to force re-authentication). */
  prompt?: string;
  /** `max_age` (seconds) sent at sign-in. */
  maxAge?: number;
  /** Where the browser goes after sign-in when no `returnTo` was given. Default `/`. */
  afterLoginPath?: string;
  /** Where the browser goes after sign-out. Default `/`. */
  afterLogoutPath?: string;
  /**
   * Keep the token set in the session (`req.session.webexAuth.tokens`) so the app can call Webex
   * for the user and `WebexAuthService.refresh()` it. Default `true` (the session store is
   * server-side; the cookie holds only the session id).
   */
  sessionTokens?: boolean;
  /** Bearer-mode settings. */
  bearer?: WebexBearerOptions;
  /** Discovery backoff. */
  discovery?: WebexDiscoveryRetryOptions;
  /** Optional hand-off of the token set to a token store after sign-in. */
  tokenStore?: WebexTokenStoreOptions;
}

/** Options fixed when the module is declared (they shape which routes exist). */
export interface WebexAuthModuleDefinition {
  /** Register the module globally so the guard and service resolve in every module. Default `true`. */
  global?: boolean;
  /**
   * Paths of the sign-in routes, or `false` to register no controller (pure bearer APIs).
   * Default: the routes are registered (with `forRoot` only when `mode` is not `bearer`).
   */
  routes?: WebexAuthRoutes | false;
}

/** `forRootAsync` options: the runtime options come from a factory with injected dependencies. */
export interface WebexAuthModuleAsyncOptions extends WebexAuthModuleDefinition, Pick<ModuleMetadata, 'imports'> {
  /** Builds the runtime options (e.g. from `ConfigService`). */
  useFactory: (...args: never[]) => WebexAuthModuleOptions | Promise<WebexAuthModuleOptions>;
  /** Providers passed to `useFactory`, in order. */
  inject?: FactoryProvider['inject'];
}
