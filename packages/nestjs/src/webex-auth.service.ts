import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  createWebexConfig,
  deviceGrant,
  ErrorCode,
  fetchPerson,
  fetchUserinfo,
  isWebexOidcError,
  pollDeviceAuthorization,
  refreshTokens,
  revokeToken,
  startDeviceAuthorization,
  type AuthorizationChecks,
  type AuthorizationRequest,
  type DeviceAuthorization,
  type SignInResult,
  type UserinfoClaims,
  type WebexConfig,
  type WebexPerson,
  type WebexServerMetadata,
  type WebexTokenSet,
} from '@webex-oidc/core';
import { LazyDiscovery } from './lib/lazy-discovery.js';
import { TokenCache } from './lib/token-cache.js';
import { userFromClaims, userFromPerson } from './lib/user.js';
import { WEBEX_AUTH_OPTIONS } from './webex-auth.constants.js';
import type { WebexAuthModuleOptions } from './webex-auth-options.interface.js';
import type { WebexUser } from './webex-user.interface.js';

/** A completed session sign-in: the user, the validated tokens and the ID token claims. */
export interface WebexSignIn {
  /** The user built from userinfo. */
  user: WebexUser;
  /** The token set from the code exchange. */
  tokens: WebexTokenSet;
  /** The validated ID token claims, when an ID token came back. */
  claims?: SignInResult['claims'];
}

/** Whether a failed validation means "this token is bad" (cache it) rather than "Webex is down". */
export function isTokenRejection(err: unknown): boolean {
  if (!isWebexOidcError(err)) return false;
  if (err.transient) return false;
  return (
    err.code === ErrorCode.InvalidToken ||
    err.code === ErrorCode.InvalidGrant ||
    err.status === 401 ||
    err.status === 403 ||
    err.error === 'invalid_token'
  );
}

/**
 * Core's Login-with-Webex operations on the module's one configuration. Inject it anywhere to build
 * authorization URLs, exchange codes, refresh, call userinfo/people/me, run the device flow or
 * validate a bearer token (cached). Methods reject with core's `WebexOidcError` (use
 * `toHttpException()` or `WebexAuthExceptionFilter` to answer HTTP); while discovery fails they
 * reject with a transient `discovery_failed` error whose `retryAfter` says when the next attempt is.
 */
@Injectable()
export class WebexAuthService implements OnModuleInit {
  /** The core configuration, created once (no I/O until first use). */
  readonly config: WebexConfig;
  readonly #discovery: LazyDiscovery;
  readonly #bearerCache: TokenCache<WebexUser>;
  readonly #logger = new Logger('WebexAuth');
  readonly #options: WebexAuthModuleOptions;

