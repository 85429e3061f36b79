import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSink, TokenSinkInput } from '../src/index.js';
import { Browser, sandboxOptions, startTestApp, type TestApp } from './helpers.js';

let sandbox: Sandbox;
let app: TestApp;
const handedOff: Array<{ input: TokenSinkInput; options: unknown }> = [];
let sinkDown = false;
const sink: TokenSink = {
  add(input, options) {
    if (sinkDown) return Promise.reject(new Error('redis down'));
    handedOff.push({ input, options });
    return Promise.resolve();
  },
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  app = await startTestApp((appUrl) =>
    sandboxOptions(sandbox.url, { tokenStore: { sink, maxPerUserClient: 3 } }, `${appUrl}/auth/callback`),
  );
});

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('session sign-in', () => {
  it('signs in through the full redirect dance and shows the profile', async () => {
    const browser = new Browser(app.url);
    const login = await browser.get('/auth/login?returnTo=/me');
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(authorize.origin).toBe(sandbox.url);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const callbackUrl = await sandbox.signIn(authorize, { user: 'alice@example.com', newSession: true });
    const sidBefore = [...browser.cookies.values()].join();
    const callback = await browser.get(callbackUrl);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/me');
    expect([...browser.cookies.values()].join()).not.toBe(sidBefore); // session regenerated

    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    const alice = sandbox.users.find((u) => u.email === 'alice@example.com');
    const user = (await me.json()) as Record<string, unknown>;
    expect(user).toMatchObject({ id: alice?.id, email: 'alice@example.com', displayName: alice?.name, via: 'session' });
    expect(user['scopes']).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(JSON.stringify(user)).not.toMatch(/access|refresh/i);

    const email = await browser.get('/email');
    expect(await email.json()).toEqual({ email: 'alice@example.com' });
  });

  it('hands the token set to the token sink with the user id and client id', async () => {
    const before = handedOff.length;
    await new Browser(app.url).signIn(sandbox, 'bob@example.com');
    expect(handedOff.length).toBe(before + 1);
    const last = handedOff.at(-1);
    const bob = sandbox.users.find((u) => u.email === 'bob@example.com');
    expect(last?.input).toMatchObject({ userId: bob?.id, clientId: 'sandbox-client', clientType: 'web', provider: 'webex' });
    expect(last?.input.tokens.accessToken).toEqual(expect.any(String));
    expect(last?.input.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(last?.options).toEqual({ maxPerUserClient: 3 });
  });

  it('fails the sign-in with 503 when the token sink fails, leaving nobody signed in', async () => {
    sinkDown = true;
    try {
      const browser = new Browser(app.url);
      const res = await browser.signIn(sandbox);
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code: 'token_store_unavailable' });
      expect(JSON.stringify(body)).not.toContain('redis');
      expect((await browser.get('/me')).status).toBe(401);
    } finally {
      sinkDown = false;
    }
  });

  it('rejects a replayed callback, with the old and with the new session cookie', async () => {
    const browser = new Browser(app.url);
    const callbackUrl = await browser.startSignIn(sandbox);
    const oldCookies = new Map(browser.cookies);
    expect((await browser.get(callbackUrl)).status).toBe(302);

    const replay = await browser.get(callbackUrl);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'sign_in_state_invalid', message: expect.stringContaining('/auth/login') });

    const thief = new Browser(app.url);
    for (const [k, v] of oldCookies) thief.cookies.set(k, v);
    const stolen = await thief.get(callbackUrl);
    expect(stolen.status).toBe(401);
    expect((await thief.get('/me')).status).toBe(401);
    // the first sign-in still holds
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('rejects a tampered state and keeps the real one usable', async () => {
    const browser = new Browser(app.url);
    const callbackUrl = await browser.startSignIn(sandbox);
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
    const bad = await browser.get(tampered);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ statusCode: 401, code: 'sign_in_state_invalid' });
    expect((await browser.get('/me')).status).toBe(401);

    const good = await browser.get(callbackUrl);
    expect(good.status).toBe(302);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('rejects a callback in a browser that never started the sign-in (login CSRF)', async () => {
    const victim = new Browser(app.url);
    const attacker = new Browser(app.url);
    const callbackUrl = await attacker.startSignIn(sandbox);
    expect((await victim.get(callbackUrl)).status).toBe(401);
    expect((await victim.get('/me')).status).toBe(401);
  });

  it('maps a refused sign-in (access_denied) to 401 with what to do', async () => {
    const browser = new Browser(app.url);
    const login = await browser.get('/auth/login');
    const denied = await sandbox.signIn(login.headers.get('location') ?? '', { deny: true, newSession: true });
    const res = await browser.get(denied);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('/auth/login') });
    expect((await browser.get('/me')).status).toBe(401);
  });

  it('answers a wrong client secret at the code exchange with 500 invalid_client (operator error, not "sign in again")', async () => {
    const misconfigured = await startTestApp((appUrl) => {
      const options = sandboxOptions(sandbox.url, {}, `${appUrl}/auth/callback`);
      return { ...options, webex: { ...options.webex, clientSecret: 'not-the-secret' } };
    });
    try {
      const browser = new Browser(misconfigured.url);
      const res = await browser.signIn(sandbox);
      expect(res.status).toBe(500);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: 500, code: 'invalid_client', message: expect.stringContaining('clientSecret') });
      expect(body['trackingId']).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain('not-the-secret');
      expect((await browser.get('/me')).status).toBe(401);
    } finally {
      await misconfigured.close();
    }
  });

  it('never redirects off-site after sign-in', async () => {
    const browser = new Browser(app.url);
    const res = await browser.signIn(sandbox, 'alice@example.com', '/auth/login?returnTo=//evil.example/x');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
  });

  it('signs out: the session is gone', async () => {
    const browser = new Browser(app.url);
    await browser.signIn(sandbox);
    expect((await browser.get('/me')).status).toBe(200);
    const out = await browser.request('/auth/logout', { method: 'POST' });
    expect(out.status).toBe(302);
    expect((await browser.get('/me')).status).toBe(401);
  });
});

