import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox, type SandboxUser } from '@webex-oidc/sandbox';
import { deleteRedisPrefix, redisTestPrefix, redisTestUrl } from '@webex-oidc/testing';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workerDashboardSessions } from '../src/sessions.js';
import { Browser } from '@webex-oidc/testing';
import { startExampleApp, type RunningApp } from './harness.js';

let sandbox: Sandbox;
let alice: SandboxUser;
let redis: Redis;
let store: RedisTokenStore;
let app: RunningApp | undefined;
const prefix = redisTestPrefix('example-express-sessions');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  const [first] = sandbox.users;
  if (first === undefined) throw new Error('the sandbox has no users');
  alice = first;
  redis = new Redis(redisTestUrl());
  store = new RedisTokenStore({ redis, keyPrefix: `${prefix}:ts`, keyring: { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } } });
});
afterAll(async () => {
  await deleteRedisPrefix(redis, prefix);
  await redis.quit();
  await sandbox.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function startWithStore(): Promise<RunningApp> {
  return startExampleApp(sandbox, {
    tokenStore: { save: (input) => store.add(input, { maxPerUserClient: 10 }) },
    sessions: { list: (userId) => store.listByUser(userId), limit: 10 },
    dashboardUrl: 'http://127.0.0.1:3100/',
  });
}

/** One full sign-in through `/login` (or `path`), returning the home page's HTML. */
async function signIn(running: RunningApp, browser: Browser, path = '/login'): Promise<string> {
  const login = await browser.request(`${running.url}${path}`);
  const authorizationUrl = Browser.location(login, running.url);
  const callback = await sandbox.signIn(authorizationUrl, { user: alice.email });
  const res = await browser.request(callback);
  expect(res.headers.get('location')).toBe('/');
  return (await browser.request(`${running.url}/`)).text();
}

const rows = (html: string): string[] => [...html.matchAll(/<tr data-testid="session-row" data-session-id="([^"]+)" data-status="active">/g)].map((m) => m[1] ?? '');

describe('"Your sessions" on the home page', () => {
  it('lists the stored set of this sign-in, marks it, and offers "Sign in again (new session)"', async () => {
    app = await startWithStore();
    const browser = new Browser();
    const html = await signIn(app, browser);
    const [id] = rows(html);
    expect(id).toBeDefined();
    const stored = await store.get(id ?? '');
    expect(stored?.userId).toBe(alice.id);
    expect(html).toContain('<h2>Your sessions <small class="muted" data-testid="sessions-active">1 active of 10 allowed</small></h2>');
    expect(html).toContain('<strong>(this browser)</strong>');
    expect(html).toContain('<a href="/login?prompt=login" data-testid="sign-in-again">Sign in again (new session)</a>');
    expect(html).toContain('<a href="http://127.0.0.1:3100/" data-testid="dashboard-link">Token worker dashboard</a>');
    for (const token of [stored?.tokens.accessToken, stored?.tokens.refreshToken, stored?.tokens.idToken]) {
      if (token) expect(html).not.toContain(token.slice(0, 12));
    }
  });

  it('"Sign in again" asks the IdP for a new login and adds a session; past the limit the oldest goes', async () => {
    app = await startWithStore();
    const browser = new Browser();
    await store.listByUser(alice.id).then(async (old) => Promise.all(old.map((s) => store.remove(s.id))));
    const first = rows(await signIn(app, browser))[0];
    const again = await browser.request(`${app.url}/login?prompt=login`);
    expect(Browser.location(again, app.url).searchParams.get('prompt')).toBe('login');
    let html = '';
    for (let i = 0; i < 10; i += 1) html = await signIn(app, browser, '/login?prompt=login');
    const ids = rows(html);
    expect(ids).toHaveLength(10);
    expect(ids).not.toContain(first);
    expect((await store.get(first ?? ''))?.status).toBe('revoked');
    expect(html).toContain('10 active of 10 allowed');
  });

  it('still renders the page when the session source fails', async () => {
    app = await startExampleApp(sandbox, { sessions: { list: () => Promise.reject(new Error('redis down')) } });
    const html = await signIn(app, new Browser());
    expect(html).toContain(`Hello, ${alice.name}`);
    expect(html).toContain('Your sessions could not be read right now.');
    expect(app.errors).toHaveLength(1);
  });

  it('shows no sessions section without a source', async () => {
    app = await startExampleApp(sandbox);
    const html = await signIn(app, new Browser());
    expect(html).not.toContain('data-testid="sessions"');
  });
});

describe('workerDashboardSessions', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads the worker dashboard's /api/token-sets and keeps the user's sets, next refresh included", async () => {
    const now = Date.now();
    const sets = [
      { id: 'a', userId: 'u1', status: 'active', expiresAt: now + 60_000, nextRefreshAt: now + 45_000, refreshCount: 2, history: [] },
      { id: 'b', userId: 'u2', status: 'active', expiresAt: now + 60_000, nextRefreshAt: now + 45_000, refreshCount: 0, history: [] },
      { id: 'c', userId: 'u1', status: 'revoked', expiresAt: now, nextRefreshAt: null, refreshCount: 0, history: [] },
    ];
    server = createServer((req, res) => {
      res.writeHead(req.url === '/api/token-sets' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sets, counts: { active: 2, revoked: 1 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const source = workerDashboardSessions(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const list = await source.list('u1');
    expect(list.map((s) => s.id)).toEqual(['a', 'c']);
    expect(list[0]).toMatchObject({ nextRefreshAt: now + 45_000, refreshCount: 2 });
  });
});
