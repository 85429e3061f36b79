import type { ClientType, WebexTokenSet } from '@webex-oidc/core';

/** The kind of client a token set was issued to (Webex token policies differ per kind). */
export type TokenSinkClientType = ClientType;

/**
 * What {@link TokenSink.save} receives after a successful sign-in: the validated token set and
 * who it belongs to. Shaped so that `@webex-oidc/token-store`'s `RedisTokenStore.add(input)`
 * takes it as it is.
 */
export interface TokenSinkInput {
  /** The Webex user id: the ID token's (and userinfo's) `sub`, i.e. `profile.id`. */
  userId: string;
  /** The client id of the integration that signed the user in. */
  clientId: string;
  /** The kind of client; `'web'` unless {@link TokenSinkOptions.clientType} says otherwise. */
  clientType: TokenSinkClientType;
  /** Always `'webex'`. */
  provider: 'webex';
  /** The token set from the token endpoint (access, refresh and ID token, absolute expiries). */
  tokens: WebexTokenSet;
}

/**
 * Where the strategy hands a fresh token set once the verify callback has accepted the user, so
 * that something else (the token worker) can keep it alive. Implement it with a one-line adapter
 * over your store:
 *
 * ```ts
 * const tokenStore: TokenSink = {
 *   save: (input) => redisTokenStore.add(input, { maxPerUserClient: 10 }),
 * };
 * ```
 *
 * A rejected promise fails the request through Passport's `error` (HTTP 500): a sign-in whose
 * tokens could not be kept is not reported as a success.
 *
 * @typeParam TResult - What `save` resolves with; passed on as `info.stored` to Passport.
 */
export interface TokenSink<TResult = unknown> {
  /** Persist the token set. Called once per successful sign-in, after the verify callback. */
  save(input: TokenSinkInput): Promise<TResult>;
}

/** Token hand-off settings of the strategy. */
export interface TokenSinkOptions {
  /** The sink that receives each new token set. */
  tokenStore?: TokenSink | undefined;
  /** The client type recorded with each token set. Default `'web'`. */
  clientType?: TokenSinkClientType | undefined;
}
