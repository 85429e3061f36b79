import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createWebexConfig, defineTokenPolicy, type TokenPolicyInput, type WebexConfig, type WebexConfigOptions } from '@webex-oidc/core';
import { deleteRedisPrefix, redisTestPrefix, redisTestUrl } from '@webex-oidc/testing';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Redis } from 'ioredis';
import { DEFAULT_STORE_AUTOPIPELINING } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createWebexProvider } from '../src/providers/webex-provider.js';
import { createTokenWorker, type TokenWorker, type TokenWorkerOptions } from '../src/token-worker.js';
import type { TokenWorkerEvent } from '../src/events.js';

/** Everything one test file needs: Redis under a unique prefix, a store, captured logs. */
export interface Harness {
  prefix: string;
  queuePrefix: string;
  redis: Redis;
  store: RedisTokenStore;
  keyring: { current: string; keys: Record<string, string> };
  logs: string[];
  events: TokenWorkerEvent[];
  workers: TokenWorker[];
  clients: Map<string, WebexConfig>;
  addClient(options: WebexConfigOptions): WebexConfig;
  startWorker(overrides?: Partial<Omit<TokenWorkerOptions, 'policy'>> & { policy?: TokenPolicyInput }): Promise<TokenWorker>;
  cleanup(): Promise<void>;
}

export async function createHarness(name: string, options: { url?: string } = {}): Promise<Harness> {
  const prefix = redisTestPrefix(name);
  const redis = new Redis(options.url ?? redisTestUrl(), { maxRetriesPerRequest: null });
  // As the app does with TOKEN_WORKER_STORE_AUTOPIPELINING: store, locks and events on a second,
  // auto-pipelined connection; BullMQ keeps `redis`.
  const storeRedis = DEFAULT_STORE_AUTOPIPELINING ? new Redis(options.url ?? redisTestUrl(), { maxRetriesPerRequest: null, enableAutoPipelining: true }) : redis;
  const keyring = { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
  const logs: string[] = [];
  const events: TokenWorkerEvent[] = [];
  const workers: TokenWorker[] = [];
  const clients = new Map<string, WebexConfig>();
  const provider = createWebexProvider({ clients });
  const store = new RedisTokenStore({
    redis: storeRedis,
    keyring,
    keyPrefix: `${prefix}:ts`,
    limitRange: { min: 1, max: 1000 },
    revoke: async (set) => provider.revoke(set),
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  return {
    prefix,
    queuePrefix: `{${prefix}}`,
    redis,
    store,
    keyring,
    logs,
    events,
    workers,
    clients,
    addClient(options) {
      const config = createWebexConfig(options);
      clients.set(options.clientId, config);
      return config;
    },
    async startWorker(overrides = {}) {
      const { policy, ...rest } = overrides;
      const worker = createTokenWorker({
        redis,
        storeRedis,
        store,
        providers: [provider],
        prefix: `{${prefix}}`,
        logger,
        reconcileIntervalMs: 0,
        jobLockMs: 5_000,
        stalledIntervalMs: 5_000,
        policy: defineTokenPolicy(policy),
        ...rest,
      });
      worker.subscribe((event) => events.push(event));
      await worker.start();
      workers.push(worker);
      return worker;
    },
    async cleanup() {
      for (const worker of workers.splice(0)) await worker.close();
      await deleteRedisPrefix(redis, prefix);
      await redis.quit();
      if (storeRedis !== redis) await storeRedis.quit();
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every string value stored under `prefix` (strings, hashes, lists, sets, zsets, streams), for plaintext scans. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        out.push(key);
        if (type === 'string') out.push((await redis.get(key)) ?? '');
        else if (type === 'hash') out.push(...Object.entries(await redis.hgetall(key)).flat());
        else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'set') out.push(...(await redis.smembers(key)));
        else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  }
  return out.join('\n');
}
