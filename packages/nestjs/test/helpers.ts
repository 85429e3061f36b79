// Shared by the integration tests: a Nest test app over real HTTP, and a cookie-keeping client.
import 'reflect-metadata';
import { Controller, Get, Module, UseGuards, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { Browser as TestBrowser } from '@webex-oidc/testing';
import session from 'express-session';
import {
  CurrentUser,
  Public,
  Scopes,
  WebexAuthGuard,
  WebexAuthModule,
  type WebexAuthModuleOptions,
  type WebexUser,
} from '../src/index.js';

@Controller()
class TestController {
  @Public()
  @Get('open')
  open(@CurrentUser() user?: WebexUser): { user: string | null } {
    return { user: user?.id ?? null };
  }

  @Get('me')
  me(@CurrentUser() user: WebexUser): WebexUser {
    return user;
  }

  @Get('email')
  email(@CurrentUser('email') email: string): { email: string } {
    return { email };
  }

  @Scopes('openid')
  @Get('scoped/ok')
  scopedOk(): { ok: true } {
    return { ok: true };
  }

  @Scopes('openid', 'spark:rooms_read')
  @Get('scoped/missing')
  scopedMissing(): { ok: true } {
    return { ok: true };
  }
}

/** Without a global guard: only the route with `@UseGuards` is protected. */
@Controller('per-route')
class PerRouteController {
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @UseGuards(WebexAuthGuard)
  @Get('guarded')
  guarded(@CurrentUser() user: WebexUser): { user: string } {
    return { user: user.id };
  }
}

/** Module options pointing at a sandbox (or at `base`, a URL where it will be). */
export function sandboxOptions(base: string, overrides: Partial<WebexAuthModuleOptions> = {}, redirectUri = 'http://127.0.0.1:1/auth/callback'): WebexAuthModuleOptions {
  return {
    ...overrides,
    webex: {
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      redirectUri,
      discoveryUrl: `${base}/v1/.well-known/openid-configuration`,
      issuers: [`${base}/idb`],
      apiBaseUrl: `${base}/v1`,
      revocationEndpoint: `${base}/idb/oauth2/v1/revoke`,
      allowInsecureRequests: true,
      ...overrides.webex,
    },
  };
}

export interface TestApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a Nest app with the test controllers and `WebexAuthModule` over real HTTP on a random
 * port. The redirect URI is set to the app's own `/auth/callback` once the port is known, so the
 * module is built with `forRootAsync`.
 */
export async function startTestApp(
  options: (appUrl: string) => WebexAuthModuleOptions,
  { globalGuard = true, routes }: { globalGuard?: boolean; routes?: WebexAuthModuleAsyncRoutes } = {},
): Promise<TestApp> {
  const holder: { url: string } = { url: '' };
  @Module({})
  class TestModule {
    static register(): DynamicModule {
      return {
        module: TestModule,
        imports: [WebexAuthModule.forRootAsync({ useFactory: () => options(holder.url), ...(routes !== undefined && { routes }) })],
        controllers: [TestController, PerRouteController],
        providers: globalGuard ? [{ provide: APP_GUARD, useClass: WebexAuthGuard }] : [],
      };
    }
  }
  // Reserve the port first: the options factory runs during NestFactory.create, before listen.
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  holder.url = `http://127.0.0.1:${port}`;
  const app = await NestFactory.create(TestModule.register(), { logger: false });
  app.use(session({ secret: 'test-secret', resave: false, saveUninitialized: false }));
  await app.listen(port, '127.0.0.1');
  return { app, url: holder.url, close: () => app.close() };
}

type WebexAuthModuleAsyncRoutes = Parameters<typeof WebexAuthModule.forRootAsync>[0]['routes'];

/** The shared test browser (cookie jar, no redirects) plus the Nest app's sign-in dance. */
export class Browser extends TestBrowser {
  constructor(base: string) {
    super(base);
  }

  async get(path: string | URL, init: RequestInit = {}): Promise<Response> {
    return this.request(path, init);
  }

  /** The full sign-in dance: login → sandbox (headless) → callback. Returns the callback answer. */
  async signIn(sandbox: Sandbox, user = 'alice@example.com', loginPath = '/auth/login?returnTo=/me'): Promise<Response> {
    const callbackUrl = await this.startSignIn(sandbox, user, loginPath);
    return this.get(callbackUrl);
  }

  /** login → sandbox; returns the callback URL (with code and state) without calling it. */
  async startSignIn(sandbox: Sandbox, user = 'alice@example.com', loginPath = '/auth/login?returnTo=/me'): Promise<URL> {
    const login = await this.get(loginPath);
    if (login.status !== 302) throw new Error(`login answered ${login.status}: ${await login.text()}`);
    const location = login.headers.get('location');
    if (location === null) throw new Error('login without Location');
    return sandbox.signIn(location, { user, newSession: true });
  }
}
