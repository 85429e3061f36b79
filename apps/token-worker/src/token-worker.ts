import { applyTokenPolicy, defineTokenPolicy, policyFor, type TokenPolicy } from '@webex-oidc/core';
import type { AddResult, NewTokenSet, StoredTokenSet, TokenStore } from '@webex-oidc/token-store';
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { EventPublisher, eventFor, type TokenWorkerEventListener } from './events.js';
import { RefreshLocks } from './lock.js';
import { createLogger } from './logger.js';
import type { RedisClient } from './redis.js';
import { WorkerMetrics } from './metrics.js';
import type { RefreshProvider } from './providers/provider.js';
import { createRefreshProcessor } from './refresh-processor.js';
import { RefreshScheduler, type RefreshJobData, type RefreshQueue, type ScheduleOutcome } from './scheduler.js';
import { DEFAULT_RETRY, DEFAULT_TIMING, type RetryOptions, type TimingOptions } from './timing.js';
import { WebhookSender, type WebhookOptions } from './webhook.js';

/** Default BullMQ prefix: a hash tag, so every queue key lands in one Redis Cluster slot. */
export const DEFAULT_QUEUE_PREFIX = '{token-worker}';
/** Default queue name. */
export const DEFAULT_QUEUE_NAME = 'token-refresh';

/** Options of {@link createTokenWorker}. */
export interface TokenWorkerOptions {
  /** ioredis connection for the queue (BullMQ) and scheduler, and for locks and events unless `storeRedis` is given (created with `maxRetriesPerRequest: null`). Not closed by the worker. */
  redis: RedisClient;
  /**
   * Connection for the per-set locks and the event publisher (e.g. a second one with ioredis
   * auto-pipelining; never hand it to BullMQ). Default `redis`. Not closed by the worker.
   */
  storeRedis?: RedisClient | undefined;
  /** The token store (shared with the sign-in adapters). */
  store: TokenStore;
  /** Refresh providers by the store's provider name (`webex` now). */
  providers: readonly RefreshProvider[];
  /** Token policy (client access, TTL caps, auto-extend, limit, refresh point). Default `defineTokenPolicy()`. */
  policy?: TokenPolicy | undefined;
  /** BullMQ prefix; keep a `{hash tag}` for Redis Cluster. Default `{token-worker}`. */
  prefix?: string | undefined;
  /** Queue name. Default `token-refresh`. */
  queueName?: string | undefined;
  /** Refreshes in flight per process. Default 50. */
  concurrency?: number | undefined;
  /** Only schedule (adapters, CLI tools): do not consume jobs. Default `false`. */
  producerOnly?: boolean | undefined;
  /** Timing overrides (`refreshAt` defaults to the policy's). */
  timing?: Partial<TimingOptions> | undefined;
  /** Retry (backoff) overrides. */
  retry?: Partial<RetryOptions> | undefined;
  /** Per-set lock lease in ms. Default 30 000. */
  lockLeaseMs?: number | undefined;
  /** BullMQ job lock duration in ms (a dead worker's job is retried after it). Default 30 000. */
  jobLockMs?: number | undefined;
  /** BullMQ stalled-job check interval in ms. Default 30 000. */
  stalledIntervalMs?: number | undefined;
  /** Global cap on refreshes: at most `max` per `durationMs` across all replicas. Default 100 000/s (no practical cap). */
  limiter?: { max: number; durationMs: number } | undefined;
  /** Redis pub/sub channel for events; `false` disables. Default `<prefix>:events`. */
  eventChannel?: string | false | undefined;
  /** Signed webhook for events. */
  webhook?: WebhookOptions | undefined;
  /** Rebuild the schedule from the store every this many ms (one replica at a time); 0 disables. Default 3 600 000. */
  reconcileIntervalMs?: number | undefined;
  /** Limit for {@link TokenWorker.addTokenSet} when the policy leaves it to the provider. Default 100. */
  maxPerUserClient?: number | undefined;
  /** Logger (redacting). Default `createLogger()`. */
  logger?: Logger | undefined;
  /** Metrics. Default a new {@link WorkerMetrics}. */
  metrics?: WorkerMetrics | undefined;
}

/** A running token worker; see {@link createTokenWorker}. */
export interface TokenWorker {
  readonly queue: RefreshQueue;
  /** The BullMQ worker, `undefined` with `producerOnly`. */
  readonly worker: Worker<RefreshJobData, string, string> | undefined;
  readonly scheduler: RefreshScheduler;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  /** Schedules one stored set's refresh at its refresh point (idempotent). */
  scheduleTokenSet(id: string): Promise<ScheduleOutcome>;
  /** Rebuilds every active set's job from the store (idempotent). */
  rescheduleAll(): Promise<{ active: number; added: number }>;
  /**
   * Stores a new sign-in's set through the limit-enforcing insert (policy limit and caps applied),
   * schedules its refresh and drops the jobs of evicted sets (the store's `revoke` hook revokes
   * them at the IdP).
   */
  addTokenSet(input: NewTokenSet): Promise<AddResult>;
  /** Listens to events in this process. */
  subscribe(listener: TokenWorkerEventListener): () => void;
  /** Starts consuming (and the periodic reconcile). Resolves once connected. */
  start(): Promise<void>;
  /** Graceful stop: waits for in-flight refreshes, then closes the queue (not the Redis connection). */
  close(): Promise<void>;
}

