import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { redisTestUrl } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdpStub, type IdpStub } from '../bench/idp-stub.js';
import { RefreshLocks } from '../src/lock.js';
import { createHarness, waitFor, type Harness } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let h: Harness;
let idp: IdpStub;

beforeAll(async () => {
  h = await createHarness('token-worker-recovery');
  idp = await startIdpStub({ accessTokenTtl: 4, rotate: false, latencyMs: 1_500 });
  h.addClient({ clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuers: [idp.issuer], allowInsecureRequests: true });
});
afterAll(async () => {
  await h?.cleanup();
  await idp?.close();
});

describe('recovery', () => {
  it('per-set lock: one owner at a time, read in the same step, renewed, released only by its owner', async () => {
    const locks = new RefreshLocks(h.store, { leaseMs: 600 });
    const { set } = await h.store.add({ userId: 'lock', clientId: idp.clientId, clientType: 'web', tokens: idp.issue() }, { maxPerUserClient: 10 });
    const leaseKey = `{${h.store.keyPrefix}:${set.id.slice(0, 22)}}:l:${set.id.slice(23)}`;
    const a = await locks.acquire(set.id);
    if (a.status !== 'acquired') throw new Error(`expected the lock, got ${a.status}`);
    expect(a.set.tokens.refreshToken).toBe(set.tokens.refreshToken);
    expect((await locks.acquire(set.id)).status).toBe('held');
    await new Promise((resolve) => setTimeout(resolve, 900)); // renewed in the background
    expect((await locks.acquire(set.id)).status).toBe('held');
    expect(a.lock.signal.aborted).toBe(false);
    await a.lock.release();
    const b = await locks.acquire(set.id);
    if (b.status !== 'acquired') throw new Error(`expected the lock, got ${b.status}`);
    await a.lock.release(); // a stale owner cannot release b's lock
    expect(await h.redis.get(leaseKey)).toBe(b.lock.owner);
    await h.redis.set(leaseKey, 'someone-else-took-it', 'PX', 5_000); // b's lease lost: its signal aborts
    await waitFor(() => b.lock.signal.aborted, 2_000, 'abort on a lost lease');
    await b.lock.release();
    expect(await h.redis.get(leaseKey)).toBe('someone-else-took-it');
    expect((await locks.acquire('AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA')).status).toBe('not_found');
    await h.store.remove(set.id); // the next tests count the stored sets
  });

  it('rescheduleAll rebuilds lost jobs from the store and the sets get refreshed', async () => {
    const producer = await h.startWorker({ producerOnly: true });
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await producer.addTokenSet({ userId: `u${i}`, clientId: idp.clientId, clientType: 'web', tokens: idp.issue() })).set.id);
    expect(await producer.queue.getDelayedCount()).toBe(5);
    await producer.queue.obliterate({ force: true }); // as if Redis lost the queue
    expect(await producer.queue.getDelayedCount()).toBe(0);
    expect(await producer.rescheduleAll()).toEqual({ active: 5, added: 5 });
    expect(await producer.rescheduleAll()).toEqual({ active: 5, added: 0 }); // idempotent
    await h.startWorker({ concurrency: 10 });
    for (const id of ids) await waitFor(async () => ((await h.store.get(id))?.metadata.refreshCount ?? 0) >= 1, 15_000, `refresh of ${id}`);
    for (const worker of h.workers.splice(0)) await worker.close();
  });

  it('a worker killed with SIGKILL mid-refresh loses no set: another one picks it up', async () => {
    const producer = await h.startWorker({ producerOnly: true });
    const { set } = await producer.addTokenSet({ userId: 'kill', clientId: idp.clientId, clientType: 'web', tokens: idp.issue() });
    const before = idp.requestCount();
    const child = fork(CLI, ['start'], {
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        TOKEN_WORKER_REDIS_URL: redisTestUrl(),
        TOKEN_WORKER_QUEUE_PREFIX: h.queuePrefix,
        TOKEN_WORKER_STORE_PREFIX: `${h.prefix}:ts`,
        TOKEN_WORKER_STORE_KEYS: `k1:${h.keyring.keys.k1}`,
        TOKEN_WORKER_CLIENT_ID: idp.clientId,
        TOKEN_WORKER_CLIENT_SECRET: idp.clientSecret,
        TOKEN_WORKER_DISCOVERY_URL: idp.discoveryUrl,
        TOKEN_WORKER_ISSUERS: idp.issuer,
        TOKEN_WORKER_ALLOW_INSECURE_REQUESTS: 'true',
        TOKEN_WORKER_HTTP_PORT: '0',
        TOKEN_WORKER_HTTP_HOST: '127.0.0.1',
        TOKEN_WORKER_LOCK_LEASE_MS: '1500',
        TOKEN_WORKER_JOB_LOCK_MS: '2000',
        TOKEN_WORKER_STALLED_INTERVAL_MS: '1000',
        TOKEN_WORKER_RECONCILE_INTERVAL_MS: '0',
      },
    });
    // Bounds are generous: on 2 cores under a full parallel test run a child process can take many
    // seconds to boot; the test checks that nothing is lost, not how fast.
    await waitFor(() => idp.requestCount() > before, 40_000, 'the child to start refreshing');
    child.kill('SIGKILL'); // the token answer (1.5 s latency) never reaches it
    await new Promise((resolve) => child.once('exit', resolve));
    expect((await h.store.get(set.id))?.metadata.refreshCount ?? 0).toBe(0);
    await h.startWorker({ stalledIntervalMs: 1_000 });
    const done = await waitFor(async () => {
      const now = await h.store.get(set.id);
      return (now?.metadata.refreshCount ?? 0) >= 1 ? now : undefined;
    }, 40_000, 'the stalled job to be refreshed by another worker');
    expect(done.status).toBe('active');
  }, 120_000);
});
