/** Injection token of the resolved `WebexAuthModuleOptions` (inject it with `@Inject(WEBEX_AUTH_OPTIONS)`). */
export const WEBEX_AUTH_OPTIONS = Symbol.for('@webex-oidc/nestjs:options');

/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = '@webex-oidc/nestjs:public';

/** Metadata key set by `@Scopes()`. */
export const SCOPES_KEY = '@webex-oidc/nestjs:scopes';

/** Default paths of the sign-in routes. */
export const DEFAULT_ROUTES = { login: '/auth/login', callback: '/auth/callback', logout: '/auth/logout' } as const;

/** Injection token of the resolved route paths (`false` when no controller is registered). @internal */
export const WEBEX_AUTH_ROUTES = Symbol.for('@webex-oidc/nestjs:routes');

/** Resolved route paths. @internal */
export type ResolvedRoutes = { login: string; callback: string; logout: string } | false;