/** Wires the queue, scheduler, locks, processor, events and metrics of a token worker. */
export function createTokenWorker(options: TokenWorkerOptions): TokenWorker {
  const logger = options.logger ?? createLogger();
  const policy = options.policy ?? defineTokenPolicy();
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const timing: TimingOptions = { ...DEFAULT_TIMING, refreshAt: policy.refreshAt, ...options.timing };
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const { redis, store } = options;
  const storeRedis = options.storeRedis ?? redis;
  const queue: RefreshQueue = new Queue<RefreshJobData, string, string>(queueName, {
    connection: redis,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1_000 } },
  });
  queue.on('error', (err) => logger.error({ err }, 'queue error'));
  const metrics =
    options.metrics ??
    new WorkerMetrics({
      countByStatus: async () => store.countByStatus(),
      jobCounts: async () => queue.getJobCounts('delayed', 'waiting', 'active', 'failed'),
    });
  const events = new EventPublisher({
    redis: storeRedis,
    channel: options.eventChannel === false ? undefined : (options.eventChannel ?? `${prefix}:events`),
    webhook: options.webhook === undefined ? undefined : new WebhookSender(options.webhook),
    logger,
    onEvent: (event) => metrics.events.inc({ type: event.type }),
  });
  const scheduler = new RefreshScheduler(queue, redis, store, timing, logger, `${prefix}:${queueName}`);
  const locks = new RefreshLocks(store, { leaseMs: options.lockLeaseMs });
  const providers = new Map(options.providers.map((provider) => [provider.name as string, provider]));
  const processor = createRefreshProcessor({ store, providers, policy, timing, retry, locks, queue, scheduler, events, metrics, logger });

  let worker: Worker<RefreshJobData, string, string> | undefined;
  if (!options.producerOnly) {
    const limiter = options.limiter ?? { max: 100_000, durationMs: 1_000 };
    worker = new Worker<RefreshJobData, string, string>(queueName, processor, {
      connection: redis,
      prefix,
      autorun: false,
      concurrency: options.concurrency ?? 50,
      lockDuration: options.jobLockMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 5,
      limiter: { max: limiter.max, duration: limiter.durationMs },
    });
    worker.on('error', (err) => logger.error({ err }, 'worker error'));
    worker.on('failed', (job, err) => {
      logger.error({ err, tokenSetId: job?.data.id }, 'refresh job failed');
      const id = job?.data.id;
      if (id === undefined) return;
      // Put the set back on the schedule, no sooner than a backoff, so nothing is lost.
      void store
        .get(id)
        .then(async (set) => {
          if (set?.status !== 'active') return;
          await scheduler.scheduleAt(id, Math.max(await scheduler.runAtFor(id, set), Date.now() + retry.baseMs * 30));
        })
        .catch((rescheduleErr: unknown) => logger.error({ err: rescheduleErr, tokenSetId: id }, 'could not reschedule a failed job'));
    });
  }

  let reconcileTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const reconcileEvery = options.reconcileIntervalMs ?? 3_600_000;
  const reconcile = async () => {
    const leader = await redis.set(`${prefix}:${queueName}:reconcile`, '1', 'PX', Math.max(1_000, reconcileEvery - 1_000), 'NX');
    if (leader === 'OK') await scheduler.rescheduleAll();
  };

  return {
    queue,
    worker,
    scheduler,
    metrics,
    logger,
    scheduleTokenSet: (id) => scheduler.scheduleTokenSet(id),
    rescheduleAll: () => scheduler.rescheduleAll(),
    async addTokenSet(input) {
      const rules = policyFor(policy, input.clientType);
      const tokens = applyTokenPolicy(policy, input.clientType, input.tokens);
      const result = await store.add({ ...input, tokens }, { maxPerUserClient: rules.maxRefreshTokensPerUser ?? options.maxPerUserClient ?? 100 });
      await scheduler.scheduleAt(result.set.id, await scheduler.runAtFor(result.set.id, result.set));
      for (const evicted of result.evicted) await onEvicted(evicted);
      return result;
    },
    subscribe: (listener) => events.subscribe(listener),
    async start() {
      await queue.waitUntilReady();
      if (worker !== undefined) {
        running = worker.run();
        running.catch((err: unknown) => logger.error({ err }, 'worker stopped with an error'));
        await worker.waitUntilReady();
      }
      if (reconcileEvery > 0) {
        reconcileTimer = setInterval(() => {
          reconcile().catch((err: unknown) => logger.error({ err }, 'reconcile failed'));
        }, reconcileEvery);
        reconcileTimer.unref();
      }
      logger.info({ queue: queueName, prefix, consuming: worker !== undefined }, 'token worker started');
    },
    async close() {
      if (reconcileTimer !== undefined) clearInterval(reconcileTimer);
      await worker?.close();
      await running?.catch(() => undefined);
      await queue.close();
      logger.info('token worker stopped');
    },
  };

  async function onEvicted(evicted: StoredTokenSet): Promise<void> {
    metrics.evictions.inc();
    await queue.remove(evicted.id).catch(() => undefined);
    await events.emit(eventFor('evicted', evicted, { reason: 'limit' }));
  }
}
