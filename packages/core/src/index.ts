export { ErrorCode, WebexOidcError, isWebexOidcError } from './lib/errors.js';
export type { WebexOidcErrorOptions } from './lib/errors.js';
export type { WebexTokenSet } from './lib/token-set.js';

// ── OIDC flows (discovery, code + PKCE, implicit, device, tokens, ID token, userinfo, webfinger) ──
export { createWebexConfig } from './lib/config/config.js';
export type { WebexConfig } from './lib/config/config.js';
export type { WebexConfigOptions } from './lib/config/options.js';
export { CLIENT_AUTH_METHODS, CLIENT_SECRET_JWT_ALGORITHMS, PRIVATE_KEY_JWT_ALGORITHMS } from './lib/client-auth/types.js';
export type {
  ClientAuthMethod,
  ClientPrivateKey,
  ClientSecretAuth,
  ClientSecretJwtAlgorithm,
  ClientSecretJwtAuth,
  PrivateJwk,
  PrivateKeyJwtAlgorithm,
  PrivateKeyJwtAuth,
  WebexClientAuth,
} from './lib/client-auth/types.js';
export { DEFAULT_DISCOVERY_URL, DEFAULT_REVOCATION_ENDPOINT } from './lib/config/options.js';
export { DEFAULT_ISSUERS, WEBEX_ISSUER } from './lib/config/issuer-allow-list.js';
export { discover } from './lib/discovery/discover.js';
export type { WebexServerMetadata } from './lib/discovery/metadata.js';
export { buildAuthorizationUrl, DEFAULT_SCOPE } from './lib/authorize/build-url.js';
export type {
  AuthorizationChecks,
  AuthorizationRequest,
  AuthorizationUrl,
  ImplicitResponseType,
} from './lib/authorize/types.js';
export { authorizationCodeGrant } from './lib/callback/code-grant.js';
export type { CodeGrantOptions, SignInResult } from './lib/callback/code-grant.js';
export { buildImplicitUrl, implicitCallback } from './lib/implicit/implicit.js';
export type { ImplicitRequest, ImplicitResult } from './lib/implicit/implicit.js';
export { DEFAULT_DEVICE_SCOPE, startDeviceAuthorization } from './lib/device/start.js';
export { deviceGrant, pollDeviceAuthorization } from './lib/device/poll.js';
export type {
  DeviceAuthorization,
  DeviceAuthorizationRequest,
  DeviceGrantOptions,
  DevicePendingInfo,
  DevicePollOptions,
} from './lib/device/types.js';
export { refreshTokens } from './lib/tokens/refresh.js';
export type { RefreshOptions } from './lib/tokens/refresh.js';
export { revokeToken } from './lib/tokens/revoke.js';
export type { RevokeOptions } from './lib/tokens/revoke.js';
export { validateIdToken } from './lib/id-token/validate.js';
export type { IdTokenClaims, IdTokenFailureReason, ValidateIdTokenOptions, WebexUserClaims } from './lib/id-token/claims.js';
export { fetchUserinfo } from './lib/userinfo/userinfo.js';
export type { UserinfoClaims, UserinfoOptions } from './lib/userinfo/userinfo.js';
export { webfinger } from './lib/webfinger/webfinger.js';
export type { WebfingerJrd, WebfingerOptions, WebfingerResult } from './lib/webfinger/webfinger.js';
// ── end of OIDC flow exports ──────────────────────────────────────────────────────────────────

// ── Guest tokens, Webex REST API (people/me, guests) and token policy ─────────────────────────
// (owned by the guest/policy engineer: src/lib/guest, src/lib/webex-api, src/lib/policy)
export { DEFAULT_API_BASE_URL } from './lib/webex-api/options.js';
export type { WebexApiOptions } from './lib/webex-api/options.js';
export { fetchPerson } from './lib/webex-api/people.js';
export type { WebexPerson } from './lib/webex-api/people.js';
export { createGuestToken, decodeGuestToken, DEFAULT_GUEST_TOKEN_TTL_SECONDS } from './lib/guest/guest-token.js';
export type { CreateGuestTokenInput, DecodedGuestToken, GuestTokenClaims } from './lib/guest/guest-token.js';
export { decodeGuestSecret } from './lib/guest/secret.js';
export { exchangeGuestToken } from './lib/guest/exchange.js';
export type { ExchangeGuestTokenOptions, GuestAccessToken } from './lib/guest/exchange.js';
export { countServiceAppGuests, createServiceAppGuest } from './lib/guest/service-app.js';
export type { ServiceAppGuest, ServiceAppGuestInput } from './lib/guest/service-app.js';
export { CLIENT_TYPES, DEFAULT_REFRESH_AT, POLICY_RANGES } from './lib/policy/types.js';
export type { ClientType, ClientTypePolicy, PolicyRange, TokenPolicy, TokenPolicyInput } from './lib/policy/types.js';
export { defineTokenPolicy, isClientType, policyFor, validateRefreshAt } from './lib/policy/define-policy.js';
export { refreshDueAt } from './lib/policy/refresh-due.js';
export type { RefreshDueOptions } from './lib/policy/refresh-due.js';
export { applyTokenPolicy, assertRefreshAllowed, sessionsToRevoke } from './lib/policy/apply-policy.js';
export type { ApplyTokenPolicyOptions, PolicyTokenFields } from './lib/policy/apply-policy.js';
// ── end of guest / webex-api / policy exports ──────────────────────────────────────────────────
