import 'reflect-metadata';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Public,
  WebexAuthExceptionFilter,
  WebexAuthModule,
  WebexAuthService,
  WebexOidcError,
  isWebexOidcError,
} from '../src/index.js';
import { sandboxOptions } from './helpers.js';

let sandbox: Sandbox;
let app: INestApplication;
let service: WebexAuthService;
let url: string;

@Controller()
class RefreshController {
  constructor(@Inject(WebexAuthService) private readonly auth: WebexAuthService) {}

  @Public()
  @Get('refresh-bogus')
  async refresh(): Promise<unknown> {
    return this.auth.refresh('not-a-refresh-token');
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, deviceInterval: 1 });
  @Module({
    imports: [WebexAuthModule.forRoot(sandboxOptions(sandbox.url, { scope: 'openid email profile spark:people_read' }, 'http://127.0.0.1:9/cb'))],
    controllers: [RefreshController],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  app.useGlobalFilters(new WebexAuthExceptionFilter());
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  service = app.get(WebexAuthService);
});

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('WebexAuthService', () => {
  it('never prints the client secret when the service is logged or serialised', () => {
    const secret = service.options.webex.clientSecret;
    expect(typeof secret).toBe('string');
    expect(inspect(service, { depth: Infinity })).not.toContain(secret);
    expect(JSON.stringify(service)).not.toContain(secret);
  });

  it('is one instance with one core configuration', () => {
    expect(app.get(WebexAuthService)).toBe(service);
    expect(service.config.options.clientId).toBe('sandbox-client');
  });

  it('builds the authorization URL with the module defaults, signs in, refreshes and calls userinfo/people', async () => {
    const { url: authUrl, checks } = await service.createAuthorizationUrl();
    expect(authUrl.searchParams.get('scope')).toBe('openid email profile spark:people_read');
    const callback = await sandbox.signIn(authUrl, { user: 'bob@example.com', newSession: true });
    const signIn = await service.signIn(callback, checks);
    const bob = sandbox.users.find((u) => u.email === 'bob@example.com');
    expect(signIn.user).toMatchObject({ id: bob?.id, email: 'bob@example.com', via: 'session' });
    expect(signIn.claims?.sub).toBe(bob?.id);
    expect(signIn.tokens.refreshToken).toEqual(expect.any(String));

    const refreshed = await service.refresh(signIn.tokens);
    expect(refreshed.accessToken).toEqual(expect.any(String));
    expect((await service.userinfo(refreshed.accessToken)).sub).toBe(bob?.id);
    expect((await service.person(refreshed.accessToken)).emails).toContain('bob@example.com');

    await service.revoke(refreshed.accessToken);
    await expect(service.userinfo(refreshed.accessToken)).rejects.toSatisfy((err) => isWebexOidcError(err, 'invalid_token'));
  });

  it('runs the device flow', async () => {
    const tokens = await service.deviceGrant({
      onUserCode: (authorization) => {
        expect(authorization.userCode).toMatch(/^\d{6}$/);
        void sandbox.approveDevice(authorization.userCode, { user: 'alice@example.com' });
      },
    });
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect((await service.person(tokens.accessToken)).emails).toContain('alice@example.com');
  });

  it('rejects with core errors, which WebexAuthExceptionFilter answers as HTTP', async () => {
    await expect(service.refresh('not-a-refresh-token')).rejects.toBeInstanceOf(WebexOidcError);
    const res = await fetch(`${url}/refresh-bogus`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, code: 'invalid_grant', message: expect.stringContaining('Sign in again') });
  });
});

describe('WebexAuthModule options', () => {
  it('refuses missing webex options and a negative cache TTL with a TypeError', () => {
    expect(() => WebexAuthModule.forRoot({} as never)).toThrow(TypeError);
    expect(() => WebexAuthModule.forRoot({ ...sandboxOptions('http://x'), bearer: { cacheTtl: -1 } })).toThrow(/cacheTtl/);
  });

  it('registers sign-in routes in session mode and none in bearer mode (forRoot)', () => {
    expect(WebexAuthModule.forRoot(sandboxOptions('http://x')).controllers).toHaveLength(1);
    expect(WebexAuthModule.forRoot({ ...sandboxOptions('http://x'), mode: 'bearer' }).controllers).toHaveLength(0);
    expect(WebexAuthModule.forRoot(sandboxOptions('http://x')).global).toBe(true);
    expect(WebexAuthModule.forRootAsync({ useFactory: () => sandboxOptions('http://x'), global: false, routes: false })).toMatchObject({
      global: false,
      controllers: [],
    });
  });
});
