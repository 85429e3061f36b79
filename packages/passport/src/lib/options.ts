import type { IdTokenClaims, WebexConfig, WebexConfigOptions, WebexTokenSet } from '@webex-oidc/core';
import type { Request } from 'express';
import type { AuthenticateOptions } from 'passport';
import type { WebexProfile } from './profile.js';
import type { TokenSinkOptions } from './token-sink.js';

/** The token set handed to the verify callback: core's {@link WebexTokenSet} plus the validated ID token claims. */
export type WebexStrategyTokens = WebexTokenSet & {
  /** The validated ID token claims (`sub`, `iss`, `aud`, `nonce`...), when an ID token came back. */
  claims?: IdTokenClaims | undefined;
};

/**
 * Passport's `done` callback: `done(err)` for a server failure, `done(null, false, info)` to
 * refuse the user (HTTP 401), `done(null, user, info)` to sign them in.
 */
export type VerifyCallback = (err: unknown, user?: Express.User | false | null, info?: object) => void;

/**
 * Verify callback: map the Webex identity to your user. May be `async`; a rejected promise is
 * reported through Passport's `error`.
 */
export type VerifyFunction = (tokens: WebexStrategyTokens, profile: WebexProfile, done: VerifyCallback) => unknown;

/** {@link VerifyFunction} with the request first (`passReqToCallback: true`). */
export type VerifyFunctionWithRequest = (
  req: Request,
  tokens: WebexStrategyTokens,
  profile: WebexProfile,
  done: VerifyCallback,
) => unknown;

/** The Webex client settings used when no ready {@link WebexConfig} is passed as `config`. */
export type WebexClientSettings = Omit<WebexConfigOptions, 'clientId' | 'clientSecret' | 'redirectUri'>;

interface WebexStrategyOptionsBase extends TokenSinkOptions {
  /**
   * The absolute redirect URI registered with the Webex integration, e.g.
   * `https://app.example.com/auth/webex/callback`. Always taken from here (or from
   * `authenticate(..., { callbackURL })`), never from the request's Host header, which a proxy
   * or an attacker controls.
   */
  callbackURL: string | URL;
  /** A ready core configuration to share with the rest of the app. Give either this or `clientID`. */
  config?: WebexConfig | undefined;
  /** The integration's client id (when `config` is not given). */
  clientID?: string | undefined;
  /** The integration's client secret (when `config` is not given). */
  clientSecret?: string | undefined;
  /**
   * Further core settings when `config` is not given: `discoveryUrl` (Webex for Government, the
   * sandbox), `issuers` allow-list, `allowInsecureRequests` (plain http, sandbox only), `timeout`...
   */
  webex?: WebexClientSettings | undefined;
  /** Strategy name for `passport.authenticate(name)`. Default `'webex'`. */
  name?: string | undefined;
  /** Session property holding the pending sign-ins. Default `'webex-oidc:<name>'`. */
  sessionKey?: string | undefined;
  /**
   * Scopes requested in addition to `openid email profile` (which are always requested), e.g.
   * `'spark:people_read'` or `['spark:people_read', 'spark:messages_write']`.
   */
  scope?: string | string[] | undefined;
  /** `prompt` for every sign-in (`'login'`, `'consent'`, `'select_account'`, `'none'`). */
  prompt?: string | undefined;
  /** `max_age` in seconds: require a login at most this old; `auth_time` is then checked. */
  maxAge?: number | undefined;
  /** `login_hint` (an e-mail address) for every sign-in; usually given per request instead. */
  loginHint?: string | undefined;
  /** PKCE method. Default `'S256'`; `'plain'` only for integrations that need it. */
  pkce?: 'S256' | 'plain' | undefined;
  /** Build the profile from the userinfo endpoint (default `true`) or from the ID token only (`false`). */
  fetchUserinfo?: boolean | undefined;
}

/** Options of {@link WebexStrategy} whose verify callback does not take the request. */
export interface WebexStrategyOptions extends WebexStrategyOptionsBase {
  /** Pass the request as the verify callback's first argument. */
  passReqToCallback?: false | undefined;
}

/** Options of {@link WebexStrategy} whose verify callback takes the request first. */
export interface WebexStrategyOptionsWithRequest extends WebexStrategyOptionsBase {
  /** Pass the request as the verify callback's first argument. */
  passReqToCallback: true;
}

/** Per-request options of `passport.authenticate('webex', options)`. */
export interface WebexAuthenticateOptions extends AuthenticateOptions {
  /** `login_hint` for this sign-in (an e-mail address). Overrides the strategy's. */
  loginHint?: string | undefined;
  /** `prompt` for this sign-in. Overrides the strategy's. */
  prompt?: string | undefined;
  /** `max_age` (seconds) for this sign-in. Overrides the strategy's. */
  maxAge?: number | undefined;
  /** Scopes for this sign-in in addition to `openid email profile` (replaces the strategy's extra scopes). */
  scope?: string | string[] | undefined;
  /** Redirect URI for this sign-in (from your code, never from the request). Overrides the strategy's. */
  callbackURL?: string | URL | undefined;
  /** Pass the request to the verify callback for this request. */
  passReqToCallback?: boolean | undefined;
}
