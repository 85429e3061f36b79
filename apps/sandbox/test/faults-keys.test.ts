import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { claims, kidOf, signInAndExchange, tokenRequest, userinfo } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

describe('faults', () => {
  it('answers the injected status with Retry-After, `times` times, before the provider sees it', async () => {
    const { body } = await signInAndExchange(sandbox);
    const before = sandbox.requestCount('/v1/access_token');
    sandbox.setFaults([{ path: '/v1/access_token', status: 429, retryAfter: 2, times: 2 }]);
    const refresh = () => tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) });

    const first = await refresh();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('trackingid')).toMatch(/^ROUTER_/);
    // Throttling is Webex-shaped even on an OAuth endpoint: no OAuth `error` claims it is an outage.
    expect(first.body).toEqual({
      message: expect.any(String),
      errors: [{ description: expect.any(String) }],
      trackingId: first.headers.get('trackingid'),
    });
    expect((await refresh()).status).toBe(429);
    const third = await refresh();
    expect(third.status).toBe(200);
    expect(third.headers.get('retry-after')).toBeNull();
    expect(sandbox.requestCount('/v1/access_token')).toBe(before + 3);
  });

  it('answers Webex-shaped bodies on REST paths and when asked', async () => {
    sandbox.setFaults([
      { path: '/v1/people/me', status: 503 },
      { path: '/v1/userinfo', status: 502, shape: 'webex' },
    ]);
    try {
      const me = await fetch(`${sandbox.apiBaseUrl}/people/me`);
      expect(me.status).toBe(503);
      expect(me.headers.get('retry-after')).toBeNull();
      const body = (await me.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ message: expect.any(String), errors: [{ description: expect.any(String) }] });
      expect(body.trackingId).toBe(me.headers.get('trackingid'));
      // Unlimited by default.
      expect((await fetch(`${sandbox.apiBaseUrl}/people/me`)).status).toBe(503);
      const ui = await fetch(`${sandbox.apiBaseUrl}/userinfo`);
      expect(ui.status).toBe(502);
      expect(await ui.json()).toHaveProperty('trackingId');
    } finally {
      sandbox.setFaults([]);
    }
    expect((await fetch(`${sandbox.apiBaseUrl}/people/me`)).status).toBe(401);
  });

  it('answers OAuth-shaped 503 (temporarily_unavailable) and 5xx (server_error) on OAuth endpoints; a 429 only when asked', async () => {
    sandbox.setFaults([
      { path: '/v1/access_token', status: 503, retryAfter: 3, times: 1 },
      { path: '/v1/access_token', status: 500, times: 1 },
      { path: '/v1/access_token', status: 429, times: 1, shape: 'oauth' },
    ]);
    const refresh = () => tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: 'unused' });
    const down = await refresh();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('3');
    expect(down.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    expect((await refresh()).body).toEqual({ error: 'server_error', error_description: expect.any(String) });
    const asked = await refresh();
    expect(asked.status).toBe(429);
    expect(asked.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    sandbox.setFaults([]);
  });

  it('rejects malformed faults', () => {
    expect(() => sandbox.setFaults([{ path: 'v1/x', status: 500 }])).toThrow(TypeError);
  });
});

describe('issuer override', () => {
  it('puts the override in ID tokens while discovery keeps the issuer', async () => {
    const cluster = 'https://idbroker-b-us.webex.com/idb';
    sandbox.setIssuerOverride(cluster);
    try {
      const { body } = await signInAndExchange(sandbox);
      expect(claims(body.id_token).iss).toBe(cluster);
      const doc = (await (await fetch(sandbox.discoveryUrl)).json()) as Record<string, unknown>;
      expect(doc.issuer).toBe(sandbox.issuer);
    } finally {
      sandbox.setIssuerOverride(undefined);
    }
    const { body } = await signInAndExchange(sandbox);
    expect(claims(body.id_token).iss).toBe(sandbox.issuer);
  });
});

describe('key rotation', () => {
  it('signs new ID tokens with the new key; the JWKS lists both; old tokens keep working', async () => {
    const before = await signInAndExchange(sandbox);
    const oldKid = kidOf(before.body.id_token);
    const newKid = await sandbox.rotateKeys();
    expect(newKid).not.toBe(oldKid);

    const after = await signInAndExchange(sandbox);
    expect(kidOf(after.body.id_token)).toBe(newKid);

    const jwks = (await (await fetch(`${sandbox.apiBaseUrl}/verification`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);

    expect((await userinfo(sandbox, before.body.access_token)).status).toBe(200);
    const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(before.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(kidOf(refreshed.body.id_token)).toBe(newKid);
  });
});
