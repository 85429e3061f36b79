export { WebexAuthModule } from './webex-auth.module.js';
export { WebexAuthGuard } from './webex-auth.guard.js';
export { WebexAuthService, isTokenRejection } from './webex-auth.service.js';
export type { WebexSignIn } from './webex-auth.service.js';
export { createWebexAuthController } from './webex-auth.controller.js';
export { WebexAuthExceptionFilter } from './webex-auth-exception.filter.js';
export { Public } from './public.decorator.js';
export { Scopes } from './scopes.decorator.js';
export { CurrentUser } from './current-user.decorator.js';
export { WEBEX_AUTH_OPTIONS, IS_PUBLIC_KEY, SCOPES_KEY, DEFAULT_ROUTES } from './webex-auth.constants.js';
export { toHttpException, webexHttpException, WebexAuthErrorCode } from './lib/http-errors.js';
export type { WebexAuthErrorBody } from './lib/http-errors.js';
export type { WebexSessionData } from './lib/session.js';
export type {
  TokenSink,
  TokenSinkInput,
  WebexAuthMode,
  WebexAuthModuleAsyncOptions,
  WebexAuthModuleDefinition,
  WebexAuthModuleOptions,
  WebexAuthRoutes,
  WebexBearerOptions,
  WebexDiscoveryRetryOptions,
  WebexTokenStoreOptions,
} from './webex-auth-options.interface.js';
export type { WebexUser } from './webex-user.interface.js';
// Core's error type and codes, so apps import everything from one package.
export { ErrorCode, WebexOidcError, isWebexOidcError } from '@webex-oidc/core';
export type { WebexTokenSet } from '@webex-oidc/core';
