// pnpm bench — throughput and footprint of the token worker, against a fast local token endpoint
// (bench/idp-stub.js). Prints ratios against a raw loop measured in the same run; never gates on
// absolute numbers. Sizes: BENCH_REFRESHES (default 4000), BENCH_SETS (default 100000).
import { randomBytes } from 'node:crypto';
import { createWebexConfig, refreshTokens } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createTokenWorker, createWebexProvider } from '../dist/index.js';
import { startIdpStub } from './idp-stub.js';

const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 4000);
const SETS = Number(process.env.BENCH_SETS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench:tw:${randomBytes(4).toString('hex')}`;
const redis = new Redis(url, { maxRetriesPerRequest: null });
const idp = await startIdpStub({ accessTokenTtl: 3600 });
const clients = new Map([[idp.clientId, createWebexConfig({ clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuers: [idp.issuer], allowInsecureRequests: true })]]);
const config = clients.get(idp.clientId);
const keyring = { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
const store = new RedisTokenStore({ redis, keyring, keyPrefix: `${prefix}:ts`, limitRange: { min: 1, max: 1000 } });
const logger = pino({ level: 'warn' });
const out = {};
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

/** A set due now: issued 80% of its life ago. */
function dueTokens() {
  const t = idp.issue();
  const life = t.expiresAt - t.issuedAt;
  return { ...t, issuedAt: t.issuedAt - 0.8 * life, expiresAt: t.expiresAt - 0.8 * life };
}

async function cleanup() {
  for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

try {
  await refreshTokens(config, idp.issue()); // warm discovery
  // 1. Raw loop: core refresh (openid-client) + one ioredis write per refresh, no queue.
  {
    const sets = Array.from({ length: REFRESHES }, () => idp.issue());
    const start = performance.now();
    await pool(REFRESHES, CONCURRENCY, async (i) => {
      const tokens = await refreshTokens(config, sets[i]);
      await redis.set(`${prefix}:raw:${i}`, JSON.stringify({ expiresAt: tokens.expiresAt, issuedAt: tokens.issuedAt, n: tokens.accessToken.length }));
    });
    out.rawPerSecond = REFRESHES / ((performance.now() - start) / 1000);
  }
  // 2. The worker: the same number of due sets, lock + re-read + refresh + CAS write + reschedule.
  {
    const worker = createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}}`, concurrency: CONCURRENCY, logger, eventChannel: false, reconcileIntervalMs: 0 });
    const ids = [];
    await pool(REFRESHES, 32, async (i) => {
      ids[i] = (await store.add({ userId: `bench-${i}`, clientId: idp.clientId, clientType: 'web', tokens: dueTokens() }, { maxPerUserClient: 100 })).set.id;
    });
    let done = 0;
    let finished;
    const all = new Promise((resolve) => (finished = resolve));
    worker.subscribe((e) => { if (e.type === 'refreshed' && ++done === REFRESHES) finished(); });
    await worker.queue.addBulk(ids.map((id) => ({ name: 'refresh', data: { id }, opts: { jobId: id } })));
    const start = performance.now();
    await worker.start();
    await all;
    out.workerPerSecond = REFRESHES / ((performance.now() - start) / 1000);
    await worker.close();
    await cleanup();
  }
  // 3. Sign-ins through the limit-enforcing insert, then schedule them all; memory per set.
  {
    const producer = createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}}`, producerOnly: true, logger, reconcileIntervalMs: 0 });
    await producer.start();
    const tokens = idp.issue();
    let start = performance.now();
    await pool(SETS, 64, async (i) => {
      await store.add({ userId: `user-${i % Math.ceil(SETS / 5)}`, clientId: idp.clientId, clientType: 'web', tokens }, { maxPerUserClient: 10 });
    });
    out.signInsPerSecond = SETS / ((performance.now() - start) / 1000);
    start = performance.now();
    const { added } = await producer.rescheduleAll();
    out.scheduleSeconds = (performance.now() - start) / 1000;
    out.scheduled = added;
    const before = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1]);
    const jobIds = (await producer.queue.getDelayed(0, 999)).map((j) => j.id);
    let jobBytes = 0;
    for (const id of jobIds) jobBytes += Number(await redis.call('MEMORY', 'USAGE', producer.queue.toKey(id), 'SAMPLES', '0'));
    const delayedBytes = Number(await redis.call('MEMORY', 'USAGE', producer.queue.toKey('delayed'), 'SAMPLES', '0'));
    out.jobHashBytes = jobBytes / jobIds.length;
    out.delayedIndexBytes = delayedBytes / added;
    out.queueBytesPerSet = out.jobHashBytes + out.delayedIndexBytes;
    await producer.queue.obliterate({ force: true });
    const after = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1]);
    out.usedMemoryDeltaPerSet = (before - after) / added;
    await producer.close();
  }
  console.log(`token-worker bench (Node ${process.version}, ${REFRESHES} refreshes, concurrency ${CONCURRENCY}, ${SETS} sets)`);
  console.log(`  raw loop (core refresh + ioredis SET):      ${fmt(out.rawPerSecond)} refreshes/s`);
  console.log(`  worker (queue, lock, CAS, encrypt, resched): ${fmt(out.workerPerSecond)} refreshes/s  ratio ${(out.workerPerSecond / out.rawPerSecond).toFixed(2)}`);
  console.log(`  sign-ins through limit-enforcing add:       ${fmt(out.signInsPerSecond)} /s`);
  console.log(`  schedule ${fmt(out.scheduled)} sets (rescheduleAll):     ${out.scheduleSeconds.toFixed(1)} s (${fmt(out.scheduled / out.scheduleSeconds)} /s)`);
  console.log(`  Redis bytes per scheduled set: ${fmt(out.queueBytesPerSet)} (job hash ${fmt(out.jobHashBytes)} + delayed zset ${fmt(out.delayedIndexBytes)}); used_memory delta ${fmt(out.usedMemoryDeltaPerSet)}`);
} finally {
  await cleanup();
  await idp.close();
  await redis.quit();
}
