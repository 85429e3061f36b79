import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WebexAuthGuard, WebexAuthModule, type WebexAuthModuleOptions } from '@webex-oidc/nestjs';
import { AppController } from './app.controller.js';
import { APP_OPTIONS, type AppOptions } from './app.options.js';

/** Holds the app's options so other modules can inject them (like `@nestjs/config`'s ConfigService). */
@Module({})
class AppOptionsModule {
  static register(options: AppOptions): DynamicModule {
    return { module: AppOptionsModule, providers: [{ provide: APP_OPTIONS, useValue: options }], exports: [APP_OPTIONS] };
  }
}

function webexAuthOptions(options: AppOptions): WebexAuthModuleOptions {
  return {
    mode: options.mode ?? 'session',
    webex: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      discoveryUrl: options.discoveryUrl,
      allowInsecureRequests: options.allowInsecureRequests ?? false,
      ...(options.apiBaseUrl !== undefined && { apiBaseUrl: options.apiBaseUrl }),
      ...(options.revocationEndpoint !== undefined && { revocationEndpoint: options.revocationEndpoint }),
      ...(options.issuers !== undefined && { issuers: options.issuers }),
    },
    afterLoginPath: '/profile',
    bearer: {
      ...(options.bearerCacheTtl !== undefined && { cacheTtl: options.bearerCacheTtl }),
      ...(options.resolveScopes !== undefined && { resolveScopes: options.resolveScopes }),
    },
    discovery: { ...(options.discoveryMinDelay !== undefined && { minDelay: options.discoveryMinDelay }) },
  };
}

/** The root module: Webex sign-in (options from a factory, as with ConfigService) and a global guard. */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WebexAuthModule.forRootAsync({
          imports: [AppOptionsModule.register(options)],
          inject: [APP_OPTIONS],
          useFactory: (appOptions: AppOptions) => webexAuthOptions(appOptions),
        }),
      ],
      controllers: [AppController],
      providers: [{ provide: APP_GUARD, useClass: WebexAuthGuard }],
    };
  }
}
