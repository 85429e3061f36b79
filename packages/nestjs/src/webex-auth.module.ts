import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { createWebexAuthController } from './webex-auth.controller.js';
import { DEFAULT_ROUTES, WEBEX_AUTH_OPTIONS, WEBEX_AUTH_ROUTES, type ResolvedRoutes } from './webex-auth.constants.js';
import { WebexAuthGuard } from './webex-auth.guard.js';
import type {
  WebexAuthModuleAsyncOptions,
  WebexAuthModuleDefinition,
  WebexAuthModuleOptions,
} from './webex-auth-options.interface.js';
import { WebexAuthService } from './webex-auth.service.js';

function resolveRoutes(routes: WebexAuthModuleDefinition['routes']): ResolvedRoutes {
  if (routes === false) return false;
  return { ...DEFAULT_ROUTES, ...routes };
}

function assertOptions(options: WebexAuthModuleOptions): WebexAuthModuleOptions {
  if (typeof options !== 'object' || options === null || typeof options.webex !== 'object' || options.webex === null) {
    throw Object.assign(new TypeError('WebexAuthModule needs options.webex (clientId, clientSecret, redirectUri…).'), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
  const ttl = options.bearer?.cacheTtl;
  if (ttl !== undefined && (!Number.isFinite(ttl) || ttl < 0)) {
    throw Object.assign(new TypeError(`bearer.cacheTtl must be a number of ms >= 0; got ${String(ttl)}.`), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
  return options;
}

function build(definition: WebexAuthModuleDefinition, optionsProvider: Provider, routes: ResolvedRoutes, imports: DynamicModule['imports'] = []): DynamicModule {
  return {
    module: WebexAuthModule,
    global: definition.global ?? true,
    imports,
    controllers: routes === false ? [] : [createWebexAuthController(routes)],
    providers: [optionsProvider, { provide: WEBEX_AUTH_ROUTES, useValue: routes }, WebexAuthService, WebexAuthGuard],
    exports: [WEBEX_AUTH_OPTIONS, WEBEX_AUTH_ROUTES, WebexAuthService, WebexAuthGuard],
  };
}

/**
 * Login with Webex for Nest. Import it once in the root module:
 *
 * ```ts
 * WebexAuthModule.forRoot({ webex: { clientId, clientSecret, redirectUri } })
 * ```
 * or with `forRootAsync({ imports, useFactory, inject })`; then register {@link WebexAuthGuard} as
 * `APP_GUARD` (or per route). Provides {@link WebexAuthService}, the guard and — unless
 * `routes: false` — the sign-in routes (`/auth/login`, `/auth/callback`, `/auth/logout` by default).
 */
@Module({})
export class WebexAuthModule {
  /** Registers the module with static options. */
  static forRoot(options: WebexAuthModuleOptions & WebexAuthModuleDefinition): DynamicModule {
    const { global, routes, ...runtime } = assertOptions(options) as WebexAuthModuleOptions & WebexAuthModuleDefinition;
    const definition: WebexAuthModuleDefinition = { global, routes: routes ?? (runtime.mode === 'bearer' ? false : undefined) };
    return build(definition, { provide: WEBEX_AUTH_OPTIONS, useValue: runtime }, resolveRoutes(definition.routes));
  }

  /**
   * Registers the module with options from a factory (e.g. `ConfigService`). `global` and `routes`
   * are given here, not by the factory, because they decide which routes exist before any provider
   * runs. In bearer mode the sign-in routes answer 404; pass `routes: false` to omit them.
   */
  static forRootAsync(options: WebexAuthModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as (...args: unknown[]) => WebexAuthModuleOptions | Promise<WebexAuthModuleOptions>;
    const provider: Provider = {
      provide: WEBEX_AUTH_OPTIONS,
      useFactory: async (...args: unknown[]) => assertOptions(await factory(...args)),
      inject: options.inject ?? [],
    };
    return build(options, provider, resolveRoutes(options.routes), options.imports);
  }
}
