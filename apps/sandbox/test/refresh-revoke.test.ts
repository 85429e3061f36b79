import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { basicAuth, signInAndExchange, sleep, tokenRequest, userinfo } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

function refresh(refreshToken: unknown) {
  return tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(refreshToken) });
}

describe('refresh', () => {
  it('without rotation returns the same refresh token and its expiry keeps counting down', async () => {
    sandbox.setRotateRefreshTokens(false);
    const first = await signInAndExchange(sandbox);
    await sleep(1100);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBe(first.body.refresh_token);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect(Number(second.body.refresh_token_expires_in)).toBeLessThan(Number(first.body.refresh_token_expires_in));
    const third = await refresh(first.body.refresh_token);
    expect(third.status).toBe(200);
  });

  it('with rotation returns a new refresh token and the old one then fails with invalid_grant', async () => {
    sandbox.setRotateRefreshTokens(true);
    try {
      const first = await signInAndExchange(sandbox);
      await sleep(1100);
      const second = await refresh(first.body.refresh_token);
      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      // The rotated token inherits what is left of the first one's lifetime.
      expect(Number(second.body.refresh_token_expires_in)).toBeLessThan(Number(first.body.refresh_token_expires_in));
      const reuse = await refresh(first.body.refresh_token);
      expect(reuse.status).toBe(400);
      expect(reuse.body.error).toBe('invalid_grant');
    } finally {
      sandbox.setRotateRefreshTokens(false);
    }
  });

  it('honours short TTLs set at runtime', async () => {
    sandbox.setTtls({ accessToken: 1, refreshToken: 2 });
    try {
      const answer = await signInAndExchange(sandbox);
      expect(answer.body.expires_in).toBe(1);
      expect(answer.body.refresh_token_expires_in).toBe(2);
      await sleep(2200);
      expect((await userinfo(sandbox, answer.body.access_token)).status).toBe(401);
      const late = await refresh(answer.body.refresh_token);
      expect(late.status).toBe(400);
      expect(late.body.error).toBe('invalid_grant');
    } finally {
      sandbox.setTtls({ accessToken: 3600, refreshToken: 90 * 24 * 3600 });
    }
  });
});

describe('revocation', () => {
  it('revokes an access token at /idb/oauth2/v1/revoke; userinfo then answers 401', async () => {
    const answer = await signInAndExchange(sandbox);
    expect((await userinfo(sandbox, answer.body.access_token)).status).toBe(200);
    const res = await fetch(sandbox.revocationUrl, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.client), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: String(answer.body.access_token), token_type_hint: 'access_token' }),
    });
    expect(res.status).toBe(200);
    expect((await userinfo(sandbox, answer.body.access_token)).status).toBe(401);
  });

  it("revoking one sign-in's refresh token leaves the same user's other sign-ins working", async () => {
    // Each sign-in is its own grant, as on Webex: the token worker's per-user limit revokes the
    // oldest session and must not end the others.
    const sessions = [await signInAndExchange(sandbox), await signInAndExchange(sandbox), await signInAndExchange(sandbox)];
    const [oldest, ...others] = sessions;
    const res = await fetch(sandbox.revocationUrl, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.client), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: String(oldest?.body.refresh_token), token_type_hint: 'refresh_token' }),
    });
    expect(res.status).toBe(200);
    expect((await refresh(oldest?.body.refresh_token)).body.error).toBe('invalid_grant');
    for (const session of others) {
      expect((await userinfo(sandbox, session.body.access_token)).status).toBe(200);
      expect((await refresh(session.body.refresh_token)).status).toBe(200);
    }
  });

  it('revokes a refresh token', async () => {
    const answer = await signInAndExchange(sandbox);
    const res = await fetch(sandbox.revocationUrl, {
      method: 'POST',
      headers: { authorization: basicAuth(sandbox.client), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: String(answer.body.refresh_token), token_type_hint: 'refresh_token' }),
    });
    expect(res.status).toBe(200);
    const after = await refresh(answer.body.refresh_token);
    expect(after.body.error).toBe('invalid_grant');
  });

  it('requires client authentication', async () => {
    const res = await fetch(sandbox.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'x', token_type_hint: 'access_token' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Record<string, unknown>).error).toBe('invalid_request');
  });
});
