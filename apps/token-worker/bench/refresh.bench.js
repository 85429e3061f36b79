// pnpm bench — throughput and footprint of the token worker against a fast local token endpoint
// (bench/idp-stub.js) that runs in its own process. Prints ratios against a raw loop measured in
// the same run, and a BullMQ floor; never gates on absolute numbers.
//
// Method: BENCH_PROCESSES measured processes per side (bench/bench-child.js; default 2, the
// deployment the goal names: "on 2 cores"), three sides:
//   raw:    N raw-loop processes (core refreshTokens + one ioredis SET, no queue) sharing the due sets;
//   worker: N token-worker processes consuming one queue, run as production runs them (src/app.ts
//           startApp): BullMQ on a plain connection; store, locks, events and refresh history on a
//           second, auto-pipelined connection (DEFAULT_STORE_AUTOPIPELINING); history attached;
//   floor:  N processes each running a plain BullMQ Worker with createTokenWorker's Worker options on
//           their own queue, whose processor only does what every refresh job must do in BullMQ
//           (job.moveToDelayed + a stackless DelayedError) — no HTTP, no store.
// One warm-up of each side, then BENCH_ROUNDS rounds of BENCH_REFRESHES due sets (jobs) per side;
// the order of the sides is rotated every round (with three sides or more, every other cycle
// reversed too), so a busy machine hits all alike. Medians of the rates and of the CPU time per
// refresh summed over the side's processes (the system under test), of the stub process and of
// Redis (INFO cpu; Redis is shared, so its figure includes whatever else ran meanwhile). Total CPU per refresh = measured
// processes + stub + Redis. Printed from them: ceiling ratio = median over rounds of raw total /
// (raw total + floor total), the best refreshes/s ratio any one-BullMQ-job-per-set design could
// reach on this machine if CPU-bound, next to the measured one (raw total / worker total); and
// worker overhead beyond the floor = median worker total − median raw total − median floor total.
// This process only prepares sets, enqueues jobs and waits.
// Sizes: BENCH_REFRESHES (4000), BENCH_ROUNDS (5), BENCH_CONCURRENCY (64 per process),
// BENCH_PROCESSES (2), BENCH_SETS (100000 sign-ins + rescheduleAll + Redis bytes per set; 0 skips).
// BENCH_ONLY=<side>[,<side>…] (raw, worker, floor; default all three) measures those sides only.
// BENCH_PROFILE=<dir> writes a CPU profile of every measured round of every measured process
// (inspector, 200 µs sampling; slows the run).
// BENCH_AUTOPIPELINING=1: ioredis auto-pipelining on every measured process's main connection (the
// raw side's, and BullMQ's in the worker and floor processes).
// BENCH_STORE_AUTOPIPELINING=0|1: the worker processes' second, auto-pipelined connection for the
// store, locks, events and history (TOKEN_WORKER_STORE_AUTOPIPELINING); default
// DEFAULT_STORE_AUTOPIPELINING (on). 0 puts them on BullMQ's connection. Raw and floor: unaffected.
// BENCH_HISTORY=0: the worker processes do not attach the refresh history (default: attached).
// BENCH_AB_STORE_AUTOPIPELINING=1: one more side in the same run, BENCH_PROCESSES more worker
// processes with the store-connection setting flipped (own queue, same store, same history
// setting), labelled worker-noap (or worker+ap when the default side runs without it); needs the
// worker side.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebexConfig } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLogger, createTokenWorker, createWebexProvider, DEFAULT_QUEUE_NAME, DEFAULT_STORE_AUTOPIPELINING, REFRESH_JOB } from '../dist/index.js';
import { forkIdpStub } from './idp-stub-process.js';

