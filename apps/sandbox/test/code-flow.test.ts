import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import {
  CALLBACK,
  authorizeUrl,
  basicAuth,
  claims,
  postForm,
  s256,
  signInAndExchange,
  tokenRequest,
  userinfo,
  verifier,
} from './helpers.js';

const other = { clientId: 'other-app', clientSecret: 'other-secret', redirectUris: ['http://localhost:3000/auth/callback'] };
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, clients: [other] });
});
afterAll(() => sandbox.close());

describe('authorization code flow', () => {
  it('signs in with PKCE S256, echoes state and nonce, and issues Webex-shaped tokens', async () => {
    const v = verifier();
    const url = authorizeUrl(sandbox, { code_challenge: s256(v), code_challenge_method: 'S256', state: 'st-1', nonce: 'n-1' });
    const callback = await sandbox.signIn(url);
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe('st-1');
    expect(callback.searchParams.has('iss')).toBe(false);
    const code = callback.searchParams.get('code') ?? '';
    const answer = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: v });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 90 * 24 * 3600,
      scope: 'openid email profile',
    });
    const id = claims(answer.body.id_token);
    expect(id).toMatchObject({
      iss: sandbox.issuer,
      aud: sandbox.client.clientId,
      nonce: 'n-1',
      sub: sandbox.users[0]?.id,
      email: 'alice@example.com',
      name: 'Alice Example',
      given_name: 'Alice',
    });
  });

  it('accepts PKCE plain (challenge = verifier)', async () => {
    const v = verifier();
    const callback = await sandbox.signIn(authorizeUrl(sandbox, { code_challenge: v, code_challenge_method: 'plain' }));
    const code = callback.searchParams.get('code') ?? '';
    const answer = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: v });
    expect(answer.status).toBe(200);
    expect(answer.body.access_token).toEqual(expect.any(String));
  });

  it('refuses a wrong verifier with invalid_grant', async () => {
    const v = verifier();
    const callback = await sandbox.signIn(authorizeUrl(sandbox, { code_challenge: v, code_challenge_method: 'plain' }));
    const code = callback.searchParams.get('code') ?? '';
    const answer = await tokenRequest(sandbox, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier(),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('accepts client_secret_post as well as Basic', async () => {
    const v = verifier();
    const callback = await sandbox.signIn(authorizeUrl(sandbox, { code_challenge: s256(v), code_challenge_method: 'S256' }));
    const answer = await postForm(`${sandbox.apiBaseUrl}/access_token`, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: CALLBACK,
      code_verifier: v,
      client_id: sandbox.client.clientId,
      client_secret: sandbox.client.clientSecret,
    });
    expect(answer.status).toBe(200);
  });

  it('selects the user from login_hint and from the user option', async () => {
    const byHint = await signInAndExchange(sandbox, { login_hint: 'bob@example.com' });
    expect(claims(byHint.body.id_token).email).toBe('bob@example.com');
    const byOption = await signInAndExchange(sandbox, {}, { user: 'bob@example.com' });
    expect(claims(byOption.body.id_token).sub).toBe(sandbox.users[1]?.id);
  });

  it('accepts any loopback redirect URI for the default client, and refuses others', async () => {
    const ok = await sandbox.signIn(authorizeUrl(sandbox, { redirect_uri: 'http://localhost:61234/some/path' }));
    expect(ok.href).toMatch(/^http:\/\/localhost:61234\/some\/path\?code=/);
    await expect(sandbox.signIn(authorizeUrl(sandbox, { redirect_uri: 'https://evil.example/cb' }))).rejects.toThrow(
      /redirect_uri/,
    );
  });

  it('answers access_denied when the user refuses', async () => {
    const callback = await sandbox.signIn(authorizeUrl(sandbox, { state: 'st-deny' }), { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('st-deny');
  });

  it('keeps a session per user: prompt=none works after a sign-in, and fails in a new session', async () => {
    await sandbox.signIn(authorizeUrl(sandbox, {}), { user: 'bob@example.com' });
    const silent = await sandbox.signIn(authorizeUrl(sandbox, { prompt: 'none' }), { user: 'bob@example.com' });
    expect(silent.searchParams.get('code')).toEqual(expect.any(String));
    const fresh = await sandbox.signIn(authorizeUrl(sandbox, { prompt: 'none' }), { user: 'bob@example.com', newSession: true });
    expect(fresh.searchParams.get('error')).toBe('login_required');
  });

  it('honours max_age with auth_time in the ID token', async () => {
    const answer = await signInAndExchange(sandbox, { max_age: '0' }, { user: 'bob@example.com' });
    const id = claims(answer.body.id_token);
    expect(typeof id.auth_time).toBe('number');
    expect(Math.abs(Number(id.auth_time) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('asks other clients for consent, which the headless driver grants', async () => {
    const callback = await sandbox.signIn(
      authorizeUrl(sandbox, { client_id: other.clientId, redirect_uri: other.redirectUris[0] ?? '' }),
    );
    const answer = await tokenRequest(
      sandbox,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: other.redirectUris[0] ?? '' },
      other,
    );
    expect(answer.status).toBe(200);
    expect(claims(answer.body.id_token).aud).toBe(other.clientId);
  });

  it('renders the login page for a person in a browser', async () => {
    const res = await fetch(authorizeUrl(sandbox, { login_hint: 'bob@example.com' }), { redirect: 'manual' });
    expect(res.status).toBe(303);
    const page = await fetch(new URL(res.headers.get('location') ?? '', sandbox.url), {
      headers: { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
    });
    const html = await page.text();
    expect(html).toContain('not for production');
    expect(html).toMatch(/value="bob@example.com" checked/);
  });
});

describe('userinfo', () => {
  it('returns claims by scope', async () => {
    const openidOnly = await signInAndExchange(sandbox, { scope: 'openid' });
    const res = await userinfo(sandbox, openidOnly.body.access_token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: sandbox.users[0]?.id });

    const full = await signInAndExchange(sandbox, { scope: 'openid email profile' });
    const body = (await (await userinfo(sandbox, full.body.access_token)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      sub: sandbox.users[0]?.id,
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Example',
      family_name: 'Example',
      preferred_username: 'alice@example.com',
    });
  });

  it('refuses a missing or unknown token with 401', async () => {
    const res = await userinfo(sandbox, 'not-a-token');
    expect(res.status).toBe(401);
    expect(((await res.json()) as Record<string, unknown>).error).toBe('invalid_token');
    expect(basicAuth(sandbox.client)).toMatch(/^Basic /);
  });
});
