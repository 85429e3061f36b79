// The integration tests go through the package's public entry point only.
import { randomPKCECodeVerifier } from 'openid-client';

export {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildImplicitUrl,
  deviceGrant,
  discover,
  ErrorCode,
  fetchUserinfo,
  implicitCallback,
  pollDeviceAuthorization,
  refreshTokens,
  revokeToken,
  startDeviceAuthorization,
  validateIdToken,
  webfinger,
} from '../../src/index.js';
export type { DevicePendingInfo, WebexClientAuth, WebexConfig, WebexTokenSet } from '../../src/index.js';

export function randomVerifierForTests(): string {
  return randomPKCECodeVerifier();
}