describe('guard', () => {
  it('lets anyone into a @Public route and still recognises a signed-in user there', async () => {
    const anonymous = await fetch(`${app.url}/open`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ user: null });
    const browser = new Browser(app.url);
    await browser.signIn(sandbox);
    const alice = sandbox.users.find((u) => u.email === 'alice@example.com');
    expect(await (await browser.get('/open')).json()).toEqual({ user: alice?.id });
  });

  it('answers 401 with a JSON body that says where to sign in', async () => {
    const res = await fetch(`${app.url}/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(await res.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'not_signed_in',
      message: 'You are not signed in. Sign in at /auth/login.',
    });
  });

  it('checks @Scopes: 200 with the granted scope, 403 naming the missing one', async () => {
    const browser = new Browser(app.url);
    await browser.signIn(sandbox);
    expect((await browser.get('/scoped/ok')).status).toBe(200);
    const res = await browser.get('/scoped/missing');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ statusCode: 403, code: 'insufficient_scope', missingScopes: ['spark:rooms_read'] });
  });

  it('ignores a bearer header in session mode', async () => {
    const res = await fetch(`${app.url}/me`, { headers: { authorization: 'Bearer whatever' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'not_signed_in' });
  });
});

describe('per-route guard and custom paths', () => {
  let perRoute: TestApp;
  beforeAll(async () => {
    perRoute = await startTestApp((appUrl) => sandboxOptions(sandbox.url, {}, `${appUrl}/sso/back`), {
      globalGuard: false,
      routes: { login: '/sso/start', callback: '/sso/back', logout: '/sso/end' },
    });
  });
  afterAll(() => perRoute?.close());

  it('protects only the @UseGuards route and serves sign-in at the configured paths', async () => {
    expect((await fetch(`${perRoute.url}/per-route/open`)).status).toBe(200);
    expect((await fetch(`${perRoute.url}/me`)).status).toBe(200); // no global guard: unguarded
    const guarded = await fetch(`${perRoute.url}/per-route/guarded`);
    expect(guarded.status).toBe(401);
    expect(await guarded.json()).toMatchObject({ message: expect.stringContaining('/sso/start') });
    expect((await fetch(`${perRoute.url}/auth/login`, { redirect: 'manual' })).status).toBe(404);

    const browser = new Browser(perRoute.url);
    const done = await browser.signIn(sandbox, 'alice@example.com', '/sso/start?returnTo=/per-route/guarded');
    expect(done.status).toBe(302);
    const ok = await browser.get('/per-route/guarded');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: sandbox.users.find((u) => u.email === 'alice@example.com')?.id });
    expect((await browser.get('/sso/end')).status).toBe(302);
    expect((await browser.get('/per-route/guarded')).status).toBe(401);
  });
});
