// A measured process of bench/refresh.bench.js, forked once per BENCH_PROCESSES for each side.
// `raw`: refreshes the token sets it is sent with core's refreshTokens + one ioredis SET each (no
// queue). `worker`: a token worker as production runs it, consuming the bench's queue; it counts
// its `refreshed` events and reports them. The parent measures; this process only answers IPC:
// { id, op, args } → { id, value }. Nothing here ever prints or sends a token.
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { createWebexConfig, refreshTokens } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLogger, createTokenWorker, createWebexProvider } from '../dist/index.js';

/**
 * @typedef {{ role: 'raw' | 'worker', index: number, url: string, prefix: string, keyring: object,
 *   idp: { clientId: string, clientSecret: string, discoveryUrl: string, issuer: string },
 *   queuePrefix?: string, concurrency: number, autoPipelining: boolean, storeAutoPipelining: boolean, profileDir?: string }} ChildOptions
 */
/** @type {ChildOptions} */
const options = JSON.parse(process.argv[2] ?? '{}');
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
let storeRedis;
if (options.role === 'worker') {
  // BENCH_STORE_AUTOPIPELINING: as TOKEN_WORKER_STORE_AUTOPIPELINING in production (src/app.ts), a
  // second, auto-pipelined connection for the store, locks and events; BullMQ keeps `redis`.
  storeRedis = options.storeAutoPipelining ? new Redis(options.url, { maxRetriesPerRequest: null, enableAutoPipelining: true }) : redis;
  const store = new RedisTokenStore({ redis: storeRedis, keyring: options.keyring, keyPrefix: `${options.prefix}:ts`, limitRange: { min: 1, max: 1000 } });
  // The production logger at its default level, writing to /dev/null: the hot path pays what it would.
  const logger = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) });
  worker = createTokenWorker({ redis, storeRedis, store, providers: [createWebexProvider({ clients })], prefix: `{${options.queuePrefix ?? options.prefix}}`, concurrency: options.concurrency, logger, reconcileIntervalMs: 0 });
  worker.subscribe((event) => {
    if (event.type !== 'refreshed') return;
    refreshed += 1;
    report();
  });
}

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

let session;
let sets = [];
const ops = {
  async start() {
    await refreshTokens(config, 'warm-up-not-a-token').catch(() => undefined); // discovery
    if (worker !== undefined) await worker.start();
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
