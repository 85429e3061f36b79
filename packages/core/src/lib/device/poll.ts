import type * as client from 'openid-client';
import { clientAuthFor } from '../client-auth/client-auth.js';
import { stateOf, type ConfigState, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { send } from '../http/request.js';
import { errorFromResponse } from '../http/response-error.js';
import { validateIdTokenWith } from '../id-token/validate.js';
import type { WebexTokenSet } from '../token-set.js';
import { toTokenSet, type RawTokenResponse } from '../tokens/token-response.js';
import { argError } from '../util/args.js';
import { basicAuthorization } from '../util/basic-auth.js';
import { sleep } from '../util/sleep.js';
import { startDeviceAuthorization } from './start.js';
import type { DeviceAuthorization, DeviceGrantOptions, DevicePendingInfo, DevicePollOptions } from './types.js';

const WHAT = 'device token request';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

function expired(): WebexOidcError {
  return new WebexOidcError(
    ErrorCode.ExpiredToken,
    'The device code expired before the user finished signing in; start the device sign-in again.',
  );
}

/** Adds the client's credentials to one poll (a fresh assertion each time for the JWT methods). */
type Authenticate = (body: URLSearchParams, headers: Record<string, string>) => Promise<void>;

/**
 * How polls authenticate: Webex wants HTTP Basic with a client secret (whatever
 * `tokenEndpointAuthMethod` says); a `client_secret_jwt` or `private_key_jwt` client sends its
 * assertion in the body, built by the same openid-client `ClientAuth` as its token requests
 * (audience: the discovered token endpoint).
 */
async function pollAuthentication(state: ConfigState): Promise<Authenticate> {
  const { clientId, clientAuth } = state.resolved;
  if (clientAuth.method === 'client_secret_basic' || clientAuth.method === 'client_secret_post') {
    const authorization = basicAuthorization(clientId, clientAuth.secret, WHAT);
    return async (_body, headers) => {
      headers.authorization = authorization;
    };
  }
  const metadata = await discoverState(state);
  const auth = clientAuthFor(clientAuth, metadata.token_endpoint);
  const server = metadata as unknown as client.ServerMetadata;
  return async (body, headers) => {
    const added = new Headers();
    await auth(server, { client_id: clientId }, body, added);
    added.forEach((value, name) => {
      headers[name] = value;
    });
  };
}

function assertAuthorization(a: DeviceAuthorization): void {
  if (typeof a !== 'object' || a === null) throw argError('ERR_INVALID_ARG_TYPE', '"authorization" must be an object.');
  if (typeof a.deviceCode !== 'string' || a.deviceCode === '') throw argError('ERR_INVALID_ARG_VALUE', '"authorization.deviceCode" is required.');
  if (typeof a.expiresAt !== 'number' || typeof a.interval !== 'number' || a.interval < 0) {
    throw argError('ERR_INVALID_ARG_VALUE', '"authorization" must come from startDeviceAuthorization().');
  }
}

/**
 * Polls the device token endpoint until the user finishes, with Webex's deviations from RFC 8628:
 * Basic client authentication (or the configured `client_secret_jwt` / `private_key_jwt`
 * assertion, fresh for every poll); `428 Precondition Required` means pending (as does 400
 * `authorization_pending`); `slow_down` adds 5 s to the interval; 429, 5xx and network failures
 * wait (honouring `Retry-After`) and poll again. Stops with `access_denied`, `expired_token`
 * (also when `expiresAt` passes), `invalid_grant`, any other error answer, or `aborted`.
 *
 * openid-client's `pollDeviceAuthorizationGrant` is not used because it treats 428 as an error.
 */
export async function pollDeviceAuthorization(
  config: WebexConfig,
  authorization: DeviceAuthorization,
  options: DevicePollOptions = {},
): Promise<WebexTokenSet> {
  const state = stateOf(config);
  assertAuthorization(authorization);
  const { resolved } = state;
  const authenticate = await pollAuthentication(state);
  const { signal, onPending } = options;
  let interval = authorization.interval;
  let delay = interval * 1000;
  for (let attempts = 0; ; ) {
    const remaining = authorization.expiresAt - Date.now();
    if (remaining <= 0) throw expired();
    await sleep(Math.min(delay, remaining), signal, 'device sign-in');
    if (Date.now() >= authorization.expiresAt) throw expired();
    attempts += 1;
    let pending: DevicePendingInfo;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      const body = new URLSearchParams({ grant_type: GRANT_TYPE, device_code: authorization.deviceCode, client_id: resolved.clientId });
      await authenticate(body, headers);
      const response = await send(
        WHAT,
        resolved.deviceTokenEndpoint,
        { method: 'POST', headers, body },
        { fetch: resolved.fetch, timeout: resolved.timeout, signal },
      );
      if (response.ok) return await tokensFrom(config, response, authorization.scope);
      if (response.status === 428) {
        await response.body?.cancel();
        delay = interval * 1000;
        pending = { reason: 'authorization_pending', interval, attempts, delay, status: 428 };
      } else {
        const err = await errorFromResponse(WHAT, response);
        if (err.error === 'authorization_pending') {
          delay = interval * 1000;
          pending = { reason: 'authorization_pending', interval, attempts, delay, status: response.status };
        } else if (err.error === 'slow_down') {
          interval += 5;
          delay = interval * 1000;
          pending = { reason: 'slow_down', interval, attempts, delay, status: response.status };
        } else if (err.transient) {
          delay = Math.max(interval * 1000, (err.retryAfter ?? 0) * 1000);
          pending = { reason: 'retry', interval, attempts, delay, status: response.status };
        } else {
          throw err;
        }
      }
    } catch (err) {
      if (!(err instanceof WebexOidcError) || err.code !== ErrorCode.NetworkError) throw err;
      delay = interval * 1000;
      pending = { reason: 'retry', interval, attempts, delay };
    }
    if (onPending !== undefined) await onPending(pending);
  }
}

async function tokensFrom(config: WebexConfig, response: Response, scope: string[]): Promise<WebexTokenSet> {
  let json: unknown;
  try {
    json = await response.json();
  } catch (err) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the device token request with a body that is not JSON.', {
      status: response.status,
      cause: err,
    });
  }
  if (typeof json !== 'object' || json === null) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the device token request with an unexpected body.');
  }
  const raw = json as RawTokenResponse;
  const idToken = typeof raw.id_token === 'string' ? raw.id_token : undefined;
  const tokens = toTokenSet(raw, idToken, scope);
  if (idToken !== undefined) {
    const state = stateOf(config);
    await validateIdTokenWith(state, await discoverState(state), idToken, { accessToken: tokens.accessToken });
  }
  return tokens;
}

/**
 * The whole device grant: {@link startDeviceAuthorization}, then `onUserCode` (show the code),
 * then {@link pollDeviceAuthorization}.
 */
export async function deviceGrant(config: WebexConfig, options: DeviceGrantOptions): Promise<WebexTokenSet> {
  if (typeof options !== 'object' || options === null || typeof options.onUserCode !== 'function') {
    throw argError('ERR_INVALID_ARG_TYPE', '"options.onUserCode" must be a function that shows the user code.');
  }
  const { onUserCode, ...rest } = options;
  const authorization = await startDeviceAuthorization(config, rest);
  await onUserCode(authorization);
  return pollDeviceAuthorization(config, authorization, rest);
}
