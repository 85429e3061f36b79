// pnpm bench — throughput and footprint of the token worker against a fast local token endpoint
// (bench/idp-stub.js) that runs in its own process. Prints ratios against a raw loop measured in
// the same run; never gates on absolute numbers.
//
// Method: BENCH_PROCESSES measured processes per side (bench/bench-child.js; default 2, the
// deployment the goal names: "on 2 cores"): N token-worker processes consuming one queue, and N
// raw-loop processes (core refreshTokens + one ioredis SET, no queue) sharing the same due sets,
// so the ratio compares like with like. One warm-up of each side, then BENCH_ROUNDS rounds
// alternating raw/worker (the order flips every round), BENCH_REFRESHES due sets per round;
// medians of the rates and of the CPU time per refresh summed over the side's processes (the
// system under test), of the stub process and of Redis (INFO cpu; Redis is shared, so its figure
// includes whatever else ran meanwhile). This process only prepares sets, enqueues jobs and waits.
// Sizes: BENCH_REFRESHES (4000), BENCH_ROUNDS (5), BENCH_CONCURRENCY (64 per process),
// BENCH_PROCESSES (2), BENCH_SETS (100000; 0 skips).
// BENCH_ONLY=worker (or raw) measures one side only; BENCH_PROFILE=<dir> writes a CPU profile of
// every measured round of every measured process (inspector, 200 µs sampling; slows the run).
// BENCH_AUTOPIPELINING=1: ioredis coalesces the commands issued in one tick into one write (both sides).
// BENCH_STORE_AUTOPIPELINING=1: the worker processes give the store, locks and events a second,
// auto-pipelined connection (TOKEN_WORKER_STORE_AUTOPIPELINING); BullMQ and the raw side stay plain.
// BENCH_AB_STORE_AUTOPIPELINING=1: a third side in the same run, BENCH_PROCESSES more worker processes
// with that second connection (own queue, same store), so rounds rotate raw / worker / worker+ap.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebexConfig } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLogger, createTokenWorker, createWebexProvider } from '../dist/index.js';
import { forkIdpStub } from './idp-stub-process.js';

const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SETS = Number(process.env.BENCH_SETS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
const ONLY = process.env.BENCH_ONLY;
const PROFILE = process.env.BENCH_PROFILE;
const AUTOPIPELINING = process.env.BENCH_AUTOPIPELINING === '1';
const STORE_AUTOPIPELINING = process.env.BENCH_STORE_AUTOPIPELINING === '1';
const AB = process.env.BENCH_AB_STORE_AUTOPIPELINING === '1';
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench:tw:${randomBytes(4).toString('hex')}`;
const redis = new Redis(url, { maxRetriesPerRequest: null });
const idp = await forkIdpStub({ accessTokenTtl: 3600 });
const clients = new Map([[idp.clientId, createWebexConfig({ clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuers: [idp.issuer], allowInsecureRequests: true })]]);
const keyring = { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
const store = new RedisTokenStore({ redis, keyring, keyPrefix: `${prefix}:ts`, limitRange: { min: 1, max: 1000 } });
const logger = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) });
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
if (PROFILE) mkdirSync(PROFILE, { recursive: true });

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

/** Forks one measured process (bench/bench-child.js); resolves with an async IPC proxy. */
async function forkChild(role, index, extra = {}) {
  const child = fork(fileURLToPath(new URL('./bench-child.js', import.meta.url)), [JSON.stringify({
    role, index, url, prefix, keyring, concurrency: CONCURRENCY, autoPipelining: AUTOPIPELINING, storeAutoPipelining: STORE_AUTOPIPELINING, profileDir: PROFILE, ...extra,
    idp: { clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuer: idp.issuer },
  })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let seq = 0;
  const proxy = { refreshed: 0, onProgress: () => undefined, exited: new Promise((resolve) => child.once('exit', resolve)) };
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench ${role} process ${index} exited (${code})`)));
    child.on('message', (message) => {
      if (message.ready) return resolve();
      if (message.refreshed !== undefined) {
        proxy.refreshed = message.refreshed;
        return proxy.onProgress();
      }
      const settle = pending.get(message.id);
      pending.delete(message.id);
      settle?.(message);
    });
  });
  proxy.call = (op, ...args) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, (message) => (message.error === undefined ? resolve(message.value) : reject(new Error(message.error))));
      child.send({ id, op, args });
    });
  return proxy;
}

