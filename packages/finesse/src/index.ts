export { FinesseError, FinesseErrorCode, isFinesseError } from './lib/errors.js';
export type { FinesseApiErrorDetail, FinesseErrorOptions } from './lib/errors.js';
export type { FinesseConnectionOptions } from './lib/http/transport.js';
export { DEFAULT_TIMEOUT_MS } from './lib/http/transport.js';
export { buildSsoTokenUrl, SSO_TOKEN_PATH } from './lib/token/sso-url.js';
export type { SsoTokenUrlOptions } from './lib/token/sso-url.js';
export { DEFAULT_REFRESH_RATIO, finesseRefreshDueAt, parseFinesseTokenResponse } from './lib/token/token-set.js';
export type { FinesseTokenSet, ParseFinesseTokenOptions } from './lib/token/token-set.js';
export { refreshFinesseTokens } from './lib/token/refresh.js';
export type { FinesseRefreshMethod, FinesseRefreshOptions, RefreshFinesseTokensOptions } from './lib/token/refresh.js';
export { FinesseTokenManager } from './lib/token/token-manager.js';
export type { FinesseTokenManagerEvents, FinesseTokenManagerOptions } from './lib/token/token-manager.js';
export { basicAuth, bearerAuth } from './lib/api/auth.js';
export type { FinesseAuthProvider } from './lib/api/auth.js';
export { FinesseClient } from './lib/api/client.js';
export type { DialogActionOptions, FinesseClientOptions } from './lib/api/client.js';
export type { FinesseCallVariablesInput, UpdateCallDataOptions } from './lib/api/call-data.js';
export type { DialogActionParams, RequestableAgentState } from './lib/api/requests.js';
export type {
  FinesseAgentState,
  FinesseAuthMode,
  FinesseCallVariable,
  FinesseDeploymentType,
  FinesseDialog,
  FinesseDialogAction,
  FinesseParticipant,
  FinesseReasonCode,
  FinesseReasonCodeCategory,
  FinesseSystemInfo,
  FinesseUser,
} from './lib/api/types.js';
