import { authorizationCodeGrant, buildAuthorizationUrl, createWebexConfig, revokeToken, type WebexConfig } from '@webex-oidc/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, sandboxOptions, startTestApp, type TestApp } from './helpers.js';

const TTL = 400;
let sandbox: Sandbox;
let config: WebexConfig;
let app: TestApp;
let userinfoPath: string;

/** A fresh sandbox access token for `user`, through the authorization-code flow. */
async function accessToken(user = 'alice@example.com'): Promise<string> {
  const { url, checks } = await buildAuthorizationUrl(config, { redirectUri: 'http://127.0.0.1:9/cb' });
  const callback = await sandbox.signIn(url, { user, newSession: true });
  const { tokens } = await authorizationCodeGrant(config, callback, checks);
  return tokens.accessToken;
}

function call(path: string, token?: string): Promise<Response> {
  return fetch(`${app.url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  config = createWebexConfig(sandboxOptions(sandbox.url).webex);
  const metadata = (await (await fetch(sandbox.discoveryUrl)).json()) as { userinfo_endpoint: string };
  userinfoPath = new URL(metadata.userinfo_endpoint).pathname;
  app = await startTestApp((appUrl) =>
    sandboxOptions(sandbox.url, {
      mode: 'bearer',
      bearer: { cacheTtl: TTL, resolveScopes: () => ['openid'] },
    }, `${appUrl}/auth/callback`),
  );
});

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('bearer mode', () => {
  it('accepts a sandbox access token and gives the user', async () => {
    const token = await accessToken();
    const res = await call('/me', token);
    expect(res.status).toBe(200);
    const alice = sandbox.users.find((u) => u.email === 'alice@example.com');
    expect(await res.json()).toMatchObject({ id: alice?.id, email: 'alice@example.com', via: 'bearer', scopes: ['openid'] });
  });

  it('costs one upstream userinfo call per token per TTL, concurrent requests included', async () => {
    const token = await accessToken('bob@example.com');
    const before = sandbox.requestCount(userinfoPath);
    const answers = await Promise.all([call('/me', token), call('/me', token), call('/email', token)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await call('/me', token)).status).toBe(200);
    expect(sandbox.requestCount(userinfoPath)).toBe(before + 1);

    await sleep(TTL + 100);
    expect((await call('/me', token)).status).toBe(200);
    expect(sandbox.requestCount(userinfoPath)).toBe(before + 2);
  });

  it('rejects a revoked token once its cache entry has ended', async () => {
    const token = await accessToken();
    expect((await call('/me', token)).status).toBe(200);
    await revokeToken(config, token, 'access_token');
    await sleep(TTL + 100);
    const res = await call('/me', token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await res.json()).toMatchObject({ statusCode: 401, code: 'invalid_token', message: expect.stringContaining('new access token') });
    // the rejection is cached too: a flood of bad requests costs one upstream call per TTL
    const before = sandbox.requestCount(userinfoPath);
    expect((await call('/me', token)).status).toBe(401);
    expect(sandbox.requestCount(userinfoPath)).toBe(before);
  });

  it('answers 401 without a token, and for a made-up or malformed one', async () => {
    const none = await call('/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ code: 'not_signed_in', message: expect.stringContaining('Authorization: Bearer') });
    expect((await call('/me', 'not-a-real-token')).status).toBe(401);
    const malformed = await fetch(`${app.url}/me`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('checks @Scopes against the resolved scopes', async () => {
    const token = await accessToken();
    expect((await call('/scoped/ok', token)).status).toBe(200);
    const res = await call('/scoped/missing', token);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'insufficient_scope', missingScopes: ['spark:rooms_read'] });
  });

  it('answers 503 (not 401) while Webex fails, and does not cache that', async () => {
    const token = await accessToken();
    sandbox.setFaults([{ path: userinfoPath, status: 503 }]);
    try {
      const res = await call('/me', token);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ statusCode: 503, code: 'idp_unavailable' });
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      sandbox.setFaults([]);
    }
    expect((await call('/me', token)).status).toBe(200);
  });

  it('has no sign-in routes in bearer mode', async () => {
    expect((await fetch(`${app.url}/auth/login`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('bearer mode with people/me', () => {
  let people: TestApp;
  beforeAll(async () => {
    people = await startTestApp(() => sandboxOptions(sandbox.url, { mode: 'bearer', bearer: { validateWith: 'people', cacheTtl: TTL } }));
  });
  afterAll(() => people?.close());

  it('validates by people/me, once per TTL, and rejects a bad token', async () => {
    const token = await accessToken('bob@example.com');
    const before = sandbox.requestCount('/v1/people/me');
    const res = await fetch(`${people.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bob = sandbox.users.find((u) => u.email === 'bob@example.com');
    expect(await res.json()).toMatchObject({ email: 'bob@example.com', via: 'bearer' });
    expect(bob).toBeDefined();
    await fetch(`${people.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(sandbox.requestCount('/v1/people/me')).toBe(before + 1);
    const bad = await fetch(`${people.url}/me`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });
});

describe("mode 'both'", () => {
  let both: TestApp;
  beforeAll(async () => {
    both = await startTestApp((appUrl) => sandboxOptions(sandbox.url, { mode: 'both', bearer: { cacheTtl: TTL } }, `${appUrl}/auth/callback`));
  });
  afterAll(() => both?.close());

  it('accepts a bearer token or a session, and rejects a bad bearer token even with no session', async () => {
    const token = await accessToken('bob@example.com');
    const viaBearer = await fetch(`${both.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await viaBearer.json()).toMatchObject({ email: 'bob@example.com', via: 'bearer' });

    const browser = new Browser(both.url);
    expect((await browser.signIn(sandbox)).status).toBe(302);
    const viaSession = await browser.get('/me');
    expect(await viaSession.json()).toMatchObject({ email: 'alice@example.com', via: 'session' });

    const bad = await fetch(`${both.url}/me`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'invalid_token' });
    expect((await fetch(`${both.url}/me`)).status).toBe(401);
  });
});
