import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  createWebexConfig,
  fetchUserinfo,
  type AuthorizationChecks,
  type AuthorizationRequest,
  type WebexConfig,
} from '@webex-oidc/core';
import type { Request } from 'express';
import type { StrategyCreated, StrategyCreatedStatic, Strategy as PassportStrategy } from 'passport';
import { missingStateFailure, userFailureOf } from './failure.js';
import type {
  VerifyFunction,
  VerifyFunctionWithRequest,
  WebexAuthenticateOptions,
  WebexStrategyOptions,
  WebexStrategyOptionsWithRequest,
  WebexStrategyTokens,
} from './options.js';
import { buildProfile, type WebexProfile } from './profile.js';
import { authorizationRequestFromParams, scopeParam } from './request-params.js';
import { savePendingSignIn, takePendingSignIn, type SessionRecord } from './session-state.js';
import type { TokenSink, TokenSinkClientType } from './token-sink.js';
import { runVerify } from './verify-step.js';

/** `this` inside {@link WebexStrategy.authenticate}: the strategy plus Passport's actions. */
type Created = StrategyCreated<WebexStrategy, WebexStrategy & StrategyCreatedStatic>;

function sessionOf(req: Request): SessionRecord | undefined {
  const session: unknown = (req as { session?: unknown }).session;
  return typeof session === 'object' && session !== null ? (session as SessionRecord) : undefined;
}

/**
 * Passport strategy for Login with Webex: OpenID Connect authorization code flow with PKCE on
 * `@webex-oidc/core` (strict ID token validation, issuer allow-list), a Passport-style profile
 * from userinfo, and optional hand-off of the tokens to a {@link TokenSink}.
 *
 * ```ts
 * passport.use(new WebexStrategy(
 *   { clientID, clientSecret, callbackURL: 'https://app.example.com/auth/webex/callback' },
 *   (tokens, profile, done) => done(null, { id: profile.id, name: profile.displayName }),
 * ));
 * app.get('/login', passport.authenticate('webex'));
 * app.get('/auth/webex/callback', passport.authenticate('webex', { failureRedirect: '/' }), (req, res) => res.redirect('/'));
 * ```
 *
 * Requires session support (express-session) for the pending sign-in (state, nonce, PKCE).
 */
export class WebexStrategy implements PassportStrategy {
  /** Name for `passport.authenticate(name)`. Default `'webex'`. */
  readonly name: string;
  /** @internal */
  readonly _config: WebexConfig;
  /** @internal */
  readonly _verify: VerifyFunction | VerifyFunctionWithRequest;
  /** @internal */
  readonly _callbackURL: URL;
  /** @internal */
  readonly _sessionKey: string;
  /** @internal */
  readonly _passReqToCallback: boolean;
  /** @internal */
  readonly _scope: string | undefined;
  /** @internal */
  readonly _prompt: string | undefined;
  /** @internal */
  readonly _maxAge: number | undefined;
  /** @internal */
  readonly _loginHint: string | undefined;
  /** @internal */
  readonly _pkce: 'S256' | 'plain';
  /** @internal */
  readonly _fetchUserinfo: boolean;
  /** @internal */
  readonly _tokenStore: TokenSink | undefined;
  /** @internal */
  readonly _clientType: TokenSinkClientType;