const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SETS = Number(process.env.BENCH_SETS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
const SIDES = ['raw', 'worker', 'floor'];
const ONLY = new Set((process.env.BENCH_ONLY ?? SIDES.join(',')).split(',').map((side) => side.trim()).filter(Boolean));
for (const side of ONLY) if (!SIDES.includes(side)) throw new Error(`BENCH_ONLY: unknown side "${side}" (one or more of ${SIDES.join(', ')})`);
const PROFILE = process.env.BENCH_PROFILE;
const AUTOPIPELINING = process.env.BENCH_AUTOPIPELINING === '1';
/** '0' or '1' → false or true; unset → `fallback`. */
function flag(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (value === '0' || value === '1') return value === '1';
  throw new Error(`${name} must be 0 or 1 (got "${value}")`);
}
const STORE_AUTOPIPELINING = flag('BENCH_STORE_AUTOPIPELINING', DEFAULT_STORE_AUTOPIPELINING);
const HISTORY = flag('BENCH_HISTORY', true);
const AB = flag('BENCH_AB_STORE_AUTOPIPELINING', false) && ONLY.has('worker');
const AB_LABEL = STORE_AUTOPIPELINING ? 'worker-noap' : 'worker+ap';
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
  // Options (with the keyring and client secret) go in the child's environment, not its argv,
  // which any user on the machine can read with `ps`.
  const options = JSON.stringify({
    role, index, url, prefix, keyring, concurrency: CONCURRENCY, autoPipelining: AUTOPIPELINING, storeAutoPipelining: STORE_AUTOPIPELINING, history: HISTORY, profileDir: PROFILE, ...extra,
    idp: { clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuer: idp.issuer },
  });
  const child = fork(fileURLToPath(new URL('./bench-child.js', import.meta.url)), [role, String(index)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_CHILD_OPTIONS: options },
  });
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
  const { all } = await countedBy(children, count);
  return measure(children, count, `worker${workRound++}`, async () => {
    await producer.queue.addBulk(ids.map((id) => ({ name: REFRESH_JOB, data: { id }, opts: { jobId: id } })));
    await all;
  });
}

/** Resets the children's counts; `all` resolves once they have reported `count` jobs/refreshes between them. */
async function countedBy(children, count) {
  await Promise.all(children.map((c) => c.call('resetCount')));
  for (const c of children) c.refreshed = 0;
  let finished;
  const all = new Promise((resolve) => (finished = resolve));
  const progress = () => {
    if (children.reduce((sum, c) => sum + c.refreshed, 0) >= count) finished();
  };
  for (const c of children) c.onProgress = progress;
  return { all };
}

