import { stateOf, type ConfigState, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { requestJson } from '../http/request.js';
import { argError, normalizeScope } from '../util/args.js';
import type { DeviceAuthorization, DeviceAuthorizationRequest } from './types.js';

const WHAT = 'device authorization request';

/** Default device-grant scope. */
export const DEFAULT_DEVICE_SCOPE = 'spark:all';

/** @internal The device authorization endpoint: the option, else discovery's, else `${apiBaseUrl}/device/authorize`. */
export async function deviceAuthorizationEndpoint(state: ConfigState): Promise<URL> {
  if (state.resolved.deviceAuthorizationEndpoint !== undefined) return state.resolved.deviceAuthorizationEndpoint;
  const metadata = await discoverState(state);
  const listed = metadata.device_authorization_endpoint;
  return new URL(typeof listed === 'string' ? listed : `${state.resolved.apiBaseUrl}/device/authorize`);
}

function str(json: Record<string, unknown>, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(json: Record<string, unknown>, key: string): number | undefined {
  const value = json[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Starts a device grant: POSTs `client_id` and `scope` (no client authentication, as Webex
 * wants) to the device authorization endpoint and returns the codes with an absolute expiry.
 */
export async function startDeviceAuthorization(
  config: WebexConfig,
  request: DeviceAuthorizationRequest = {},
): Promise<DeviceAuthorization> {
  const state = stateOf(config);
  if (typeof request !== 'object' || request === null) throw argError('ERR_INVALID_ARG_TYPE', '"request" must be an object.');
  const scope = normalizeScope(request.scope, DEFAULT_DEVICE_SCOPE);
  const url = await deviceAuthorizationEndpoint(state);
  const now = Date.now();
  const json = await requestJson(
    WHAT,
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: state.resolved.clientId, scope: scope.join(' ') }),
    },
    { fetch: state.resolved.fetch, timeout: state.resolved.timeout, signal: request.signal },
  );
  const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const deviceCode = str(body, 'device_code');
  const userCode = str(body, 'user_code');
  const verificationUri = str(body, 'verification_uri') ?? str(body, 'verification_url');
  const expiresIn = num(body, 'expires_in');
  if (deviceCode === undefined || userCode === undefined || verificationUri === undefined || expiresIn === undefined) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the device authorization request without the RFC 8628 fields.');
  }
  const authorization: DeviceAuthorization = {
    deviceCode,
    userCode,
    verificationUri,
    expiresAt: now + expiresIn * 1000,
    interval: num(body, 'interval') ?? 5,
    scope,
  };
  const complete = str(body, 'verification_uri_complete');
  if (complete !== undefined) authorization.verificationUriComplete = complete;
  return authorization;
}
