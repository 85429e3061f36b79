import type { WebexConfig } from '@webex-oidc/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DashboardSnapshot, DashboardTokenSet } from '../src/dashboard/snapshot.js';
import { RefreshHistory } from '../src/history.js';
import { createLogger } from '../src/logger.js';
import { createHarness, waitFor, type Harness } from './helpers.js';
import { signIn, startTestSandbox, workerEnv } from './sandbox.js';

let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;
let app: RunningApp;
let base: string;
const tokens = new Set<string>();

beforeAll(async () => {
  h = await createHarness('token-worker-dashboard');
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: true }));
  const workerConfig = loadConfig({
    ...workerEnv(h, sandbox),
    TOKEN_WORKER_POLICY: JSON.stringify({ web: { maxRefreshTokensPerUser: 10 } }),
  });
  app = await startApp(workerConfig, { logger: createLogger({ level: 'silent' }) });
  base = `http://127.0.0.1:${app.http.port}`;
});
afterAll(async () => {
  await app?.stop();
  await h?.cleanup();
  await sandbox?.close();
});

async function addSet(user: string, userId = user) {
  const signedIn = await signIn(sandbox, config, user);
  for (const token of [signedIn.accessToken, signedIn.refreshToken, signedIn.idToken]) if (token) tokens.add(token);
  const { set } = await app.worker.addTokenSet({ userId, clientId: sandbox.client.clientId, clientType: 'web', tokens: signedIn });
  return set;
}

async function snapshot(): Promise<DashboardSnapshot> {
  const res = await fetch(`${base}/api/token-sets`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as DashboardSnapshot;
}

async function setOf(id: string): Promise<DashboardTokenSet | undefined> {
  return (await snapshot()).sets.find((set) => set.id === id);
}

/** Every token the tests have seen, current ones included (read back from the store). */
async function allTokens(ids: readonly string[]): Promise<string[]> {
  for (const id of ids) {
    const stored = await h.store.get(id);
    for (const token of [stored?.tokens.accessToken, stored?.tokens.refreshToken, stored?.tokens.idToken]) if (token) tokens.add(token);
  }
  return [...tokens];
}

function expectNoToken(text: string, seen: readonly string[]): void {
  expect(seen.length).toBeGreaterThan(2);
  for (const token of seen) expect(text).not.toContain(token.slice(0, 12));
}

describe('token-set dashboard', () => {
  let first: string;

  it('lists a new set as scheduled, then shows its refresh, next refresh time and history', async () => {
    const set = await addSet('alice@example.com');
    first = set.id;
    const fresh = await waitFor(async () => {
      const found = await setOf(set.id);
      return found?.history.some((e) => e.type === 'scheduled') ? found : undefined;
    }, 5_000, 'the scheduled entry');
    expect(fresh).toMatchObject({ userId: 'alice@example.com', clientId: sandbox.client.clientId, clientType: 'web', provider: 'webex', status: 'active', job: 'delayed', refreshCount: 0, lastRefreshAt: null });
    expect(fresh.nextRefreshAt).toBeGreaterThan(Date.now());
    expect(fresh.nextRefreshAt).toBeLessThan(fresh.expiresAt);

    const refreshed = await waitFor(async () => {
      const found = await setOf(set.id);
      return found !== undefined && found.refreshCount >= 1 && found.job === 'delayed' ? found : undefined;
    }, 15_000, 'a refresh');
    const now = Date.now();
    expect(refreshed.history[0]).toMatchObject({ type: 'refreshed' });
    expect(refreshed.history.map((e) => e.type)).toEqual(expect.arrayContaining(['refreshed', 'scheduled']));
    expect(refreshed.nextRefreshAt).toBeGreaterThan(now);
    expect(refreshed.lastRefreshAt).toBeGreaterThan(fresh.issuedAt);
    expect(refreshed.expiresAt).toBeGreaterThan(fresh.expiresAt);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<h1>Token sets</h1>');
    expect(html).toMatch(new RegExp(`<tr data-testid="token-set-row" data-set-id="${set.id}" data-user-id="alice@example.com" data-status="active" data-refresh-count="[1-9]\\d*">`));
    expect(html).toContain('<li data-testid="history-item" data-type="refreshed"');
    expect(html).toContain('data-type="scheduled"');
    expect(html).toMatch(/<td data-testid="next-refresh"><time datetime="[^"]+">\d\d:\d\d:\d\d<\/time> <span class="rel">\(in \d+ s\)<\/span><\/td>/);
    expect(html).toContain('setInterval(');
    const json = JSON.stringify(await snapshot());
    const seen = await allTokens([set.id]);
    expectNoToken(html, seen);
    expectNoToken(json, seen);
    expect(html + json).not.toContain('eyJ');
  });

  it('shows a set evicted by the per-user limit as revoked, with the eviction in its history', async () => {
    const added = [];
    for (let i = 0; i < 10; i += 1) added.push(await addSet('alice@example.com'));
    const evicted = await waitFor(async () => {
      const found = await setOf(first);
      return found?.status === 'revoked' ? found : undefined;
    }, 5_000, 'the eviction');
    expect(evicted.history[0]).toMatchObject({ type: 'evicted', detail: 'limit' });
    expect(evicted.job).toBe('none');
    const snap = await snapshot();
    expect(snap.counts).toMatchObject({ active: 10, revoked: 1, total: 11 });
    const alice = snap.sets.filter((s) => s.userId === 'alice@example.com');
    expect(alice).toHaveLength(11);
    expect(alice.map((s) => s.createdAt)).toEqual([...alice.map((s) => s.createdAt)].sort((a, b) => b - a));
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain(`data-set-id="${first}" data-user-id="alice@example.com" data-status="revoked"`);
    expect(html).toContain('data-type="evicted"');
    expect(html).toContain('<section class="user" data-testid="user-group" data-user-id="alice@example.com">');
    expectNoToken(html, await allTokens(added.map((s) => s.id)));
  });

  it('escapes what it shows', async () => {
    await addSet('bob@example.com', `<script>alert(1)</script>"'&@example.com`);
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('data-user-id="&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;@example.com"');
  });
});

describe('refresh history', () => {
  it('keeps the newest 50 entries per set, with an expiry, and drops free-text details', async () => {
    const history = new RefreshHistory(h.redis, { prefix: `${h.queuePrefix}:capped` });
    const id = 'set-1';
    for (let i = 0; i < 60; i += 1) await history.record(id, { type: 'refreshed', at: 1_000 + i });
    await history.record(id, { type: 'refresh_failed', at: 2_000, detail: 'network error: Bearer abc.def' });
    await history.record(id, { type: 'reauth_required', at: 3_000, detail: 'invalid_grant' });
    const entries = await history.read(id);
    expect(entries).toHaveLength(50);
    expect(entries[0]).toEqual({ type: 'reauth_required', at: 3_000, detail: 'invalid_grant' });
    expect(entries[1]).toEqual({ type: 'refresh_failed', at: 2_000 });
    expect(entries.at(-1)).toMatchObject({ at: 1_000 + 60 - 48 });
    expect(await h.redis.llen(history.key(id))).toBe(50);
    const ttl = await h.redis.pttl(history.key(id));
    expect(ttl).toBeGreaterThan(29 * 24 * 3_600_000);
    const many = await history.readMany([id, 'unknown']);
    expect(many.get(id)).toHaveLength(50);
    expect(many.get('unknown')).toEqual([]);
  });
});
