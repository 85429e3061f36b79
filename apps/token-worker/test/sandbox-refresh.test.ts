import { refreshTokens, revokeToken } from '@webex-oidc/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebexConfig } from '@webex-oidc/core';
import { createHarness, dumpPrefix, waitFor, type Harness } from './helpers.js';
import { signIn, startTestSandbox } from './sandbox.js';
import type { TokenWorker } from '../src/token-worker.js';

const TOKEN_PATH = '/v1/access_token';
let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;
let worker: TokenWorker;
const seen = new Set<string>();

beforeAll(async () => {
  h = await createHarness('token-worker-sandbox-refresh');
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: true }));
  worker = await h.startWorker({ retry: { baseMs: 200, maxMs: 2_000 }, policy: { web: { maxRefreshTokensPerUser: 10 } } });
});
afterAll(async () => {
  await h?.cleanup();
  await sandbox?.close();
});

async function add(user = 'alice@example.com') {
  const tokens = await signIn(sandbox, config, user);
  const { set } = await worker.addTokenSet({ userId: user, clientId: sandbox.client.clientId, clientType: 'web', tokens });
  seen.add(tokens.accessToken).add(tokens.refreshToken ?? '').add(tokens.idToken ?? '');
  return set;
}

async function refreshedTimes(id: string, times: number, timeoutMs = 15_000) {
  return waitFor(async () => {
    const set = await h.store.get(id);
    if (set) seen.add(set.tokens.accessToken).add(set.tokens.refreshToken ?? '');
    return set !== undefined && (set.metadata.refreshCount ?? 0) >= times ? set : undefined;
  }, timeoutMs, `${times} refreshes of ${id}`);
}

describe('token worker against the sandbox IdP', () => {
  it('refreshes at the refresh point with rotating refresh tokens, each rotated token staying valid', async () => {
    const set = await add();
    const start = Date.now();
    const once = await refreshedTimes(set.id, 1);
    expect(Date.now() - start).toBeGreaterThan(2_000);
    expect(once.tokens.refreshToken).not.toBe(set.tokens.refreshToken);
    const twice = await refreshedTimes(set.id, 2);
    expect(twice.tokens.refreshToken).not.toBe(once.tokens.refreshToken);
    expect(twice.status).toBe('active');
  });

  it('keeps the same refresh token when the IdP does not rotate, and it keeps working', async () => {
    sandbox.setRotateRefreshTokens(false);
    const set = await add('bob@example.com');
    const twice = await refreshedTimes(set.id, 2);
    expect(twice.tokens.refreshToken).toBe(set.tokens.refreshToken);
    expect(twice.tokens.accessToken).not.toBe(set.tokens.accessToken);
    sandbox.setRotateRefreshTokens(true);
  });

  it('429 and 503 storms delay refreshes but lose none', async () => {
    const sets = [await add(), await add(), await add()];
    const calls = sandbox.requestCount(TOKEN_PATH);
    sandbox.setFaults([
      { path: TOKEN_PATH, status: 429, retryAfter: 1, times: 4 },
      { path: TOKEN_PATH, status: 503, times: 4 },
    ]);
    for (const set of sets) {
      const done = await refreshedTimes(set.id, 1, 25_000);
      expect(done.status).toBe('active');
    }
    sandbox.setFaults([]);
    expect(sandbox.requestCount(TOKEN_PATH) - calls).toBeGreaterThanOrEqual(8 + sets.length);
    const results = (await worker.metrics.refreshes.get()).values.map((v) => String(v.labels.result));
    expect(results).toContain('rate_limited');
    expect(results).toContain('failed');
    expect(h.events.filter((e) => e.type === 'reauth_required')).toHaveLength(0);
  });

  it('marks a set whose refresh token was revoked reauth_required and emits the event', async () => {
    const set = await add();
    await revokeToken(config, set.tokens.refreshToken ?? '', 'refresh_token');
    await waitFor(async () => (await h.store.get(set.id))?.status === 'reauth_required', 15_000, 'reauth_required');
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'reauth_required', tokenSetId: set.id, reason: 'invalid_grant' }));
    // The status is written inside the processor; BullMQ completes (and, with removeOnComplete,
    // deletes) the job only after the processor returns, so poll for it, bounded.
    await waitFor(async () => (await worker.queue.getJob(set.id)) === undefined, 5_000, 'the completed job to be removed');
    expect(await worker.queue.getJob(set.id)).toBeUndefined();
    expect(await worker.queue.getJobState(set.id)).toBe('unknown');
  });

  it('limit eviction keeps the newest 10 sets and revokes the rest at the sandbox', async () => {
    const user = 'alice@example.com';
    const before = await h.store.listByUser(user, sandbox.client.clientId);
    const evictedBefore = h.events.filter((e) => e.type === 'evicted').length;
    const added = [];
    for (let i = 0; i < 11 - before.length + 1; i += 1) added.push(await add(user));
    const now = await h.store.listByUser(user, sandbox.client.clientId);
    expect(now).toHaveLength(10);
    const newest = added.slice(-10).map((s) => s.id);
    expect(now.map((s) => s.id).sort()).toEqual(expect.arrayContaining(newest.slice(-Math.min(10, newest.length))));
    const evicted = h.events.filter((e) => e.type === 'evicted').slice(evictedBefore);
    expect(evicted.length).toBeGreaterThan(0);
    for (const event of evicted) {
      const stored = await h.store.get(event.tokenSetId);
      expect(stored?.status).toBe('revoked');
      await expect(refreshTokens(config, stored?.tokens ?? '')).rejects.toMatchObject({ code: 'invalid_grant' });
      expect(await worker.queue.getJob(event.tokenSetId)).toBeUndefined();
    }
  });

  it('leaves no token in Redis or in the logs', async () => {
    const dump = await dumpPrefix(h.redis, h.prefix);
    const logs = h.logs.join('');
    seen.delete('');
    expect(seen.size).toBeGreaterThan(10);
    for (const token of seen) {
      expect(dump).not.toContain(token);
      expect(logs).not.toContain(token);
    }
  });
});
