import { readFileSync } from 'node:fs';
import { defineTokenPolicy, type TokenPolicy } from '@webex-oidc/core';
import type { Keyring } from '@webex-oidc/token-store';
import { ConfigError, ConfigReader, isRecord } from './config-reader.js';
import type { RetryOptions, TimingOptions } from './timing.js';

/** One Webex integration whose sets the worker refreshes. */
export interface ClientConfig {
  clientId: string;
  clientSecret: string;
  /** Default Webex's discovery URL. */
  discoveryUrl?: string | undefined;
  /** Allow plain http (the sandbox only). */
  allowInsecureRequests?: boolean | undefined;
  /** Issuer allow-list (default Webex's); the sandbox's issuer for tests and demos. */
  issuers?: string[] | undefined;
  /** Revocation endpoint (default Webex's). */
  revocationEndpoint?: string | undefined;
}

/** The Finesse server whose `finesse` token sets the worker refreshes. */
export interface FinesseConfig {
  /** Finesse origin, e.g. `https://finesse1.example.com:8445`. */
  baseUrl: string;
  /** PEM contents of the CA file (`FINESSE_CA_FILE`), for self-signed / private-CA Finesse servers. */
  ca?: string | undefined;
  /** Refresh form: `POST` (default) or `GET`. */
  method: 'POST' | 'GET';
  /** Time limit of one refresh request in ms (default the Finesse client's 15 000). */
  timeoutMs?: number | undefined;
}

/** Redis connection: one of a URL, Sentinel or Cluster. */
export type RedisConfig =
  | { kind: 'url'; url: string }
  | { kind: 'sentinel'; sentinels: Array<{ host: string; port: number }>; name: string; password?: string | undefined }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }>; password?: string | undefined };

/** The validated configuration of `token-worker start`. */
export interface WorkerConfig {
  redis: RedisConfig;
  queue: { prefix: string; name: string; concurrency: number; limiter?: { max: number; durationMs: number } | undefined };
  store: {
    keyPrefix?: string | undefined;
    keyring: Keyring;
    /**
     * Give the token store, the per-set locks and the events/history their own Redis connection
     * with ioredis auto-pipelining (BullMQ keeps the plain one). Default {@link DEFAULT_STORE_AUTOPIPELINING}.
     */
    autoPipelining: boolean;
  };
  clients: ClientConfig[];
  /** Set when `FINESSE_BASE_URL` (or `finesse.baseUrl`) is configured. */
  finesse?: FinesseConfig | undefined;
  policy: TokenPolicy;
  timing: Partial<TimingOptions>;
  retry: Partial<RetryOptions>;
  lockLeaseMs?: number | undefined;
  jobLockMs?: number | undefined;
  stalledIntervalMs?: number | undefined;
  reconcileIntervalMs?: number | undefined;
  events: { channel: string | false | undefined; webhook?: { url: string; secret: string } | undefined };
  http: { port: number; host: string; dashboard: boolean };
  logLevel: string;
}

/** Reads and parses a JSON config file, with an error that names the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read config file ${path}: ${(err as Error).message}`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not an object');
    return parsed;
  } catch (err) {
    throw new ConfigError([`config file ${path} is not a JSON object (${(err as Error).message})`]);
  }
}

/** Default of `TOKEN_WORKER_STORE_AUTOPIPELINING` (`store.autoPipelining`); see the README's benchmark section. */
export const DEFAULT_STORE_AUTOPIPELINING = true;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function sub(file: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = file[key];
  return isRecord(value) ? value : {};
}

/**
 * Builds the worker configuration from environment variables (which win) and an optional parsed
 * config file, validating everything at once: a {@link ConfigError} lists every problem.
 */
