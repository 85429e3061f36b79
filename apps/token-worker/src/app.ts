import { createWebexConfig, type WebexConfig } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { describeClientAuth, webexConfigOptions, type RedisConfig, type WorkerConfig } from './config.js';
import { attachHistory, RefreshHistory } from './history.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { createLogger } from './logger.js';
import type { RedisClient } from './redis.js';
import { createFinesseProvider } from './providers/finesse-provider.js';
import type { RefreshProvider } from './providers/provider.js';
import { createWebexProvider } from './providers/webex-provider.js';
import { createTokenWorker, type TokenWorker } from './token-worker.js';

/**
 * Opens the ioredis connection described by `config` (BullMQ needs `maxRetriesPerRequest: null`).
 * `autoPipelining` turns on ioredis auto-pipelining: only for connections BullMQ does not use.
 */
export function connectRedis(config: RedisConfig, options: { autoPipelining?: boolean } = {}): RedisClient {
  const enableAutoPipelining = options.autoPipelining === true;
  const common: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };
  switch (config.kind) {
    case 'url':
      return new Redis(config.url, { ...common, enableAutoPipelining });
    case 'sentinel':
      return new Redis({ ...common, enableAutoPipelining, sentinels: config.sentinels, name: config.name, password: config.password });
    case 'cluster':
      return new Cluster(config.nodes, { enableAutoPipelining, redisOptions: { ...common, password: config.password } });
  }
}

/** A worker started from a {@link WorkerConfig}. */
export interface RunningApp {
  readonly worker: TokenWorker;
  readonly http: HttpServer;
  readonly store: RedisTokenStore;
  /** Refresh history of every set (shown on the dashboard). */
  readonly history: RefreshHistory;
  readonly logger: Logger;
  /** Graceful stop: in-flight refreshes finish, then servers and connections close. */
  stop(): Promise<void>;
}

/** Builds store, providers, worker and operations server from a validated config and starts them. */
export async function startApp(config: WorkerConfig, options: { logger?: Logger } = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const redis = connectRedis(config.redis);
  redis.on('error', (err) => logger.error({ err }, 'redis connection error'));
  // Store, per-set locks, events and history: their own auto-pipelined connection when configured
  // (BullMQ keeps `redis`, a plain one).
  const storeRedis = config.store.autoPipelining ? connectRedis(config.redis, { autoPipelining: true }) : redis;
  if (storeRedis !== redis) storeRedis.on('error', (err) => logger.error({ err }, 'redis (store connection) error'));
  const clients = new Map<string, WebexConfig>();
  for (const client of config.clients) {
    clients.set(client.clientId, createWebexConfig(webexConfigOptions(client)));
    // What was chosen, never the secret or key: method, alg, kid and where the key was read from.
    logger.info({ clientId: client.clientId, clientAuth: describeClientAuth(client) }, 'webex client configured');
  }
  const providers: RefreshProvider[] = [createWebexProvider({ clients })];
  if (config.finesse !== undefined) {
    const { baseUrl, ca, method, timeoutMs } = config.finesse;
    providers.push(createFinesseProvider({ baseUrl, ca, method, timeoutMs, logger }));
  }
  const byName = new Map(providers.map((provider) => [provider.name as string, provider]));
  const store = new RedisTokenStore({
    redis: storeRedis,
    keyring: config.store.keyring,
    keyPrefix: config.store.keyPrefix,
    revoke: async (evicted) => byName.get(evicted.provider)?.revoke(evicted),
    onError: (err, context) => logger.warn({ err, ...context }, 'token store reported an error'),
  });
  const worker = createTokenWorker({
    redis,
    storeRedis,
    store,
    providers,
    policy: config.policy,
    prefix: config.queue.prefix,
    queueName: config.queue.name,
    concurrency: config.queue.concurrency,
    limiter: config.queue.limiter,
    timing: config.timing,
    retry: config.retry,
    lockLeaseMs: config.lockLeaseMs,
    jobLockMs: config.jobLockMs,
    stalledIntervalMs: config.stalledIntervalMs,
    reconcileIntervalMs: config.reconcileIntervalMs,
    eventChannel: config.events.channel,
    webhook: config.events.webhook,
    logger,
  });
  const history = new RefreshHistory(storeRedis, { prefix: `${config.queue.prefix}:${config.queue.name}` });
  attachHistory(worker, history, (err) => logger.warn({ err }, 'could not record refresh history'));
  await worker.start();
  await worker.rescheduleAll();
  let running = true;
  const http = await startHttpServer({
    ...config.http,
    queue: worker.queue,
    redis,
    store,
    history,
    metrics: worker.metrics,
    logger,
    isRunning: () => running,
  });
  return {
    worker,
    http,
    store,
    history,
    logger,
    async stop() {
      running = false;
      await worker.close();
      await http.close();
      await redis.quit().catch(() => redis.disconnect());
      if (storeRedis !== redis) await storeRedis.quit().catch(() => storeRedis.disconnect());
    },
  };
}
