/**
 * `@webex-oidc/passport` — a Passport strategy for Login with Webex (OpenID Connect).
 *
 * @packageDocumentation
 */
export { WebexStrategy } from './lib/strategy.js';
export type {
  VerifyCallback,
  VerifyFunction,
  VerifyFunctionWithRequest,
  WebexAuthenticateOptions,
  WebexClientSettings,
  WebexStrategyOptions,
  WebexStrategyOptionsWithRequest,
  WebexStrategyTokens,
} from './lib/options.js';
export { buildProfile } from './lib/profile.js';
export type { WebexProfile } from './lib/profile.js';
export { SESSION_STATE_MISSING } from './lib/failure.js';
export type { WebexFailure } from './lib/failure.js';
export { DEFAULT_SCOPES } from './lib/request-params.js';
export type { TokenSink, TokenSinkClientType, TokenSinkInput, TokenSinkOptions } from './lib/token-sink.js';
// Core's errors, so that users import from one package.
export { ErrorCode, WebexOidcError, isWebexOidcError } from '@webex-oidc/core';
export type { WebexTokenSet } from '@webex-oidc/core';
