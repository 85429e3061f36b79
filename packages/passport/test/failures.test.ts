import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SESSION_STATE_MISSING, WebexOidcError, WebexStrategy } from '../src/index.js';
import { Browser } from '@webex-oidc/testing';
import { acceptAll, callbackUrlFor, sandboxOptions, sandboxStrategy, startLogin } from './fixtures.js';
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
  sandbox.setFaults([]);
  await app?.close();
  app = undefined;
});

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('user-caused failures → fail (401)', () => {
  it('rejects a replayed callback: the pending sign-in is used up by the first', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app);
    expect((await browser.request(callback)).status).toBe(200);
    const replay = await browser.request(callback);
    expect(replay.status).toBe(401);
    expect(await json(replay)).toMatchObject({ info: { code: SESSION_STATE_MISSING, message: expect.stringMatching(/sign in again/i) } });
  });

  it('rejects a replayed callback in another browser (no session state at all)', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const callback = await callbackUrlFor(sandbox, new Browser(), app);
    const res = await new Browser().request(callback);
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ info: { code: SESSION_STATE_MISSING } });
  });

  it('rejects a tampered state, and the genuine callback still works afterwards', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const res = await browser.request(tampered);
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ info: { code: SESSION_STATE_MISSING } });
    expect((await browser.request(callback)).status).toBe(200);
  });

  it('maps ?error=access_denied (the user refused) to a fail', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app, { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.request(callback);
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ info: { message: expect.stringContaining('access_denied') } });
    expect(app.errors).toEqual([]);
  });

  it('maps an invalid code (invalid_grant) to a fail', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app);
    callback.searchParams.set('code', 'not-a-real-code');
    const res = await browser.request(callback);
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ info: { code: ErrorCode.InvalidGrant } });
  });
});

describe('server and configuration failures → error (500), never a crash', () => {
  it('reports discovery down (503) as an error on /login, and recovers when it is back', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    sandbox.setFaults([{ path: new URL(sandbox.discoveryUrl).pathname, status: 503 }]);
    const res = await new Browser().request(`${app.url}/login`);
    expect(res.status).toBe(500);
    expect(app.errors[0]).toBeInstanceOf(WebexOidcError);
    sandbox.setFaults([]);
    const again = await new Browser().request(`${app.url}/login`);
    expect(again.status).toBe(302);
  });

  it('reports an IdP that is not running as an error', async () => {
    const gone = await startSandbox({ port: 0, quiet: true });
    const options = sandboxOptions(gone, 'http://127.0.0.1/unused');
    await gone.close();
    app = await startTestApp((cb) => new WebexStrategy({ ...options, callbackURL: cb }, acceptAll));
    const res = await new Browser().request(`${app.url}/login`);
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ code: expect.stringMatching(/network_error|discovery_failed/) });
  });

  it('reports a wrong client secret (invalid_client) as an error, not a user failure', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb, { clientSecret: 'wrong-secret' }));
    const browser = new Browser();
    const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
    expect(res.status).toBe(500);
    // The token endpoint answers 401 + `WWW-Authenticate: Basic error="invalid_client"`: core codes
    // it invalid_client and the strategy hands it to `error`, not `fail`.
    expect(app.errors[0]).toMatchObject({ name: 'WebexOidcError', code: ErrorCode.InvalidClient, error: 'invalid_client', status: 401 });
    expect(await json(res)).toMatchObject({ code: ErrorCode.InvalidClient, message: expect.stringMatching(/check the client id and client secret/) });
  });

  it('reports an issuer outside the allow-list as an error', async () => {
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, {
        webex: { discoveryUrl: sandbox.discoveryUrl, allowInsecureRequests: true, discoveryAttempts: 1 },
      }),
    );
    const res = await new Browser().request(`${app.url}/login`);
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ code: ErrorCode.IssuerNotAllowed });
  });

  it('reports a failing token sink as an error and does not sign the user in', async () => {
    app = await startTestApp((cb) =>
      sandboxStrategy(sandbox, cb, { tokenStore: { save: () => Promise.reject(new Error('redis is down')) } }),
    );
    const browser = new Browser();
    const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ message: 'redis is down' });
    expect((await browser.request(`${app.url}/me`)).status).toBe(401);
  });

  it('reports a throwing or rejecting verify callback as an error', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb, {}, () => Promise.reject(new Error('db down'))));
    const browser = new Browser();
    const res = await browser.request(await callbackUrlFor(sandbox, browser, app));
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ message: 'db down' });
  });

  it('explains a missing express-session', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb), { session: false });
    const res = await new Browser().request(`${app.url}/login`);
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ message: expect.stringContaining('express-session') });
  });

  it('userinfo down is an error (the profile cannot be built)', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb));
    const browser = new Browser();
    const callback = await callbackUrlFor(sandbox, browser, app);
    sandbox.setFaults([{ path: '/v1/userinfo', status: 503 }]);
    const res = await browser.request(callback);
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ code: ErrorCode.ServerError });
  });
});

describe('PKCE method', () => {
  it('sends code_challenge_method=plain with challenge = verifier when asked', async () => {
    app = await startTestApp((cb) => sandboxStrategy(sandbox, cb, { pkce: 'plain' }));
    const url = await startLogin(new Browser(), app);
    expect(url.searchParams.get('code_challenge_method')).toBe('plain');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  });
});
