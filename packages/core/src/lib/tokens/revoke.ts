import * as client from 'openid-client';
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
 * none): a form POST of `token` and `token_type_hint` with HTTP Basic client authentication.
 * Revoking an unknown or already revoked token succeeds (RFC 7009 §2.2).
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
  if (state.resolved.clientSecret === undefined) {
    throw argError('ERR_MISSING_OPTION', 'Revocation needs "clientSecret" in the configuration.');
  }
  const metadata = await discoverState(state);
  const configuration = clientConfiguration(state, metadata, {
    what: WHAT,
    signal: options.signal,
    auth: 'client_secret_basic',
    overrides: { revocation_endpoint: state.resolved.revocationEndpoint.href },
  });
  try {
    await client.tokenRevocation(configuration, token, { token_type_hint: hint });
  } catch (err) {
    await errorHandler(WHAT, err);
  }
}