/** Sets due now: issued 80% of their life ago. */
async function dueTokens(count) {
  return (await idp.issueMany(count)).map((t) => {
    const shift = 0.8 * (t.expiresAt - t.issuedAt);
    return { ...t, issuedAt: t.issuedAt - shift, expiresAt: t.expiresAt - shift };
  });
}

async function redisCpuSeconds() {
  const info = await redis.info('cpu');
  const read = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read('used_cpu_user') + read('used_cpu_sys');
}

const cpuOf = async (children) => (await Promise.all(children.map((c) => c.call('cpuUsage')))).reduce((sum, u) => sum + u.user + u.system, 0);

/** Runs `body` and returns its rate and CPU microseconds per refresh (measured processes, stub, Redis). */
async function measure(children, count, label, body) {
  if (PROFILE) await Promise.all(children.map((c) => c.call('profileStart')));
  const [stub0, redis0, cpu0] = [await idp.cpuUsage(), await redisCpuSeconds(), await cpuOf(children)];
  const start = performance.now();
  await body();
  const seconds = (performance.now() - start) / 1000;
  const [stub1, redis1, cpu1] = [await idp.cpuUsage(), await redisCpuSeconds(), await cpuOf(children)];
  if (PROFILE) await Promise.all(children.map((c) => c.call('profileStop', label)));
  return {
    perSecond: count / seconds,
    sutCpuUs: (cpu1 - cpu0) / count,
    stubCpuUs: (stub1.user + stub1.system - stub0.user - stub0.system) / count,
    redisCpuUs: ((redis1 - redis0) * 1e6) / count,
  };
}

let rawRound = 0;
async function rawRoundOf(children, count) {
  const sets = await idp.issueMany(count);
  const round = rawRound++;
  const share = Math.ceil(count / children.length);
  await Promise.all(children.map((c, i) => c.call('load', sets.slice(i * share, (i + 1) * share))));
  return measure(children, count, `raw${round}`, () => Promise.all(children.map((c) => c.call('raw', round))));
}

