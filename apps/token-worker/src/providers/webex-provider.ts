import { isWebexOidcError, refreshTokens, revokeToken, type WebexConfig, type WebexTokenSet } from '@webex-oidc/core';
import type { StoredTokenSet } from '@webex-oidc/token-store';
import type { RefreshCallOptions, RefreshFailure, RefreshProvider } from './provider.js';

/** Options of {@link createWebexProvider}. */
export interface WebexProviderOptions {
  /** One core configuration per Webex integration (client id) whose sets the worker refreshes. */
  clients: ReadonlyMap<string, WebexConfig>;
}

/** Thrown when a set names a client id the worker has no configuration for. */
export class UnknownClientError extends Error {
  override readonly name = 'UnknownClientError';
  /** Stable code. */
  readonly code = 'unknown_client';
  constructor(clientId: string) {
    super(`No Webex client is configured for client id ${clientId}: add it to the worker's "clients".`);
  }
}

/**
 * The `webex` provider: refreshes through `@webex-oidc/core` (`refreshTokens`, which keeps the old
 * refresh token when none comes back) and revokes with `revokeToken`.
 */
export function createWebexProvider(options: WebexProviderOptions): RefreshProvider {
  const configFor = (clientId: string): WebexConfig => {
    const config = options.clients.get(clientId);
    if (config === undefined) throw new UnknownClientError(clientId);
    return config;
  };
  return {
    name: 'webex',
    async refresh(set: StoredTokenSet, options: RefreshCallOptions): Promise<WebexTokenSet> {
      return refreshTokens(configFor(set.clientId), set.tokens, { signal: options.signal });
    },
    async revoke(set: StoredTokenSet): Promise<void> {
      const config = configFor(set.clientId);
      if (set.tokens.refreshToken) await revokeToken(config, set.tokens.refreshToken, 'refresh_token');
    },
    classify(error: unknown): RefreshFailure {
      if (!isWebexOidcError(error)) {
        const code = error instanceof UnknownClientError ? error.code : 'unexpected';
        return { kind: 'transient', code };
      }
      const retryAfterMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000;
      if (error.code === 'rate_limited' || error.status === 429) return { kind: 'rate_limited', code: error.code, retryAfterMs };
      if (error.code === 'invalid_grant') return { kind: 'permanent', code: error.code };
      return { kind: 'transient', code: error.code, retryAfterMs };
    },
  };
}