  constructor(@Inject(WEBEX_AUTH_OPTIONS) options: WebexAuthModuleOptions) {
    // Kept in a private field (read through the getter) so that logging or serialising the
    // service never prints `webex.clientSecret`.
    this.#options = options;
    this.config = createWebexConfig(options.webex);
    const discovery = options.discovery ?? {};
    this.#discovery = new LazyDiscovery(this.config, discovery.minDelay ?? 1_000, discovery.maxDelay ?? 30_000, discovery.maxWait ?? 5_000);
    this.#bearerCache = new TokenCache<WebexUser>(
      options.bearer?.cacheTtl ?? 60_000,
      options.bearer?.cacheMaxEntries ?? 10_000,
      isTokenRejection,
    );
  }

  /** The module options this service was created with (holds the client secret: don't log it). */
  get options(): WebexAuthModuleOptions {
    return this.#options;
  }

  /** Starts discovery in the background (unless `discovery.warmUp` is `false`); never blocks boot. */
  onModuleInit(): void {
    if (this.options.discovery?.warmUp === false) return;
    this.#discovery.ensure().catch((err: unknown) => {
      this.#logger.warn(`Webex discovery failed at boot; will retry on demand: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Whether discovery has succeeded. */
  get ready(): boolean {
    return this.#discovery.ready;
  }

  /** The server metadata (discovered lazily, retried with backoff). */
  discover(): Promise<WebexServerMetadata> {
    return this.#discovery.ensure();
  }

  /**
   * Builds the authorization URL with the module's defaults (scope, prompt, max_age, redirect URI)
   * and PKCE. Keep `checks` server-side (the session) and pass them to {@link exchangeCode}.
   */
  async createAuthorizationUrl(request: AuthorizationRequest = {}): Promise<{ url: URL; checks: AuthorizationChecks }> {
    await this.discover();
    const defaults: AuthorizationRequest = {};
    if (this.options.scope !== undefined) defaults.scope = this.options.scope;
    if (this.options.prompt !== undefined) defaults.prompt = this.options.prompt;
    if (this.options.maxAge !== undefined) defaults.maxAge = this.options.maxAge;
    return buildAuthorizationUrl(this.config, { ...defaults, ...request });
  }

  /** Exchanges the callback's code (validating state, nonce, PKCE and the ID token). */
  async exchangeCode(callback: URL | string | URLSearchParams, checks: AuthorizationChecks): Promise<SignInResult> {
    await this.discover();
    return authorizationCodeGrant(this.config, callback, checks);
  }

  /** {@link exchangeCode} plus userinfo (its `sub` checked against the ID token's): a signed-in user. */
  async signIn(callback: URL | string | URLSearchParams, checks: AuthorizationChecks): Promise<WebexSignIn> {
    const result = await this.exchangeCode(callback, checks);
    const sub = result.claims?.sub;
    const claims = await fetchUserinfo(this.config, result.tokens.accessToken, sub === undefined ? {} : { expectedSub: sub });
    const user = userFromClaims(claims as Readonly<Record<string, unknown>>, 'session', result.tokens.scope);
    return result.claims === undefined ? { user, tokens: result.tokens } : { user, tokens: result.tokens, claims: result.claims };
  }

  /** Refreshes a token set (keeps the old refresh token when Webex returns none). */
  async refresh(current: WebexTokenSet | string): Promise<WebexTokenSet> {
    await this.discover();
    return refreshTokens(this.config, current);
  }

  /** Revokes an access or refresh token. */
  revoke(token: string, hint?: 'access_token' | 'refresh_token'): Promise<void> {
    return revokeToken(this.config, token, hint);
  }

  /** The userinfo claims of an access token (uncached). */
  async userinfo(accessToken: string): Promise<UserinfoClaims> {
    await this.discover();
    return fetchUserinfo(this.config, accessToken);
  }

  /** `GET /people/me` for an access token (uncached). */
  person(accessToken: string): Promise<WebexPerson> {
    return fetchPerson(this.config.options, accessToken);
  }

  /** Device grant, step 1: get the user code and verification URL to show. */
  startDeviceAuthorization(request?: Parameters<typeof startDeviceAuthorization>[1]): Promise<DeviceAuthorization> {
    return startDeviceAuthorization(this.config, request);
  }

  /** Device grant, step 2: poll until the user finishes (or refuses, or the code expires). */
  pollDeviceAuthorization(
    authorization: DeviceAuthorization,
    options?: Parameters<typeof pollDeviceAuthorization>[2],
  ): Promise<WebexTokenSet> {
    return pollDeviceAuthorization(this.config, authorization, options);
  }

  /** Device grant in one call: `onUserCode` shows the code, the promise resolves with the tokens. */
  deviceGrant(options: Parameters<typeof deviceGrant>[1]): Promise<WebexTokenSet> {
    return deviceGrant(this.config, options);
  }

  /**
   * Validates a bearer access token with Webex (userinfo or people/me, per `bearer.validateWith`),
   * cached by the token's SHA-256 for `bearer.cacheTtl` ms — accepted and rejected answers alike,
   * so one token costs one upstream call per TTL.
   */
  validateBearerToken(accessToken: string): Promise<WebexUser> {
    return this.#bearerCache.get(accessToken, (token) => this.#validate(token));
  }

  async #validate(accessToken: string): Promise<WebexUser> {
    let user: WebexUser;
    if (this.options.bearer?.validateWith === 'people') {
      user = userFromPerson(await this.person(accessToken), 'bearer');
    } else {
      user = userFromClaims((await this.userinfo(accessToken)) as Readonly<Record<string, unknown>>, 'bearer', undefined);
    }
    const resolve = this.options.bearer?.resolveScopes;
    if (resolve !== undefined) user.scopes = await resolve(accessToken, user);
    return user;
  }

  /** Hands a token set to the configured token store (no-op without `tokenStore`). */
  async handOff(user: WebexUser, tokens: WebexTokenSet): Promise<void> {
    const store = this.options.tokenStore;
    if (store === undefined) return;
    const input = {
      userId: user.id,
      clientId: this.options.webex.clientId,
      clientType: store.clientType ?? 'web',
      provider: 'webex',
      tokens,
    } as const;
    await store.sink.add(input, store.maxPerUserClient === undefined ? undefined : { maxPerUserClient: store.maxPerUserClient });
  }
}
