import { get } from 'node:http';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'express';
import type { TokenSinkInput, WebexProfile, WebexStrategyTokens } from '../src/index.js';
import { WebexStrategy } from '../src/index.js';
import { Browser } from '@webex-oidc/testing';
import { callbackUrlFor, sandboxOptions, sandboxStrategy, sandboxStrategyWithRequest, startLogin } from './fixtures.js';
import { startTestApp, type TestApp } from './test-app.js';

let sandbox: Sandbox;
let app: TestApp | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('sign-in with the sandbox', () => {
  it('runs the whole dance and hands validated tokens and a Passport profile to verify', async () => {
    const seen: Array<{ tokens: WebexStrategyTokens; profile: WebexProfile }> = [];
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, {}, (tokens, profile, done) => {
        seen.push({ tokens, profile });
        done(null, { id: profile.id });
      }),
    );
    const browser = new Browser();
    const authorizationUrl = await startLogin(browser, app);
    expect(authorizationUrl.origin).toBe(new URL(sandbox.url).origin);
    const q = authorizationUrl.searchParams;
    expect(q.get('redirect_uri')).toBe(app.callbackURL);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')).toMatch(/.{16,}/);
    expect(q.get('nonce')).toMatch(/.{16,}/);
    expect(q.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));

    const alice = sandbox.users[0];
    if (alice === undefined) throw new Error('the sandbox has no users');
    const callback = await sandbox.signIn(authorizationUrl, { user: alice.email });
    expect(callback.href.startsWith(app.callbackURL)).toBe(true);
    const res = await browser.request(callback);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: alice.id } });

    expect(seen).toHaveLength(1);
    const [{ tokens, profile }] = seen as [(typeof seen)[number]];
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.claims?.sub).toBe(alice.id);
    expect(tokens.claims?.nonce).toBe(q.get('nonce'));
    expect(profile).toMatchObject({
      provider: 'webex',
      id: alice.id,
      displayName: alice.name,
      emails: [{ value: alice.email, verified: expect.any(Boolean) }],
    });
    expect(profile._json['sub']).toBe(alice.id);
    expect(JSON.parse(profile._raw)).toEqual(profile._json);

    const me = await browser.request(`${app.url}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: alice.id });
  });

  it('keeps two pending sign-ins of one session apart (two tabs)', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const first = await startLogin(browser, app);
    const second = await startLogin(browser, app);
    expect(first.searchParams.get('state')).not.toBe(second.searchParams.get('state'));
    // The second request did not overwrite the first: the first tab can still finish.
    const firstCallback = await sandbox.signIn(first);
    expect((await browser.request(firstCallback)).status).toBe(200);
  });

  it('sends per-request loginHint and prompt, extra scopes, and the configured callback URL whatever the Host header says', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb, { scope: 'spark:people_read', maxAge: 600 }), {
      loginOptions: (req) => ({ loginHint: req.query['hint'], prompt: 'login' }),
    });
    const browser = new Browser();
    const url = await startLogin(browser, app, '?hint=bob%40example.com');
    expect(url.searchParams.get('login_hint')).toBe('bob@example.com');
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('max_age')).toBe('600');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(['openid', 'email', 'profile', 'spark:people_read']);

    // node:http, because fetch does not let a caller set Host; the app trusts proxy headers.
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const headers = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
      get(`${app?.url}/login`, { headers }, (res) => {
        res.resume();
        resolve(res.headers.location);
      }).on('error', reject);
    });
    expect(new URL(location ?? '').searchParams.get('redirect_uri')).toBe(app.callbackURL);
  });

  it('lets a subclass add authorization parameters by overriding authorizationRequestParams', async () => {
    class CustomStrategy extends WebexStrategy {
      override authorizationRequestParams(req: Request, options: Parameters<WebexStrategy['authorizationRequestParams']>[1]) {
        const params = new URLSearchParams(super.authorizationRequestParams(req, options));
        params.set('ui_locales', 'fr');
        params.set('state', 'attacker-chosen'); // reserved: core owns state
        return params;
      }
    }
    app = await startTestApp((cb) => new CustomStrategy(sandboxOptions(sandbox, cb), (_t, p, done) => done(null, { id: p.id })));
    const browser = new Browser();
    const url = await startLogin(browser, app);
    expect(url.searchParams.get('ui_locales')).toBe('fr');
    expect(url.searchParams.get('state')).not.toBe('attacker-chosen');
    expect((await browser.request(await sandbox.signIn(url))).status).toBe(200);
  });

  it('passes the request first with passReqToCallback', async () => {
    const seen: string[] = [];
    app = await startTestApp((cb) =>
      sandboxStrategyWithRequest(sandbox, cb, (req, tokens, profile, done) => {
        seen.push(`${req.get('x-test') ?? 'none'}:${req.path}:${tokens.claims?.sub === profile.id}`);
        done(null, { id: profile.id });
      }),
    );
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app);
    const res = await browser.request(callback, { headers: { 'x-test': 'from-req' } });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['from-req:/callback:true']);
  });

  it('supports async verify callbacks, and a refusal is a 401 with the verify message', async () => {
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, {}, async (_tokens, profile, done) => {
        await new Promise((r) => setTimeout(r, 5));
        done(null, false, { message: `no access for ${profile.id}` });
      }),
    );
    const browser = new Browser();
    const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ info: { message: `no access for ${sandbox.users[0]?.id}` } });
    expect((await browser.request(`${app.url}/me`)).status).toBe(401);
  });

  it('builds the profile from the ID token alone with fetchUserinfo: false (userinfo down does not matter)', async () => {
    let profile: WebexProfile | undefined;
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, { fetchUserinfo: false }, (_t, p, done) => {
        profile = p;
        done(null, { id: p.id });
      }),
    );
    sandbox.setFaults([{ path: '/v1/userinfo', status: 500 }]);
    try {
      const browser = new Browser();
      const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
      expect(res.status).toBe(200);
      expect(profile?.id).toBe(sandbox.users[0]?.id);
      expect(profile?._json['nonce']).toEqual(expect.any(String)); // ID token claims, not userinfo
    } finally {
      sandbox.setFaults([]);
    }
  });

  it('hands the token set to the token sink after verify and passes its answer on as info.stored', async () => {
    const saved: TokenSinkInput[] = [];
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, {
        clientType: 'desktop',
        tokenStore: {
          save: async (input) => {
            saved.push(input);
            return { id: 'set-1' };
          },
        },
      }),
    );
    const browser = new Browser();
    const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ info: { stored: { id: 'set-1' } } });
    expect(saved).toHaveLength(1);
    const [input] = saved as [TokenSinkInput];
    expect(input).toMatchObject({ userId: sandbox.users[0]?.id, clientId: sandbox.client.clientId, clientType: 'desktop', provider: 'webex' });
    expect(input.tokens.accessToken).toEqual(expect.any(String));
    expect(input.tokens.refreshToken).toEqual(expect.any(String));
    expect(input.tokens).not.toHaveProperty('claims');
  });

  it('does not call the token sink when verify refuses the user', async () => {
    let calls = 0;
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, { tokenStore: { save: async () => void calls++ } }, (_t, _p, done) => done(null, false)),
    );
    const browser = new Browser();
    expect((await browser.request(await callbackUrlFor(sandbox, browser, app))).status).toBe(401);
    expect(calls).toBe(0);
  });
});
