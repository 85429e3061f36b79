export { createTokenWorker, DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './token-worker.js';
export type { TokenWorker, TokenWorkerOptions } from './token-worker.js';
export { RefreshScheduler, REFRESH_JOB } from './scheduler.js';
export type { RefreshJobData, RefreshQueue, RefreshJob, ScheduleOutcome } from './scheduler.js';
export { createRefreshProcessor } from './refresh-processor.js';
export type { RefreshProcessor, RefreshProcessorDeps } from './refresh-processor.js';
export { RefreshLocks } from './lock.js';
export type { HeldLock, LockOutcome, RefreshLocksOptions } from './lock.js';
export type { RedisClient } from './redis.js';
export { createWebexProvider, UnknownClientError } from './providers/webex-provider.js';
export type { WebexProviderOptions } from './providers/webex-provider.js';
export {
  classifyFinesseFailure,
  createFinesseProvider,
  FINESSE_TLS_CONFIG_ERROR,
  fromFinesseTokenSet,
  toFinesseTokenSet,
} from './providers/finesse-provider.js';
export type { FinesseProviderOptions } from './providers/finesse-provider.js';
export type { RefreshCallOptions, RefreshFailure, RefreshProvider } from './providers/provider.js';
export { EventPublisher, eventFor, TOKEN_WORKER_EVENTS } from './events.js';
export type { EventPublisherOptions, TokenWorkerEvent, TokenWorkerEventListener, TokenWorkerEventType } from './events.js';
export { SIGNATURE_HEADER, signWebhook, verifyWebhook, WebhookSender } from './webhook.js';
export type { WebhookOptions } from './webhook.js';
export { WorkerMetrics } from './metrics.js';
export type { MetricSources, RefreshResult } from './metrics.js';
export { createLogger, REDACT_PATHS } from './logger.js';
export type { LoggerOptions } from './logger.js';
export { DEFAULT_RETRY, DEFAULT_TIMING, dueAt, isFresh, maxJitter, nextRunAt, retryDelay } from './timing.js';
export type { RetryOptions, ScheduleTimes, TimingOptions } from './timing.js';
export { DEFAULT_STORE_AUTOPIPELINING, loadConfig, readConfigFile } from './config.js';
export type { ClientAuthConfig, ClientConfig, FinesseConfig, RedisConfig, WorkerConfig } from './config.js';
export { ConfigError } from './config-reader.js';
export { readEnv } from './env.js';
export { connectRedis, startApp } from './app.js';
export type { RunningApp } from './app.js';
export { startHttpServer } from './http-server.js';
export { attachHistory, RefreshHistory } from './history.js';
export type { HistoryEntry, HistoryEntryType, HistorySource, RefreshHistoryOptions } from './history.js';
export { createDashboardRouter } from './dashboard/router.js';
export type { DashboardRouterOptions } from './dashboard/router.js';
export { takeSnapshot } from './dashboard/snapshot.js';
export type { DashboardJobState, DashboardSnapshot, DashboardSource, DashboardTokenSet } from './dashboard/snapshot.js';
export type { HttpServer, HttpServerOptions } from './http-server.js';
