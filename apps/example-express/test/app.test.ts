import { startSandbox, type Sandbox, type SandboxUser } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSinkInput } from '@webex-oidc/passport';
import { Browser } from '@webex-oidc/testing';
import { signInAtSandbox, startExampleApp, type RunningApp } from './harness.js';

let sandbox: Sandbox;
let app: RunningApp | undefined;
let alice: SandboxUser;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  const [first] = sandbox.users;
  if (first === undefined) throw new Error('the sandbox has no users');
  alice = first;
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  sandbox.setFaults([]);
  await app?.close();
  app = undefined;
});

/** The whole sign-in: returns the browser with a signed-in session. */
async function signedIn(running: RunningApp): Promise<Browser> {
  const browser = new Browser();
  const callback = await signInAtSandbox(sandbox, browser, running, { user: alice.email });
  const res = await browser.request(callback);
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/');
  return browser;
}

describe('example Express app against the sandbox', () => {
  it('shows a sign-in link and guards /profile and /api/me when signed out', async () => {
    app = await startExampleApp(sandbox);
    const browser = new Browser();
    const home = await browser.request(`${app.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<a href="/login">Sign in with Webex</a>');
    for (const path of ['/profile', '/api/me']) {
      const res = await browser.request(`${app.url}${path}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
    }
  });

  it('signs in headlessly and then serves the profile, /api/me and the home page', async () => {
    app = await startExampleApp(sandbox);
    const browser = await signedIn(app);

    const profile = await browser.request(`${app.url}/profile`);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({
      provider: 'webex',
      id: alice.id,
      displayName: alice.name,
      emails: [{ value: alice.email }],
      _json: { sub: alice.id, email: alice.email },
    });

    const me = await browser.request(`${app.url}/api/me`);
    expect(me.status).toBe(200);
    const body = (await me.json()) as { id: string; email: string; accessTokenExpiresAt: number };
    expect(body).toMatchObject({ id: alice.id, email: alice.email });
    expect(body.accessTokenExpiresAt).toBeGreaterThan(Date.now());

    const home = await browser.request(`${app.url}/`);
    expect(await home.text()).toContain(`Hello, ${alice.name}`);
  });

  it('signs out: the protected routes answer 401 again', async () => {
    app = await startExampleApp(sandbox);
    const browser = await signedIn(app);
    const logout = await browser.request(`${app.url}/logout`, { method: 'POST' });
    expect(logout.status).toBe(302);
    expect((await browser.request(`${app.url}/api/me`)).status).toBe(401);
  });

  it('rejects a replayed callback: redirect to / with the reason, still signed out', async () => {
    app = await startExampleApp(sandbox);
    const browser = new Browser();
    const callback = await signInAtSandbox(sandbox, browser, app);
    expect((await browser.request(callback)).status).toBe(302);
    await browser.request(`${app.url}/logout`, { method: 'POST' });

    const replay = await browser.request(callback);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/');
    expect((await browser.request(`${app.url}/api/me`)).status).toBe(401);
    expect(await (await browser.request(`${app.url}/`)).text()).toMatch(/no pending Webex sign-in/);
  });

  it('rejects a tampered state', async () => {
    app = await startExampleApp(sandbox);
    const browser = new Browser();
    const callback = await signInAtSandbox(sandbox, browser, app);
    callback.searchParams.set('state', 'forged-state');
    const res = await browser.request(callback);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect((await browser.request(`${app.url}/api/me`)).status).toBe(401);
  });

  it('turns ?error=access_denied into a redirect to / that says so', async () => {
    app = await startExampleApp(sandbox);
    const browser = new Browser();
    const callback = await signInAtSandbox(sandbox, browser, app, { deny: true });
    const res = await browser.request(callback);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const home = await (await browser.request(`${app.url}/`)).text();
    expect(home).toContain('access_denied');
    expect((await browser.request(`${app.url}/api/me`)).status).toBe(401);
    expect(app.errors).toEqual([]);
  });

  it('answers 500 (not a crash) while discovery is down, and keeps serving', async () => {
    app = await startExampleApp(sandbox);
    sandbox.setFaults([{ path: new URL(sandbox.discoveryUrl).pathname, status: 503 }]);
    const res = await new Browser().request(`${app.url}/login`);
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/unavailable/);
    expect(app.errors).toHaveLength(1);
    expect((await new Browser().request(`${app.url}/`)).status).toBe(200);
  });

  it('hands the token set to the configured token store', async () => {
    const saved: TokenSinkInput[] = [];
    app = await startExampleApp(sandbox, {
      tokenStore: {
        save: async (input) => {
          saved.push(input);
        },
      },
    });
    await signedIn(app);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ userId: alice.id, clientId: sandbox.client.clientId, provider: 'webex', clientType: 'web' });
    expect(saved[0]?.tokens.accessToken).toEqual(expect.any(String));
  });
});

describe('HTML output', () => {
  it('escapes what comes from the IdP', async () => {
    const evil = await startSandbox({
      port: 0,
      quiet: true,
      users: [{ id: 'evil-1', email: 'evil@example.com', name: '<img src=x onerror=alert(1)>' }],
    });
    try {
      app = await startExampleApp(evil);
      const browser = new Browser();
      expect((await browser.request(await signInAtSandbox(evil, browser, app))).status).toBe(302);
      const html = await (await browser.request(`${app.url}/`)).text();
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
      expect(html).not.toContain('<img src=x');
    } finally {
      await app?.close();
      app = undefined;
      await evil.close();
    }
  });
});