let workRound = 0;
async function workerRoundOf(producer, children, count) {
  const tokens = await dueTokens(count);
  const ids = [];
  await pool(count, 32, async (i) => {
    ids[i] = (await store.add({ userId: `bench-${randomBytes(6).toString('hex')}`, clientId: idp.clientId, clientType: 'web', tokens: tokens[i] }, { maxPerUserClient: 100 })).set.id;
  });
  await Promise.all(children.map((c) => c.call('resetCount')));
  for (const c of children) c.refreshed = 0;
  let finished;
  const all = new Promise((resolve) => (finished = resolve));
  const progress = () => {
    if (children.reduce((sum, c) => sum + c.refreshed, 0) >= count) finished();
  };
  for (const c of children) c.onProgress = progress;
  return measure(children, count, `worker${workRound++}`, async () => {
    await producer.queue.addBulk(ids.map((id) => ({ name: 'refresh', data: { id }, opts: { jobId: id } })));
    await all;
  });
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

function row(name, results) {
  const pick = (key) => median(results.map((r) => r[key]));
  const rates = results.map((r) => fmt(r.perSecond)).join(', ');
  return `  ${name.padEnd(9)} median ${fmt(pick('perSecond')).padStart(6)} refreshes/s  [${rates}]  CPU µs/refresh: measured processes ${fmt(pick('sutCpuUs'))}, stub ${fmt(pick('stubCpuUs'))}, redis ${fmt(pick('redisCpuUs'))}`;
}

const out = {};
try {
  const producer = createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}}`, producerOnly: true, logger, reconcileIntervalMs: 0 });
  await producer.start();
  const rawChildren = ONLY === 'worker' ? [] : await Promise.all(Array.from({ length: PROCESSES }, (_, i) => forkChild('raw', i)));
  const workChildren = ONLY === 'raw' ? [] : await Promise.all(Array.from({ length: PROCESSES }, (_, i) => forkChild('worker', i)));
  const producerB = AB ? createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}:b}`, producerOnly: true, logger, reconcileIntervalMs: 0 }) : undefined;
  await producerB?.start();
  const abChildren = AB ? await Promise.all(Array.from({ length: PROCESSES }, (_, i) => forkChild('worker', PROCESSES + i, { queuePrefix: `${prefix}:b`, storeAutoPipelining: true }))) : [];
  const everyone = [...rawChildren, ...workChildren, ...abChildren];
  await Promise.all(everyone.map((c) => c.call('start')));
  const warm = Math.max(200, Math.floor(REFRESHES / 4));
  if (rawChildren.length) await rawRoundOf(rawChildren, warm);
  if (workChildren.length) await workerRoundOf(producer, workChildren, warm);
  if (abChildren.length) await workerRoundOf(producerB, abChildren, warm);
  const raw = [];
  const work = [];
  const workB = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const sides = [
      async () => rawChildren.length && raw.push(await rawRoundOf(rawChildren, REFRESHES)),
      async () => workChildren.length && work.push(await workerRoundOf(producer, workChildren, REFRESHES)),
    ];
    if (AB) {
      sides.push(async () => workB.push(await workerRoundOf(producerB, abChildren, REFRESHES)));
      for (let turn = 0; turn < round % 3; turn += 1) sides.push(sides.shift());
      if (Math.floor(round / 3) % 2 === 1) sides.reverse();
    } else if (round % 2 === 1) sides.reverse();
    for (const side of sides) await side();
  }
  for (const c of everyone) await c.call('close').catch(() => undefined);
  await Promise.all(everyone.map((c) => c.exited));
  await producerB?.close();
  await cleanup();
  console.log(`token-worker bench (Node ${process.version}, ${ROUNDS} rounds × ${REFRESHES} refreshes after a warm-up, ${PROCESSES} process(es) per side, concurrency ${CONCURRENCY} each, stub in its own process${AUTOPIPELINING ? ', ioredis auto-pipelining' : ''}${STORE_AUTOPIPELINING ? ', worker store connection auto-pipelined' : ''})`);
  if (raw.length) console.log(row('raw', raw) + '   (core refreshTokens + ioredis SET, no queue)');
  if (work.length) console.log(row('worker', work) + '   (queue, lock, read/decrypt, refresh, CAS/encrypt, event, reschedule)');
  if (raw.length && work.length) {
    const ratios = raw.map((r, i) => work[i].perSecond / r.perSecond);
    console.log(`  ratio worker/raw: median ${median(ratios).toFixed(2)} [${ratios.map((r) => r.toFixed(2)).join(', ')}]`);
  }
  if (workB.length) {
    console.log(row('worker+ap', workB) + '   (same, store/locks/events on a second auto-pipelined connection)');
    const ratios = raw.map((r, i) => workB[i].perSecond / r.perSecond);
    console.log(`  ratio worker+ap/raw: median ${median(ratios).toFixed(2)} [${ratios.map((r) => r.toFixed(2)).join(', ')}]`);
    const ab = work.map((w, i) => workB[i].perSecond / w.perSecond);
    console.log(`  ratio worker+ap/worker: median ${median(ab).toFixed(2)} [${ab.map((r) => r.toFixed(2)).join(', ')}]`);
  }
  if (PROFILE) console.log(`  CPU profiles: ${PROFILE}`);

  // Sign-ins through the limit-enforcing insert, then schedule them all; memory per set.
  if (SETS > 0) {
    const [tokens] = await idp.issueMany(1);
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
    console.log(`  sign-ins through limit-enforcing add:       ${fmt(out.signInsPerSecond)} /s`);
    console.log(`  schedule ${fmt(out.scheduled)} sets (rescheduleAll):     ${out.scheduleSeconds.toFixed(1)} s (${fmt(out.scheduled / out.scheduleSeconds)} /s)`);
    console.log(`  Redis bytes per scheduled set: ${fmt(out.queueBytesPerSet)} (job hash ${fmt(out.jobHashBytes)} + delayed zset ${fmt(out.delayedIndexBytes)}); used_memory delta ${fmt(out.usedMemoryDeltaPerSet)}`);
  }
  await producer.close();
} finally {
  await cleanup();
  await idp.close();
  await redis.quit();
}