  /**
   * @param options - Client, callback URL and sign-in settings ({@link WebexStrategyOptions}).
   * @param verify - Maps the Webex identity to your user: `(tokens, profile, done)`, or
   *   `(req, tokens, profile, done)` with `passReqToCallback: true`.
   * @throws TypeError on missing or malformed options (no I/O happens here: discovery is lazy).
   */
  constructor(options: WebexStrategyOptions, verify: VerifyFunction);
  constructor(options: WebexStrategyOptionsWithRequest, verify: VerifyFunctionWithRequest);
  constructor(
    options: WebexStrategyOptions | WebexStrategyOptionsWithRequest,
    verify: VerifyFunction | VerifyFunctionWithRequest,
  ) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('WebexStrategy: "options" must be an object.');
    }
    if (typeof verify !== 'function') {
      throw new TypeError('WebexStrategy: a verify callback is required.');
    }
    if (options.callbackURL === undefined || options.callbackURL === '') {
      throw new TypeError('WebexStrategy: "callbackURL" is required (the redirect URI registered with the Webex integration).');
    }
    this._callbackURL = new URL(options.callbackURL);
    if (options.config !== undefined) {
      if (options.clientID !== undefined || options.clientSecret !== undefined || options.webex !== undefined) {
        throw new TypeError('WebexStrategy: give either "config" or "clientID"/"clientSecret"/"webex", not both.');
      }
      this._config = options.config;
    } else {
      if (typeof options.clientID !== 'string' || options.clientID === '') {
        throw new TypeError('WebexStrategy: "clientID" is required (or pass a ready "config").');
      }
      this._config = createWebexConfig({
        ...options.webex,
        clientId: options.clientID,
        clientSecret: options.clientSecret,
        redirectUri: this._callbackURL.href,
      });
    }
    this.name = options.name ?? 'webex';
    this._sessionKey = options.sessionKey ?? `webex-oidc:${this.name}`;
    this._verify = verify;
    this._passReqToCallback = options.passReqToCallback === true;
    this._scope = options.scope === undefined ? undefined : scopeParam(options.scope);
    this._prompt = options.prompt;
    this._maxAge = options.maxAge;
    this._loginHint = options.loginHint;
    this._pkce = options.pkce ?? 'S256';
    this._fetchUserinfo = options.fetchUserinfo ?? true;
    this._tokenStore = options.tokenStore;
    this._clientType = options.clientType ?? 'web';
  }

  /**
   * [Strategy method] Extra authorization request parameters for this request. Override it to
   * add your own (return `URLSearchParams` or a plain object); the recognised ones (`scope`,
   * `prompt`, `max_age`, `login_hint`, `redirect_uri`) take precedence over the strategy options,
   * the rest are sent as they are. By default it maps the `scope`, `prompt`, `maxAge`,
   * `loginHint` and `callbackURL` of `passport.authenticate('webex', options)`.
   */
  authorizationRequestParams(_req: Request, options: WebexAuthenticateOptions): URLSearchParams | Record<string, string> | undefined {
    const params = new URLSearchParams();
    if (options.scope !== undefined && options.scope.length > 0) params.set('scope', scopeParam(options.scope));
    if (options.prompt) params.set('prompt', options.prompt);
    if (options.maxAge !== undefined) params.set('max_age', String(options.maxAge));
    if (options.loginHint) params.set('login_hint', options.loginHint);
    if (options.callbackURL !== undefined) params.set('redirect_uri', new URL(options.callbackURL).href);
    return params;
  }

  /**
   * [Strategy method] The authorization response parameters of a callback request: the query
   * string of `req.originalUrl` (only its query: the Host header is never used), or the parsed
   * body of a `form_post` POST. Override when a proxy rewrites the callback.
   */
  callbackParams(req: Request): URLSearchParams {
    const body: unknown = (req as { body?: unknown }).body;
    if (req.method === 'POST' && typeof body === 'object' && body !== null) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) {
        if (typeof value === 'string') params.set(key, value);
      }
      return params;
    }
    return new URL(req.originalUrl || req.url, 'http://callback.invalid').searchParams;
  }

  /**
   * [Strategy method] Whether this request starts a sign-in (`true`) or is the callback
   * (`false`). Default: a GET without `code` or `error` parameters starts one.
   */
  shouldInitiateAuthRequest(req: Request, params: URLSearchParams, _options: WebexAuthenticateOptions): boolean {
    return req.method === 'GET' && !params.has('code') && !params.has('error');
  }

  /**
   * [Passport method] Start a sign-in (redirect to Webex) or finish one (callback). Passport calls
   * it on an object it derived from the strategy, which adds `success`, `fail`, `redirect`,
   * `pass` and `error`.
   */
  authenticate(req: Request, options: WebexAuthenticateOptions = {}): void {
    const self = this as unknown as Created;
    const session = sessionOf(req);
    if (session === undefined) {
      self.error(
        new Error('WebexStrategy requires session support: add express-session (app.use(session({...}))) before passport.'),
      );
      return;
    }
    const params = this.callbackParams(req);
    const phase = this.shouldInitiateAuthRequest(req, params, options)
      ? WebexStrategy.prototype._authorizationRequest.call(self, req, session, options)
      : WebexStrategy.prototype._callback.call(self, req, session, params, options);
    phase.catch((err: unknown) => self.error(err));
  }

  /** @internal Build the authorization URL, keep its checks in the session, redirect. */
  async _authorizationRequest(this: Created, req: Request, session: SessionRecord, options: WebexAuthenticateOptions): Promise<void> {
    const extra = new URLSearchParams(this.authorizationRequestParams(req, options) ?? undefined);
    const request: AuthorizationRequest = authorizationRequestFromParams(extra, {
      scope: this._scope,
      prompt: this._prompt,
      maxAge: this._maxAge,
      loginHint: this._loginHint,
      redirectUri: this._callbackURL.href,
      pkce: this._pkce,
    });
    const { url, checks } = await buildAuthorizationUrl(this._config, request);
    savePendingSignIn(session, this._sessionKey, checks.state, checks);
    this.redirect(url.href);
  }

  /** @internal Check the callback against the session, exchange the code, build the profile, verify. */
  async _callback(
    this: Created,
    req: Request,
    session: SessionRecord,
    params: URLSearchParams,
    options: WebexAuthenticateOptions,
  ): Promise<void> {
    const checks = takePendingSignIn<AuthorizationChecks>(session, this._sessionKey, params.get('state'));
    if (checks === undefined) {
      this.fail(missingStateFailure(), 401);
      return;
    }
    const callbackUrl = new URL(checks.redirectUri);
    callbackUrl.search = params.toString();
    let tokens: WebexStrategyTokens;
    let profile: WebexProfile;
    try {
      const result = await authorizationCodeGrant(this._config, callbackUrl, checks);
      tokens = { ...result.tokens, claims: result.claims };
      profile = await WebexStrategy.prototype._profile.call(this, tokens);
    } catch (err) {
      const failure = userFailureOf(err);
      if (failure === undefined) this.error(err);
      else this.fail(failure, 401);
      return;
    }
    await runVerify(this, {
      req,
      tokens,
      profile,
      verify: this._verify,
      passReqToCallback: options.passReqToCallback ?? this._passReqToCallback,
      tokenStore: this._tokenStore,
      clientId: this._config.options.clientId,
      clientType: this._clientType,
    });
  }

  /** @internal The profile from userinfo (checked against the ID token's `sub`) or from the ID token claims. */
  async _profile(this: Created, tokens: WebexStrategyTokens): Promise<WebexProfile> {
    const claims = tokens.claims as Record<string, unknown> | undefined;
    const sub = typeof claims?.['sub'] === 'string' ? claims['sub'] : undefined;
    if (this._fetchUserinfo) {
      const userinfo = await fetchUserinfo(this._config, tokens.accessToken, sub === undefined ? {} : { expectedSub: sub });
      return buildProfile(userinfo as Record<string, unknown>);
    }
    if (claims === undefined) {
      throw new Error('WebexStrategy: no ID token came back and fetchUserinfo is off, so there is no profile; request the "openid" scope.');
    }
    return buildProfile(claims);
  }
}
