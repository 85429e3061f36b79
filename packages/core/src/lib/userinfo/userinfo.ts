import * as client from 'openid-client';
import { stateOf, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import type { WebexUserClaims } from '../id-token/claims.js';
import { clientConfiguration } from '../oidc/client-configuration.js';
import { errorHandler } from '../oidc/error-handler.js';
import { assertNonEmptyString, assertOptionalString } from '../util/args.js';

const WHAT = 'userinfo request';

/** The userinfo answer: the claims of every granted scope; its `sub` equals the ID token's. */
export type UserinfoClaims = WebexUserClaims;

/** Options of {@link fetchUserinfo}. */
export interface UserinfoOptions {
  /**
   * The `sub` the answer must be for (the ID token's): a different one rejects with
   * `userinfo_sub_mismatch`. Strongly recommended; without it the check is skipped.
   */
  expectedSub?: string;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/**
 * Fetches the userinfo claims with a Bearer access token. An expired or revoked access token
 * rejects with `invalid_token`.
 */
export async function fetchUserinfo(config: WebexConfig, accessToken: string, options: UserinfoOptions = {}): Promise<UserinfoClaims> {
  const state = stateOf(config);
  assertNonEmptyString(accessToken, 'accessToken');
  assertOptionalString(options.expectedSub, 'options.expectedSub');
  const metadata = await discoverState(state);
  if (typeof metadata.userinfo_endpoint !== 'string') {
    throw new WebexOidcError(ErrorCode.DiscoveryFailed, 'The discovery document lists no userinfo endpoint.', { transient: false });
  }
  const configuration = clientConfiguration(state, metadata, { what: WHAT, signal: options.signal });
  try {
    const claims = await client.fetchUserInfo(configuration, accessToken, options.expectedSub ?? client.skipSubjectCheck);
    return claims as UserinfoClaims;
  } catch (err) {
    return errorHandler(WHAT, err);
  }
}
