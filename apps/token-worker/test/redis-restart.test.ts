import type { WebexConfig } from '@webex-oidc/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './helpers.js';
import { startPrivateRedis, type PrivateRedis } from './redis-server.js';
import { signIn, startTestSandbox } from './sandbox.js';

// Runs on its own redis-server (never the shared 127.0.0.1:6379, which other suites use).
let server: PrivateRedis;
let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;

beforeAll(async () => {
  server = await startPrivateRedis();
  h = await createHarness('token-worker-redis-restart', { url: server.url });
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: true }));
});
afterAll(async () => {
  await h?.cleanup();
  await sandbox?.close();
  await server?.destroy();
});

describe('Redis restart', () => {
  it('a Redis killed (SIGKILL) and restarted from its AOF loses no scheduled refresh', async () => {
    const worker = await h.startWorker({ retry: { baseMs: 200, maxMs: 2_000 } });
    const sets = [];
    for (let i = 0; i < 6; i += 1) {
      const tokens = await signIn(sandbox, config, i % 2 === 0 ? 'alice@example.com' : 'bob@example.com');
      sets.push((await worker.addTokenSet({ userId: `user-${i}`, clientId: sandbox.client.clientId, clientType: 'web', tokens })).set);
    }
    const before = new Map<string, number>();
    for (const set of sets) before.set(set.id, (await h.store.get(set.id))?.metadata.refreshCount ?? 0);
    const delayedBefore = await worker.queue.getDelayedCount();
    expect(delayedBefore).toBeGreaterThan(0);

    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // sets fall due while Redis is down
    await server.start();

    for (const set of sets) {
      const done = await waitFor(async () => {
        const now = await h.store.get(set.id);
        return now !== undefined && (now.metadata.refreshCount ?? 0) > (before.get(set.id) ?? 0) ? now : undefined;
      }, 30_000, `refresh of ${set.id} after the restart`);
      expect(done.status).toBe('active');
    }
    // The AOF kept every job: rebuilding the schedule from the store finds nothing missing.
    expect(await worker.rescheduleAll()).toEqual({ active: sets.length, added: 0 });
    expect(h.events.filter((e) => e.type === 'reauth_required')).toHaveLength(0);
  });
});