export function loadConfig(env: Readonly<Record<string, string>>, file: Record<string, unknown> = {}): WorkerConfig {
  const r = new ConfigReader(env);
  const redisFile = sub(file, 'redis');
  const sentinels = r.hosts('TOKEN_WORKER_REDIS_SENTINELS', redisFile.sentinels, 'redis.sentinels');
  const clusterNodes = r.hosts('TOKEN_WORKER_REDIS_CLUSTER_NODES', redisFile.clusterNodes, 'redis.clusterNodes');
  const password = r.string('TOKEN_WORKER_REDIS_PASSWORD', redisFile.password, 'redis.password');
  let redis: RedisConfig;
  if (sentinels !== undefined && clusterNodes !== undefined) r.problem('configure either Redis Sentinel or Redis Cluster, not both.');
  if (sentinels !== undefined) {
    const name = r.string('TOKEN_WORKER_REDIS_SENTINEL_NAME', redisFile.sentinelName, 'redis.sentinelName');
    if (name === undefined) r.problem('TOKEN_WORKER_REDIS_SENTINEL_NAME (redis.sentinelName) is required with Sentinel.');
    redis = { kind: 'sentinel', sentinels, name: name ?? '', password };
  } else if (clusterNodes !== undefined) {
    redis = { kind: 'cluster', nodes: clusterNodes, password };
  } else {
    const url = r.string('TOKEN_WORKER_REDIS_URL', undefined, 'redis.url') ?? r.string('REDIS_URL', redisFile.url, 'redis.url') ?? 'redis://127.0.0.1:6379';
    if (!/^rediss?:\/\//.test(url)) r.problem('the Redis URL (TOKEN_WORKER_REDIS_URL, REDIS_URL or redis.url) must start with redis:// or rediss://.');
    redis = { kind: 'url', url };
  }

  const queueFile = sub(file, 'queue');
  const prefix = r.string('TOKEN_WORKER_QUEUE_PREFIX', queueFile.prefix, 'queue.prefix') ?? '{token-worker}';
  if (clusterNodes !== undefined && !/\{[^}]+\}/.test(prefix)) {
    r.problem(`queue.prefix "${prefix}" needs a {hash tag} (e.g. "{token-worker}") on Redis Cluster.`);
  }
  const limiterMax = r.number('TOKEN_WORKER_LIMITER_MAX', queueFile.limiterMax, 'queue.limiterMax', { min: 1, integer: true });
  const limiterDurationMs = r.number('TOKEN_WORKER_LIMITER_DURATION_MS', queueFile.limiterDurationMs, 'queue.limiterDurationMs', { min: 1, integer: true });
  if (limiterDurationMs !== undefined && limiterMax === undefined) {
    r.problem('TOKEN_WORKER_LIMITER_DURATION_MS (queue.limiterDurationMs) needs TOKEN_WORKER_LIMITER_MAX (queue.limiterMax): the limiter is "max refreshes per duration".');
  }

  const storeFile = sub(file, 'store');
  const keyring = readKeyring(r, env, storeFile);
  const finesse = readFinesse(r, sub(file, 'finesse'));
  const clients = readClients(r, env, file.clients, finesse === undefined);

  let policy = defineTokenPolicy();
  const policyInput = r.object('TOKEN_WORKER_POLICY', file.policy, 'policy') ?? {};
  const refreshAt = r.number('TOKEN_WORKER_REFRESH_AT', policyInput.refreshAt, 'policy.refreshAt', { min: 0 });
  try {
    policy = defineTokenPolicy({ ...policyInput, ...(refreshAt === undefined ? {} : { refreshAt }) });
  } catch (err) {
    r.problem((err as Error).message);
  }

  const timingFile = sub(file, 'timing');
  const retryFile = sub(file, 'retry');
  const eventsFile = sub(file, 'events');
  const httpFile = sub(file, 'http');
  const ms = (name: string, value: unknown, path: string, min = 0) => r.number(name, value, path, { min, integer: true });
  const channelRaw = r.string('TOKEN_WORKER_EVENT_CHANNEL', eventsFile.channel === false ? 'off' : eventsFile.channel, 'events.channel');
  const webhookUrl = r.string('TOKEN_WORKER_WEBHOOK_URL', eventsFile.webhookUrl, 'events.webhookUrl');
  const webhookSecret = r.string('TOKEN_WORKER_WEBHOOK_SECRET', eventsFile.webhookSecret, 'events.webhookSecret');
  if (webhookUrl !== undefined && webhookSecret === undefined) r.problem('TOKEN_WORKER_WEBHOOK_SECRET (events.webhookSecret) is required with a webhook URL: events are HMAC-signed.');
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) r.problem('the webhook URL must be http(s)://.');
  const logLevel = r.string('TOKEN_WORKER_LOG_LEVEL', sub(file, 'log').level, 'log.level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) r.problem(`log level "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}.`);

  const config: WorkerConfig = {
    redis,
    queue: {
      prefix,
      name: r.string('TOKEN_WORKER_QUEUE_NAME', queueFile.name, 'queue.name') ?? 'token-refresh',
      concurrency: r.number('TOKEN_WORKER_CONCURRENCY', queueFile.concurrency, 'queue.concurrency', { min: 1, max: 10_000, integer: true }) ?? 50,
      limiter: limiterMax === undefined ? undefined : { max: limiterMax, durationMs: limiterDurationMs ?? 1_000 },
    },
    store: {
      keyPrefix: r.string('TOKEN_WORKER_STORE_PREFIX', storeFile.keyPrefix, 'store.keyPrefix'),
      keyring,
      autoPipelining: r.boolean('TOKEN_WORKER_STORE_AUTOPIPELINING', storeFile.autoPipelining, 'store.autoPipelining') ?? DEFAULT_STORE_AUTOPIPELINING,
    },
    clients,
    finesse,
    policy,
    timing: dropUndefined({
      jitterRatio: r.number('TOKEN_WORKER_JITTER_RATIO', timingFile.jitterRatio, 'timing.jitterRatio', { min: 0, max: 0.2 }),
      maxJitterMs: ms('TOKEN_WORKER_MAX_JITTER_MS', timingFile.maxJitterMs, 'timing.maxJitterMs'),
      reauthSoonMs: ms('TOKEN_WORKER_REAUTH_SOON_MS', timingFile.reauthSoonMs, 'timing.reauthSoonMs'),
      lastChanceMs: ms('TOKEN_WORKER_LAST_CHANCE_MS', timingFile.lastChanceMs, 'timing.lastChanceMs'),
    }),
    retry: dropUndefined({
      baseMs: ms('TOKEN_WORKER_RETRY_BASE_MS', retryFile.baseMs, 'retry.baseMs', 1),
      maxMs: ms('TOKEN_WORKER_RETRY_MAX_MS', retryFile.maxMs, 'retry.maxMs', 1),
      expiryMarginMs: ms('TOKEN_WORKER_RETRY_EXPIRY_MARGIN_MS', retryFile.expiryMarginMs, 'retry.expiryMarginMs'),
    }),
    lockLeaseMs: ms('TOKEN_WORKER_LOCK_LEASE_MS', file.lockLeaseMs, 'lockLeaseMs', 300),
    jobLockMs: ms('TOKEN_WORKER_JOB_LOCK_MS', file.jobLockMs, 'jobLockMs', 1_000),
    stalledIntervalMs: ms('TOKEN_WORKER_STALLED_INTERVAL_MS', file.stalledIntervalMs, 'stalledIntervalMs', 1_000),
    reconcileIntervalMs: ms('TOKEN_WORKER_RECONCILE_INTERVAL_MS', file.reconcileIntervalMs, 'reconcileIntervalMs'),
    events: {
      channel: channelRaw === undefined ? undefined : /^(off|false|none)$/i.test(channelRaw) ? false : channelRaw,
      webhook: webhookUrl !== undefined && webhookSecret !== undefined ? { url: webhookUrl, secret: webhookSecret } : undefined,
    },
    http: {
      port: r.number('TOKEN_WORKER_HTTP_PORT', httpFile.port, 'http.port', { min: 0, max: 65_535, integer: true }) ?? 9464,
      host: r.string('TOKEN_WORKER_HTTP_HOST', httpFile.host, 'http.host') ?? '0.0.0.0',
      dashboard: r.boolean('TOKEN_WORKER_DASHBOARD', httpFile.dashboard, 'http.dashboard') ?? true,
    },
    logLevel,
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

function readKeyring(r: ConfigReader, env: Readonly<Record<string, string>>, storeFile: Record<string, unknown>): Keyring {
  const keys: Record<string, string> = {};
  const envKeys = env.TOKEN_WORKER_STORE_KEYS;
  if (envKeys !== undefined && envKeys !== '') {
    for (const entry of envKeys.split(',')) {
      const at = entry.indexOf(':');
      if (at <= 0) r.problem('TOKEN_WORKER_STORE_KEYS must be "<key id>:<base64 key>[,<key id>:<base64 key>…]".');
      else keys[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
    }
  } else if (isRecord(storeFile.keyring) && isRecord(storeFile.keyring.keys)) {
    for (const [id, value] of Object.entries(storeFile.keyring.keys)) {
      if (typeof value === 'string') keys[id] = value;
      else r.problem(`store.keyring.keys.${id} must be a base64 string.`);
    }
  }
  const ids = Object.keys(keys);
  const fileCurrent = isRecord(storeFile.keyring) ? storeFile.keyring.current : undefined;
  const current = r.string('TOKEN_WORKER_STORE_CURRENT_KEY', fileCurrent, 'store.keyring.current') ?? (ids.length === 1 ? ids[0] : undefined);
  if (ids.length === 0) r.problem('no token-store encryption key: set TOKEN_WORKER_STORE_KEYS="<id>:<base64 32 bytes>" (openssl rand -base64 32) or store.keyring.');
  else if (current === undefined || !ids.includes(current)) r.problem('TOKEN_WORKER_STORE_CURRENT_KEY (store.keyring.current) must name one of the configured key ids.');
  return { current: current ?? '', keys };
}

function readFinesse(r: ConfigReader, finesseFile: Record<string, unknown>): FinesseConfig | undefined {
  const baseUrl = r.string('FINESSE_BASE_URL', finesseFile.baseUrl, 'finesse.baseUrl');
  const caFile = r.string('FINESSE_CA_FILE', finesseFile.caFile, 'finesse.caFile');
  const methodRaw = r.string('FINESSE_REFRESH_METHOD', finesseFile.refreshMethod, 'finesse.refreshMethod');
  const timeoutMs = r.number('FINESSE_TIMEOUT_MS', finesseFile.timeoutMs, 'finesse.timeoutMs', { min: 1, integer: true });
  if (baseUrl === undefined) {
    if (caFile !== undefined || methodRaw !== undefined || timeoutMs !== undefined) {
      r.problem('FINESSE_CA_FILE / FINESSE_REFRESH_METHOD / FINESSE_TIMEOUT_MS need FINESSE_BASE_URL (finesse.baseUrl).');
    }
    return undefined;
  }
  if (!/^https?:\/\/[^/]/.test(baseUrl)) r.problem('FINESSE_BASE_URL (finesse.baseUrl) must be an https:// (or http://) URL, e.g. https://finesse1.example.com:8445.');
  const method = methodRaw === undefined ? 'POST' : methodRaw.toUpperCase();
  if (method !== 'POST' && method !== 'GET') r.problem('FINESSE_REFRESH_METHOD (finesse.refreshMethod) must be POST or GET.');
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
      if (!ca.includes('-----BEGIN CERTIFICATE-----')) r.problem(`FINESSE_CA_FILE ${caFile} holds no PEM certificate.`);
    } catch (err) {
      r.problem(`cannot read FINESSE_CA_FILE ${caFile}: ${(err as Error).message}`);
    }
  }
  return { baseUrl, ca, method: method === 'GET' ? 'GET' : 'POST', timeoutMs };
}

function readClients(r: ConfigReader, env: Readonly<Record<string, string>>, fileClients: unknown, required = true): ClientConfig[] {
  const clients: ClientConfig[] = [];
  if (env.TOKEN_WORKER_CLIENT_ID !== undefined && env.TOKEN_WORKER_CLIENT_ID !== '') {
    const clientSecret = env.TOKEN_WORKER_CLIENT_SECRET;
    if (clientSecret === undefined || clientSecret === '') r.problem('TOKEN_WORKER_CLIENT_SECRET is required with TOKEN_WORKER_CLIENT_ID.');
    clients.push({
      clientId: env.TOKEN_WORKER_CLIENT_ID,
      clientSecret: clientSecret ?? '',
      discoveryUrl: r.string('TOKEN_WORKER_DISCOVERY_URL', undefined, 'discoveryUrl'),
      allowInsecureRequests: r.boolean('TOKEN_WORKER_ALLOW_INSECURE_REQUESTS', undefined, 'allowInsecureRequests'),
      issuers: r.string('TOKEN_WORKER_ISSUERS', undefined, 'issuers')?.split(',').map((issuer) => issuer.trim()),
      revocationEndpoint: r.string('TOKEN_WORKER_REVOCATION_ENDPOINT', undefined, 'revocationEndpoint'),
    });
  } else if (fileClients !== undefined) {
    if (!Array.isArray(fileClients)) r.problem('clients must be a list of {clientId, clientSecret, discoveryUrl?, allowInsecureRequests?}.');
    else
      fileClients.forEach((item: unknown, index) => {
        if (!isRecord(item) || typeof item.clientId !== 'string' || typeof item.clientSecret !== 'string' || item.clientId === '' || item.clientSecret === '') {
          r.problem(`clients[${index}] needs a non-empty clientId and clientSecret.`);
          return;
        }
        clients.push({
          clientId: item.clientId,
          clientSecret: item.clientSecret,
          discoveryUrl: typeof item.discoveryUrl === 'string' ? item.discoveryUrl : undefined,
          allowInsecureRequests: item.allowInsecureRequests === true,
          issuers: Array.isArray(item.issuers) ? item.issuers.filter((issuer): issuer is string => typeof issuer === 'string') : undefined,
          revocationEndpoint: typeof item.revocationEndpoint === 'string' ? item.revocationEndpoint : undefined,
        });
      });
  }
  if (clients.length === 0 && required) r.problem('no Webex client: set TOKEN_WORKER_CLIENT_ID and TOKEN_WORKER_CLIENT_SECRET, or "clients" in the config file.');
  return clients;
}

function dropUndefined<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
