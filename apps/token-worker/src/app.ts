import { createWebexConfig, type WebexConfig } from '@webex-oidc/core';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig, WorkerConfig } from './config.js';
import { attachHistory, RefreshHistory } from './history.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { createLogger } from './logger.js';
import type { RedisClient } from './lua-script.js';
import { createFinesseProvider } from './providers/finesse-provider.js';
import type { RefreshProvider } from './providers/provider.js';
import { createWebexProvider } from './providers/webex-provider.js';
import { createTokenWorker, type TokenWorker } from './token-worker.js';

/** Opens the ioredis connection described by `config` (BullMQ needs `maxRetriesPerRequest: null`). */
export function connectRedis(config: RedisConfig): RedisClient {
  const common: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };
  switch (config.kind) {
    case 'url':
      return new Redis(config.url, common);
    case 'sentinel':
      return new Redis({ ...common, sentinels: config.sentinels, name: config.name, password: config.password });
    case 'cluster':
      return new Cluster(config.nodes, { redisOptions: { ...common, password: config.password } });
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
  const clients = new Map<string, WebexConfig>();
  for (const client of config.clients) {
    clients.set(
      client.clientId,
      createWebexConfig({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        ...(client.discoveryUrl === undefined ? {} : { discoveryUrl: client.discoveryUrl }),
        ...(client.issuers === undefined ? {} : { issuers: client.issuers }),
        ...(client.revocationEndpoint === undefined ? {} : { revocationEndpoint: client.revocationEndpoint }),
        ...(client.allowInsecureRequests ? { allowInsecureRequests: true } : {}),
      }),
    );
  }
  const providers: RefreshProvider[] = [createWebexProvider({ clients })];
  if (config.finesse !== undefined) {
    const { baseUrl, ca, method, timeoutMs } = config.finesse;
    providers.push(createFinesseProvider({ baseUrl, ca, method, timeoutMs, logger }));
  }
  const byName = new Map(providers.map((provider) => [provider.name as string, provider]));
  const store = new RedisTokenStore({
    redis,
    keyring: config.store.keyring,
    keyPrefix: config.store.keyPrefix,
    revoke: async (evicted) => byName.get(evicted.provider)?.revoke(evicted),
    onError: (err, context) => logger.warn({ err, ...context }, 'token store reported an error'),
  });
  const worker = createTokenWorker({
    redis,
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
  const history = new RefreshHistory(redis, { prefix: `${config.queue.prefix}:${config.queue.name}` });
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
    },
  };
}
