// A measured process of bench/refresh.bench.js, forked BENCH_PROCESSES times for each side.
// `raw`: refreshes the token sets it is sent with core's refreshTokens + one ioredis SET each (no
// queue). `worker`: a token worker as production (src/app.ts startApp) runs it, consuming the
// bench's queue: BullMQ on a plain connection; store, locks, events and refresh history on a
// second, auto-pipelined one unless `storeAutoPipelining` is false; history attached unless
// `history` is false. It counts its `refreshed` events and reports them. `floor`: a plain BullMQ
// Worker with the options createTokenWorker gives its Worker, whose processor only does what every
// refresh job must do in BullMQ (moveToDelayed + a stackless DelayedError); it counts its jobs.
// The parent measures; this process only answers IPC: { id, op, args } → { id, value }, and sends
// { refreshed } progress. Nothing here ever prints or sends a token.
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { createWebexConfig, refreshTokens } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { attachHistory, createLogger, createTokenWorker, createWebexProvider, DEFAULT_QUEUE_NAME, RefreshHistory } from '../dist/index.js';
import { movedToDelayed } from '../dist/refresh-processor.js'; // the worker's own stackless DelayedError

/**
 * @typedef {{ role: 'raw' | 'worker' | 'floor', index: number, url: string, prefix: string, keyring: object,
 *   idp: { clientId: string, clientSecret: string, discoveryUrl: string, issuer: string },
 *   queuePrefix?: string, concurrency: number, autoPipelining: boolean, storeAutoPipelining: boolean,
 *   history: boolean, profileDir?: string }} ChildOptions
 */
/** @type {ChildOptions} */
const options = JSON.parse(process.env.BENCH_CHILD_OPTIONS ?? '{}');
const { idp } = options;
const redis = new Redis(options.url, { maxRetriesPerRequest: null, enableAutoPipelining: options.autoPipelining });
const clients = new Map([[idp.clientId, createWebexConfig({ clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuers: [idp.issuer], allowInsecureRequests: true })]]);
const config = clients.get(idp.clientId);

let refreshed = 0;
let reportTimer;
const report = () => {
  reportTimer ??= setTimeout(() => {
    reportTimer = undefined;
    process.send({ refreshed });
  }, 2);
};

let worker;
let floor;
let storeRedis;
// The production logger at its default level, writing to /dev/null: the hot path pays what it would.
const logger = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) });
const queuePrefix = `{${options.queuePrefix ?? options.prefix}}`;
if (options.role === 'worker') {
  // As startApp (src/app.ts) with TOKEN_WORKER_STORE_AUTOPIPELINING: a second, auto-pipelined
  // connection for the store, locks, events and history; BullMQ keeps `redis`.
  storeRedis = options.storeAutoPipelining ? new Redis(options.url, { maxRetriesPerRequest: null, enableAutoPipelining: true }) : redis;
  const store = new RedisTokenStore({ redis: storeRedis, keyring: options.keyring, keyPrefix: `${options.prefix}:ts`, limitRange: { min: 1, max: 1000 } });
  worker = createTokenWorker({ redis, storeRedis, store, providers: [createWebexProvider({ clients })], prefix: queuePrefix, concurrency: options.concurrency, logger, reconcileIntervalMs: 0 });
  if (options.history) {
    // As startApp: one capped list per set under `<queue prefix>:<queue name>`, fire-and-forget.
    const history = new RefreshHistory(storeRedis, { prefix: `${queuePrefix}:${DEFAULT_QUEUE_NAME}` });
    attachHistory(worker, history, (err) => logger.warn({ err }, 'could not record refresh history'));
  }
  worker.subscribe((event) => {
    if (event.type !== 'refreshed') return;
    refreshed += 1;
    report();
  });
} else if (options.role === 'floor') {
  // Exactly the Worker options of createTokenWorker (src/token-worker.ts) at its defaults, with the
  // bench's concurrency; the processor is the part of every refresh job that BullMQ itself costs.
  floor = new Worker(
    DEFAULT_QUEUE_NAME,
    async (job, token) => {
      await job.moveToDelayed(Date.now() + 3_600_000, token);
      refreshed += 1;
      report();
      throw movedToDelayed();
    },
    {
      connection: redis,
      prefix: queuePrefix,
      autorun: false,
      concurrency: options.concurrency,
      lockDuration: 30_000,
      stalledInterval: 30_000,
      maxStalledCount: 5,
      limiter: { max: 100_000, duration: 1_000 },
    },
  );
  floor.on('error', (err) => logger.error({ err }, 'worker error'));
}

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

let session;
let running;
let sets = [];
const ops = {
  async start() {
    await refreshTokens(config, 'warm-up-not-a-token').catch(() => undefined); // discovery
    if (worker !== undefined) await worker.start();
    if (floor !== undefined) {
      running = floor.run();
      running.catch((err) => logger.error({ err }, 'worker stopped with an error'));
      await floor.waitUntilReady();
    }
  },
  cpuUsage: () => process.cpuUsage(),
  resetCount() {
    refreshed = 0;
  },
  load(list) {
    sets = list;
  },
  /** Raw loop: refresh every loaded set (core + one SET), `concurrency` at a time. */
  async raw(round) {
    await pool(sets.length, options.concurrency, async (i) => {
      const tokens = await refreshTokens(config, sets[i]);
      await redis.set(`${options.prefix}:raw:${options.index}:${round}:${i}`, JSON.stringify({ expiresAt: tokens.expiresAt, issuedAt: tokens.issuedAt, n: tokens.accessToken.length }));
    });
    return sets.length;
  },
  async profileStart() {
    session ??= new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  },
  async profileStop(label) {
    const { profile } = await session.post('Profiler.stop');
    const file = `${options.profileDir}/${options.role}-${options.index}-${label}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    return file;
  },
  async close() {
    await worker?.close();
    await floor?.close();
    await running?.catch(() => undefined);
    await redis.quit();
    if (storeRedis !== undefined && storeRedis !== redis) await storeRedis.quit();
  },
};

process.on('message', (message) => {
  const { id, op, args } = message;
  Promise.resolve(ops[op](...(args ?? []))).then(
    (value) => process.send({ id, value }, () => op === 'close' && process.disconnect()),
    (err) => process.send({ id, error: `${err?.name}: ${err?.message}` }),
  );
});
process.send({ ready: true, pid: process.pid, nonce: randomBytes(2).toString('hex') });
