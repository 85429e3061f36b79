// The example app over real HTTP against the sandbox IdP started in-process.
import type { INestApplication } from '@nestjs/common';
import { authorizationCodeGrant, buildAuthorizationUrl, createWebexConfig, revokeToken } from '@webex-oidc/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { Browser, freePort } from '@webex-oidc/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../src/index.js';

/** Starts the example app on a free port; returns its URL and a closer. */
async function start(base: string, extra: Partial<AppOptions> = {}): Promise<{ url: string; app: INestApplication }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await createApp({
    discoveryUrl: `${base}/v1/.well-known/openid-configuration`,
    issuers: [`${base}/idb`],
    apiBaseUrl: `${base}/v1`,
    revocationEndpoint: `${base}/idb/oauth2/v1/revoke`,
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-secret',
    redirectUri: `${url}/auth/callback`,
    allowInsecureRequests: true,
    logger: false,
    ...extra,
  });
  await app.listen(port, '127.0.0.1');
  return { url, app };
}

/** Cookie-keeping, non-redirecting fetch (the shared test browser). */
function browser(base: string): (path: string | URL) => Promise<Response> {
  const b = new Browser(base);
  return (path) => b.request(path);
}

let sandbox: Sandbox;
const apps: INestApplication[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await sandbox?.close();
});

describe('example-nest, session mode', () => {
  let url: string;
  beforeAll(async () => {
    const started = await start(sandbox.url);
    apps.push(started.app);
    url = started.url;
  });

  it('serves the public home page to anyone', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ signedIn: false });
  });

  it('signs in headlessly, shows the profile, checks scopes and signs out', async () => {
    const get = browser(url);
    expect((await get('/profile')).status).toBe(401);
    const login = await get('/auth/login');
    expect(login.status).toBe(302);
    const callbackUrl = await sandbox.signIn(login.headers.get('location') ?? '', { user: 'bob@example.com', newSession: true });
    const callback = await get(callbackUrl);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/profile');

    const profile = await get('/profile');
    expect(profile.status).toBe(200);
    const bob = sandbox.users.find((u) => u.email === 'bob@example.com');
    expect(await profile.json()).toMatchObject({ id: bob?.id, email: 'bob@example.com', displayName: bob?.name, via: 'session' });
    expect(await (await get('/')).json()).toMatchObject({ signedIn: true, message: `Hello, ${bob?.name}!` });
    expect(await (await get('/api/me')).json()).toEqual({ email: 'bob@example.com' });
    const rooms = await get('/api/rooms');
    expect(rooms.status).toBe(403);
    expect(await rooms.json()).toMatchObject({ code: 'insufficient_scope', missingScopes: ['spark:rooms_read'] });

    expect((await get(callbackUrl)).status).toBe(401); // replayed callback
    expect((await get('/auth/logout')).status).toBe(302);
    expect((await get('/profile')).status).toBe(401);
  });

  it('rejects a tampered state', async () => {
    const get = browser(url);
    const login = await get('/auth/login');
    const callbackUrl = await sandbox.signIn(login.headers.get('location') ?? '', { newSession: true });
    callbackUrl.searchParams.set('state', 'forged');
    const res = await get(callbackUrl);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'sign_in_state_invalid' });
  });
});

describe('example-nest, bearer mode', () => {
  it('accepts a sandbox access token and rejects it once revoked (after the cache TTL)', async () => {
    const { url, app } = await start(sandbox.url, { mode: 'bearer', bearerCacheTtl: 300 });
    apps.push(app);
    const config = createWebexConfig({
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      discoveryUrl: sandbox.discoveryUrl,
      issuers: [sandbox.issuer],
      revocationEndpoint: sandbox.revocationUrl,
      allowInsecureRequests: true,
    });
    const { url: authUrl, checks } = await buildAuthorizationUrl(config, { redirectUri: 'http://127.0.0.1:9/cb' });
    const { tokens } = await authorizationCodeGrant(config, await sandbox.signIn(authUrl, { newSession: true }), checks);
    const auth = { headers: { authorization: `Bearer ${tokens.accessToken}` } };

    expect((await fetch(`${url}/profile`)).status).toBe(401);
    const ok = await fetch(`${url}/profile`, auth);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ email: 'alice@example.com', via: 'bearer' });

    await revokeToken(config, tokens.accessToken, 'access_token');
    await sleep(400);
    const revoked = await fetch(`${url}/profile`, auth);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'invalid_token' });
  });
});

describe('example-nest with the IdP down', () => {
  it('boots, answers 503 on sign-in, and recovers once the IdP is up', async () => {
    const idpPort = await freePort();
    const base = `http://127.0.0.1:${idpPort}`;
    const { url, app } = await start(base, { discoveryMinDelay: 200 });
    apps.push(app);
    expect((await fetch(`${url}/`)).status).toBe(200);
    const down = await fetch(`${url}/auth/login`, { redirect: 'manual' });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'idp_unavailable' });

    const late = await startSandbox({ port: idpPort, quiet: true });
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 302; i += 1) {
        status = (await fetch(`${url}/auth/login`, { redirect: 'manual' })).status;
        if (status !== 302) await sleep(100);
      }
      expect(status).toBe(302);
    } finally {
      await late.close();
    }
  });
});