let floorRound = 0;
async function floorRoundOf(queue, children, count) {
  const ids = Array.from({ length: count }, () => randomBytes(12).toString('base64url'));
  const { all } = await countedBy(children, count);
  return measure(children, count, `floor${floorRound++}`, async () => {
    await queue.addBulk(ids.map((id) => ({ name: REFRESH_JOB, data: { id }, opts: { jobId: id } })));
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

const totalCpuUs = (r) => r.sutCpuUs + r.stubCpuUs + r.redisCpuUs;
const list = (values) => `[${values.map((v) => v.toFixed(2)).join(', ')}]`;

function row(name, results) {
  const pick = (key) => median(results.map((r) => r[key]));
  const rates = results.map((r) => fmt(r.perSecond)).join(', ');
  return `  ${name.padEnd(11)} median ${fmt(pick('perSecond')).padStart(6)} refreshes/s  [${rates}]  CPU µs/refresh: measured processes ${fmt(pick('sutCpuUs'))}, stub ${fmt(pick('stubCpuUs'))}, redis ${fmt(pick('redisCpuUs'))}`;
}

const out = {};
try {
  const producer = createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}}`, producerOnly: true, logger, reconcileIntervalMs: 0 });
  await producer.start();
  const forkSide = (role, first, extra) => Promise.all(Array.from({ length: PROCESSES }, (_, i) => forkChild(role, first + i, extra)));
  const rawChildren = ONLY.has('raw') ? await forkSide('raw', 0) : [];
  const workChildren = ONLY.has('worker') ? await forkSide('worker', 0) : [];
  const producerB = AB ? createTokenWorker({ redis, store, providers: [createWebexProvider({ clients })], prefix: `{${prefix}:b}`, producerOnly: true, logger, reconcileIntervalMs: 0 }) : undefined;
  await producerB?.start();
  const abChildren = AB ? await forkSide('worker', PROCESSES, { queuePrefix: `${prefix}:b`, storeAutoPipelining: !STORE_AUTOPIPELINING }) : [];
  // The floor's own queue, with the Queue options createTokenWorker gives its queue.
  const floorQueue = ONLY.has('floor')
    ? new Queue(DEFAULT_QUEUE_NAME, { connection: redis, prefix: `{${prefix}:floor}`, defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1_000 } } })
    : undefined;
  await floorQueue?.waitUntilReady();
  const floorChildren = floorQueue ? await forkSide('floor', 0, { queuePrefix: `${prefix}:floor` }) : [];
  const everyone = [...rawChildren, ...workChildren, ...abChildren, ...floorChildren];
  await Promise.all(everyone.map((c) => c.call('start')));
  const sides = [];
  if (rawChildren.length) sides.push({ name: 'raw', results: [], run: (count) => rawRoundOf(rawChildren, count) });
  if (workChildren.length) sides.push({ name: 'worker', results: [], run: (count) => workerRoundOf(producer, workChildren, count) });
  if (abChildren.length) sides.push({ name: AB_LABEL, results: [], run: (count) => workerRoundOf(producerB, abChildren, count) });
  if (floorChildren.length) sides.push({ name: 'floor', results: [], run: (count) => floorRoundOf(floorQueue, floorChildren, count) });
  const warm = Math.max(200, Math.floor(REFRESHES / 4));
  for (const side of sides) await side.run(warm);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotated by one every round; with three sides or more, every other cycle also reversed, so
    // each side follows each other one as often as it precedes it (two sides simply alternate).
    const order = sides.map((_, i) => sides[(i + round) % sides.length]);
    if (sides.length > 2 && Math.floor(round / sides.length) % 2 === 1) order.reverse();
    for (const side of order) side.results.push(await side.run(REFRESHES));
  }
  for (const c of everyone) await c.call('close').catch(() => undefined);
  await Promise.all(everyone.map((c) => c.exited));
  await producerB?.close();
  await floorQueue?.close();
  await cleanup();
  const results = Object.fromEntries(sides.map((side) => [side.name, side.results]));
  const raw = results.raw ?? [];
  const work = results.worker ?? [];
  const workB = results[AB_LABEL] ?? [];
  const floor = results.floor ?? [];
  const workerSetting = (storeAp) => `store connection ${storeAp ? 'auto-pipelined' : 'plain (BullMQ\'s)'}, history ${HISTORY ? 'attached' : 'off'}`;
  const workerSides = [work.length ? `worker: ${workerSetting(STORE_AUTOPIPELINING)}` : '', workB.length ? `${AB_LABEL}: ${workerSetting(!STORE_AUTOPIPELINING)}` : ''].filter(Boolean);
  console.log(
    `token-worker bench (Node ${process.version}, ${ROUNDS} rounds × ${REFRESHES} refreshes after a warm-up, ${PROCESSES} process(es) per side, concurrency ${CONCURRENCY} each, stub in its own process${AUTOPIPELINING ? ', ioredis auto-pipelining' : ''}${workerSides.length ? `; ${workerSides.join('; ')}` : ''})`,
  );
  if (raw.length) console.log(row('raw', raw) + '   (core refreshTokens + ioredis SET, no queue)');
  if (work.length) console.log(row('worker', work) + `   (queue, lock, read/decrypt, refresh, CAS/encrypt, event${HISTORY ? ', history' : ''}, reschedule)`);
  if (raw.length && work.length) {
    const ratios = raw.map((r, i) => work[i].perSecond / r.perSecond);
    console.log(`  ratio worker/raw: median ${median(ratios).toFixed(2)} ${list(ratios)}`);
  }
  if (workB.length) {
    console.log(row(AB_LABEL, workB) + `   (same, store/locks/events${HISTORY ? '/history' : ''} on ${STORE_AUTOPIPELINING ? 'BullMQ\'s plain connection' : 'a second auto-pipelined connection'})`);
    if (raw.length) {
      const ratios = raw.map((r, i) => workB[i].perSecond / r.perSecond);
      console.log(`  ratio ${AB_LABEL}/raw: median ${median(ratios).toFixed(2)} ${list(ratios)}`);
    }
    const ab = work.map((w, i) => workB[i].perSecond / w.perSecond);
    console.log(`  ratio ${AB_LABEL}/worker: median ${median(ab).toFixed(2)} ${list(ab)}`);
  }
  if (floor.length) console.log(row('floor', floor) + '   (BullMQ only: plain Worker, moveToDelayed + DelayedError per job)');
  if (raw.length && floor.length) {
    const ceiling = raw.map((r, i) => totalCpuUs(r) / (totalCpuUs(r) + totalCpuUs(floor[i])));
    let line = `  ceiling ratio (raw CPU / (raw CPU + floor CPU)): median ${median(ceiling).toFixed(2)} ${list(ceiling)}`;
    if (work.length) {
      const measured = raw.map((r, i) => totalCpuUs(r) / totalCpuUs(work[i]));
      line += `; measured raw CPU / worker CPU: median ${median(measured).toFixed(2)} ${list(measured)}`;
    }
    console.log(line);
  }
  if (raw.length && floor.length) {
    const pick = (results) => median(results.map(totalCpuUs));
    const base = pick(raw) + pick(floor);
    for (const [name, results] of [['worker', work], [AB_LABEL, workB]]) {
      if (results.length) console.log(`  ${name} overhead beyond the floor: ${fmt(pick(results) - base)} µs/refresh   (median total CPU ${fmt(pick(results))} − raw ${fmt(pick(raw))} − floor ${fmt(pick(floor))})`);
    }
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
