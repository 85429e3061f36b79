// pnpm --filter @webex-oidc/token-worker bench:store — what the Redis side of one refresh costs,
// without HTTP or a queue: CPU µs per operation in this process and in Redis (INFO cpu), for the
// raw loop's write (one SET) against the worker's store work (lease + read, compare-and-set write
// that releases the lease) and the event PUBLISH. One process, BENCH_CONCURRENCY (64) operations in
// flight on an auto-pipelined connection (as the worker's store connection), BENCH_OPS (8000) per
// measurement, BENCH_ROUNDS (3) rounds; prints every round (no gating). Keys under a random
// `bench:ops:*` prefix, deleted at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';

const OPS = Number(process.env.BENCH_OPS ?? 8000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench:ops:${randomBytes(4).toString('hex')}`;
const redis = new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true });
const plain = new Redis(url, { maxRetriesPerRequest: null });
const store = new RedisTokenStore({ redis, keyring: { current: 'k1', keys: { k1: randomBytes(32) } }, keyPrefix: prefix, limitRange: { min: 1, max: 1000 } });
const token = () => randomBytes(48).toString('base64url');

async function pool(task) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < OPS) await task(next++);
  }));
}

async function redisCpuSeconds() {
  const info = await plain.info('cpu');
  const read = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

async function measure(label, task) {
  const redis0 = await redisCpuSeconds();
  const cpu0 = process.cpuUsage();
  await pool(task);
  const cpu = process.cpuUsage(cpu0);
  const redis1 = await redisCpuSeconds();
  console.log(`  ${label.padEnd(40)} process ${String(Math.round((cpu.user + cpu.system) / OPS)).padStart(4)} µs   redis ${String(Math.round(((redis1 - redis0) * 1e6) / OPS)).padStart(3)} µs`);
}

try {
  const ids = [];
  await pool(async (i) => {
    const now = Date.now();
    const tokens = { accessToken: token(), refreshToken: token(), tokenType: 'Bearer', expiresAt: now + 3_600_000, issuedAt: now };
    ids[i] = (await store.add({ userId: `bench-user-${i}`, clientId: 'bench-client', clientType: 'web', tokens }, { maxPerUserClient: 10 })).set.id;
  });
  console.log(`token-store ops bench (Node ${process.version}, ${OPS} operations × ${ROUNDS} rounds, concurrency ${CONCURRENCY}, CPU per operation)`);
  for (let round = 0; round < ROUNDS; round += 1) {
    console.log(`round ${round + 1}`);
    await measure('raw loop write: SET', (i) => plain.set(`${prefix}:raw:${i}`, JSON.stringify({ expiresAt: Date.now(), issuedAt: Date.now(), n: 160 })));
    const fresh = Array.from({ length: OPS }, token); // the IdP's new access tokens, minted outside the measurement
    await measure('worker: lease + read, CAS write + release', async (i) => {
      const owner = randomUUID();
      const leased = await store.lease(ids[i], owner, 30_000);
      if (leased.status !== 'acquired') throw new Error(`lease ${leased.status}`);
      const now = Date.now();
      await store.update(ids[i], leased.set.version, {
        tokens: { accessToken: fresh[i], expiresAt: now + 3_600_000, issuedAt: now },
        metadata: { lastRefreshAt: now, refreshCount: round + 1, lastError: null },
      }, { base: leased.set, releaseLease: owner });
    });
    await measure('worker: event PUBLISH', (i) => redis.publish(`${prefix}:events`, JSON.stringify({ type: 'refreshed', tokenSetId: ids[i], at: Date.now() })));
  }
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await plain.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 5000);
    if (keys.length) await plain.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  await plain.quit();
}
