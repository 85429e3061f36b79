import * as client from 'openid-client';
import { hasClientCredentials } from '../client-auth/resolve.js';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { clientConfiguration } from '../oidc/client-configuration.js';
import { errorHandler } from '../oidc/error-handler.js';
import { argError, assertNonEmptyString } from '../util/args.js';

const WHAT = 'revocation request';

/** Options of {@link revokeToken}. */
export interface RevokeOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
}

/**
 * Revokes a token (RFC 7009) at Webex's idbroker endpoint (`revocationEndpoint`; discovery lists
 * none): a form POST of `token` and `token_type_hint`, the client authenticated with HTTP Basic
 * when it has a client secret (whatever `tokenEndpointAuthMethod` says), or with its
 * `client_secret_jwt` / `private_key_jwt` assertion. Revoking an unknown or already revoked
 * token succeeds (RFC 7009 §2.2).
 */
export async function revokeToken(
  config: WebexConfig,
  token: string,
  hint: 'access_token' | 'refresh_token' = 'access_token',
  options: RevokeOptions = {},
): Promise<void> {
  const state = stateOf(config);
  assertNonEmptyString(token, 'token');
  if (hint !== 'access_token' && hint !== 'refresh_token') {
    throw argError('ERR_INVALID_ARG_VALUE', '"hint" must be "access_token" or "refresh_token".');
  }
  if (!hasClientCredentials(state.resolved.clientAuth)) {
    throw argError('ERR_MISSING_OPTION', 'Revocation needs client credentials in the configuration: "clientSecret" or "clientAuth".');
  }
  const metadata = await discoverState(state);
  const configuration = clientConfiguration(state, metadata, {
    what: WHAT,
    signal: options.signal,
    secretAuth: 'client_secret_basic',
    overrides: { revocation_endpoint: state.resolved.revocationEndpoint.href },
  });
  try {
    await client.tokenRevocation(configuration, token, { token_type_hint: hint });
  } catch (err) {
    await errorHandler(WHAT, err);
  }
}
