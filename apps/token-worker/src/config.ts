import { readFileSync } from 'node:fs';
import {
  CLIENT_AUTH_METHODS,
  createWebexConfig,
  defineTokenPolicy,
  type ClientAuthMethod,
  type ClientPrivateKey,
  type ClientSecretJwtAlgorithm,
  type PrivateJwk,
  type PrivateKeyJwtAlgorithm,
  type TokenPolicy,
  type WebexClientAuth,
  type WebexConfigOptions,
} from '@webex-oidc/core';
import type { Keyring } from '@webex-oidc/token-store';
import { ConfigError, ConfigReader, isRecord } from './config-reader.js';
import type { RetryOptions, TimingOptions } from './timing.js';

/**
 * How a client authenticates at Webex's token and revocation endpoints (see the core README's
 * "Client authentication"): the client secret with HTTP Basic (the default) or in the body, an
 * HMAC-signed JWT (`client_secret_jwt`, keyed with {@link ClientConfig.clientSecret}) or a JWT
 * signed with the client's private key (`private_key_jwt`).
 */
export type ClientAuthConfig =
  | { method: 'client_secret_basic' | 'client_secret_post' }
  | {
      method: 'client_secret_jwt';
      /** `HS256` (core's default), `HS384` or `HS512`. */
      alg?: ClientSecretJwtAlgorithm | undefined;
    }
  | {
      method: 'private_key_jwt';
      /** Where the key was read from (`auth.privateKeyFile`, `TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE`). */
      privateKeyFile?: string | undefined;
      /**
       * The private key: a PEM string or a private JWK (what the file held), or anything else
       * core's `clientAuth.key` takes. Not enumerable on {@link loadConfig}'s result, so logging
       * or serialising the configuration never shows it.
       */
      key: ClientPrivateKey;
      /** The assertion's `kid`: the registered public key's id (default: the JWK's `kid`, else none). */
      kid?: string | undefined;
      /** Default: the JWK's `alg`, else what the key is for (`RS256` for RSA, `ES256`… for EC). */
      alg?: PrivateKeyJwtAlgorithm | undefined;
    };

/** One Webex integration whose sets the worker refreshes. */
export interface ClientConfig {
  clientId: string;
  /**
   * The client secret: required by the `client_secret_*` methods, not used by `private_key_jwt`.
   * Not enumerable on {@link loadConfig}'s result, so logging the configuration never shows it.
   */
  clientSecret?: string | undefined;
  /** How the client authenticates. Default `{ method: 'client_secret_basic' }` (with {@link clientSecret}). */
  auth?: ClientAuthConfig | undefined;
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
    redis = hideSecret({ kind: 'sentinel' as const, sentinels, name: name ?? '' }, 'password', password);
  } else if (clusterNodes !== undefined) {
    redis = hideSecret({ kind: 'cluster' as const, nodes: clusterNodes }, 'password', password);
  } else {
    const url = r.string('TOKEN_WORKER_REDIS_URL', undefined, 'redis.url') ?? r.string('REDIS_URL', redisFile.url, 'redis.url') ?? 'redis://127.0.0.1:6379';
    if (!/^rediss?:\/\//.test(url)) r.problem('the Redis URL (TOKEN_WORKER_REDIS_URL, REDIS_URL or redis.url) must start with redis:// or rediss://.');
    // A URL with a password (redis://:secret@host) is a secret as a whole.
    redis = hasPassword(url) ? hideSecret({ kind: 'url' as const }, 'url', url) : { kind: 'url', url };
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
      webhook: webhookUrl !== undefined && webhookSecret !== undefined ? hideSecret({ url: webhookUrl }, 'secret', webhookSecret) : undefined,
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
  return hideSecret({ current: current ?? '' }, 'keys', keys);
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

/** The settings of one client's authentication, under the names the operator wrote them. */
interface AuthNames {
  /** The client, for problems that are not about one setting: `client "x" (TOKEN_WORKER_CLIENT_ID)`, `clients[0] (client "x")`. */
  client: string;
  method: string;
  alg: string;
  kid: string;
  privateKeyFile: string;
  clientSecret: string;
}

/** The raw values of one client's authentication settings (env strings or file values). */
interface AuthInput {
  method: unknown;
  alg: unknown;
  kid: unknown;
  privateKeyFile: unknown;
  clientSecret: unknown;
}

/** The env variables of the env client's authentication (see the README's "Client authentication"). */
const ENV_AUTH: Omit<AuthNames, 'client'> = {
  method: 'TOKEN_WORKER_CLIENT_AUTH_METHOD',
  alg: 'TOKEN_WORKER_CLIENT_AUTH_ALG',
  kid: 'TOKEN_WORKER_CLIENT_AUTH_KID',
  privateKeyFile: 'TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE',
  clientSecret: 'TOKEN_WORKER_CLIENT_SECRET',
};

/** The members a file client's `auth` takes. */
const FILE_AUTH_MEMBERS = ['method', 'alg', 'kid', 'privateKeyFile'];

/** The methods the worker takes, default first (core's `CLIENT_AUTH_METHODS`, Basic first). */
const AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', ...CLIENT_AUTH_METHODS.filter((m) => m !== 'client_secret_basic')];

/** A method name may be echoed only when it looks like one (never a secret pasted into the wrong setting). */
function describeMethod(method: unknown): string {
  if (typeof method !== 'string') return `got a ${typeof method}`;
  return /^[a-z_-]{1,40}$/.test(method) ? `got "${method}"` : 'got an unsupported value';
}

/** A string setting: `undefined` when unset (an empty env variable is unset), a problem when not a non-empty string. */
function authString(r: ConfigReader, value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    r.problem(`${name} must be a non-empty string.`);
    return undefined;
  }
  return value;
}

/** A member of a JSON object, taken only when it is its own (never `toString` & co.). */
function own(record: Record<string, unknown>, member: string): unknown {
  return Object.hasOwn(record, member) ? record[member] : undefined;
}

/**
 * Reads a private key file: a PEM (handed to core as a string) or JSON — a private JWK, or a JWK
 * set (`{"keys": [...]}`) from which the key with `kid` (or the only key) is taken. Problems name
 * the setting and the file, never what it holds (not even JSON.parse's message, which quotes it).
 */
function readPrivateKeyFile(r: ConfigReader, path: string, names: AuthNames, kid: string | undefined): ClientPrivateKey | undefined {
  const where = `${names.privateKeyFile} ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    r.problem(`cannot read ${where}: ${(err as Error).message}`);
    return undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    r.problem(`${where} is empty; it must hold the client's private key (PEM, or a private JWK as JSON).`);
    return undefined;
  }
  if (!trimmed.startsWith('{')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    r.problem(`${where} is neither a PEM private key nor valid JSON (a private JWK, or a JWK set holding it).`);
    return undefined;
  }
  if (!isRecord(parsed)) return undefined; // unreachable: the text starts with "{"
  const keys = own(parsed, 'keys');
  if (keys === undefined) return parsed as PrivateJwk;
  if (!Array.isArray(keys) || !keys.every(isRecord)) {
    r.problem(`${where} has a "keys" member that is not a list of JWKs.`);
    return undefined;
  }
  const candidates = kid === undefined ? keys : keys.filter((key) => own(key, 'kid') === kid);
  if (candidates.length === 1) return candidates[0] as PrivateJwk;
  r.problem(
    candidates.length === 0
      ? `${where} is a JWK set with ${kid === undefined ? 'no keys' : `no key whose kid matches ${names.kid}`}.`
      : `${where} is a JWK set of ${candidates.length} keys; set ${names.kid} to the kid of the one to sign with.`,
  );
  return undefined;
}

/**
 * Reads and checks one client's authentication: the method (default `client_secret_basic`), the
 * settings it takes (any other is a problem, not silently ignored), the secret or the key file.
 * Returns `undefined` after reporting a problem.
 */
function readClientAuth(
  r: ConfigReader,
  input: AuthInput,
  names: AuthNames,
): { clientSecret?: string | undefined; auth: ClientAuthConfig } | undefined {
  const before = r.problems.length;
  const methodRaw = authString(r, input.method, names.method);
  const alg = authString(r, input.alg, names.alg);
  const kid = authString(r, input.kid, names.kid);
  const privateKeyFile = authString(r, input.privateKeyFile, names.privateKeyFile);
  const clientSecret = authString(r, input.clientSecret, names.clientSecret);
  if (r.problems.length > before) return undefined;
  if (methodRaw !== undefined && !(AUTH_METHODS as readonly string[]).includes(methodRaw)) {
    r.problem(`${names.method} must be one of ${AUTH_METHODS.join(', ')}; ${describeMethod(methodRaw)}.`);
    return undefined;
  }
  if (methodRaw === undefined) {
    const given = [alg === undefined ? [] : [names.alg], kid === undefined ? [] : [names.kid], privateKeyFile === undefined ? [] : [names.privateKeyFile]].flat();
    if (given.length > 0) {
      r.problem(`${given.join(' / ')} need ${names.method} (client_secret_jwt or private_key_jwt); without it the client secret is sent with HTTP Basic.`);
      return undefined;
    }
  }
  const method = (methodRaw ?? 'client_secret_basic') as ClientAuthMethod;
  const unused = (list: Array<[string, string | undefined]>, why: string) => {
    for (const [name, value] of list) if (value !== undefined) r.problem(`${name} is not used with ${method}${why}: remove it.`);
  };
  if (method === 'private_key_jwt') {
    unused([[names.clientSecret, clientSecret]], ' (the client signs with its private key)');
    if (privateKeyFile === undefined) {
      r.problem(`${names.privateKeyFile} is required with private_key_jwt: the path of the client's private key (PEM, or a private JWK as JSON).`);
    }
    if (r.problems.length > before || privateKeyFile === undefined) return undefined;
    const key = readPrivateKeyFile(r, privateKeyFile, names, kid);
    if (key === undefined) return undefined;
    const auth = { method, privateKeyFile, kid, alg: alg as PrivateKeyJwtAlgorithm | undefined } as ClientAuthConfig;
    Object.defineProperty(auth, 'key', { value: key, enumerable: false });
    return { auth };
  }
  unused([[names.kid, kid], [names.privateKeyFile, privateKeyFile]], ' (only with private_key_jwt)');
  if (method !== 'client_secret_jwt') unused([[names.alg, alg]], ' (only with client_secret_jwt and private_key_jwt)');
  if (clientSecret === undefined) {
    r.problem(
      method === 'client_secret_jwt'
        ? `${names.clientSecret} is required with client_secret_jwt: the HMAC key of the assertions (it is never sent).`
        : `${names.clientSecret} is required with ${method}${methodRaw === undefined ? ` (the default; ${names.method} chooses another method)` : ''}.`,
    );
  }
  if (r.problems.length > before) return undefined;
  const auth: ClientAuthConfig = method === 'client_secret_jwt' ? { method, alg: alg as ClientSecretJwtAlgorithm | undefined } : { method: method as 'client_secret_basic' | 'client_secret_post' };
  return { clientSecret, auth };
}

/** Which setting a core validation message is about (it names the `createWebexConfig` option). */
function settingOf(message: string, names: AuthNames, client: ClientConfig): string {
  if (message.includes('options.clientAuth.key')) return `${names.privateKeyFile} ${client.auth?.method === 'private_key_jwt' ? (client.auth.privateKeyFile ?? '') : ''}`.trim();
  if (message.includes('options.clientAuth.alg')) return names.alg;
  if (message.includes('options.clientAuth.kid')) return names.kid;
  if (message.includes('options.clientAuth.clientSecret')) return names.clientSecret;
  return names.client;
}

/**
 * Builds the client's core configuration once, as `startApp` will, so that whatever core refuses
 * (a public key, an `alg` that does not fit the key or the method, an RSA key under 2048 bits…)
 * is a configuration problem at `check-config` and start. Core's messages never hold the secret
 * or the key; the problem names the worker setting in front of it.
 */
function checkWithCore(r: ConfigReader, client: ClientConfig, names: AuthNames): void {
  try {
    createWebexConfig(webexConfigOptions(client));
  } catch (err) {
    r.problem(`${settingOf((err as Error).message, names, client)}: ${(err as Error).message}`);
  }
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** Sets `obj[key]` readable and writable but not enumerable: a logged or serialised configuration never shows it. */
function hideSecret<T extends object, K extends string, V>(obj: T, key: K, value: V): T & Record<K, V> {
  Object.defineProperty(obj, key, { value, enumerable: false, writable: true, configurable: true });
  return obj as T & Record<K, V>;
}

/** A {@link ClientConfig} whose secret is not enumerable (a logged configuration never shows it). */
function clientConfig(fields: Omit<ClientConfig, 'clientSecret'>, clientSecret: string | undefined): ClientConfig {
  const client: ClientConfig = { ...fields };
  if (clientSecret !== undefined) hideSecret(client, 'clientSecret', clientSecret);
  return client;
}

function readClients(r: ConfigReader, env: Readonly<Record<string, string>>, fileClients: unknown, required = true): ClientConfig[] {
  const clients: ClientConfig[] = [];
  if (env.TOKEN_WORKER_CLIENT_PRIVATE_KEY !== undefined && env.TOKEN_WORKER_CLIENT_PRIVATE_KEY !== '') {
    r.problem('TOKEN_WORKER_CLIENT_PRIVATE_KEY is not read: a private key is never taken from the environment; write it to a file (readable by the worker only) and set TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE.');
  }
  // An empty variable is unset, as everywhere else in the worker's configuration.
  const envValue = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const envAuthSet = Object.values(ENV_AUTH).filter((name) => name !== ENV_AUTH.clientSecret && envValue(name) !== undefined);
  if (env.TOKEN_WORKER_CLIENT_ID !== undefined && env.TOKEN_WORKER_CLIENT_ID !== '') {
    const clientId = env.TOKEN_WORKER_CLIENT_ID;
    const names: AuthNames = { client: `client ${JSON.stringify(clientId.slice(0, 80))} (TOKEN_WORKER_CLIENT_ID)`, ...ENV_AUTH };
    const read = readClientAuth(
      r,
      {
        method: envValue(ENV_AUTH.method),
        alg: envValue(ENV_AUTH.alg),
        kid: envValue(ENV_AUTH.kid),
        privateKeyFile: envValue(ENV_AUTH.privateKeyFile),
        clientSecret: envValue(ENV_AUTH.clientSecret),
      },
      names,
    );
    const client = clientConfig(
      {
        clientId,
        auth: read?.auth,
        discoveryUrl: r.string('TOKEN_WORKER_DISCOVERY_URL', undefined, 'discoveryUrl'),
        allowInsecureRequests: r.boolean('TOKEN_WORKER_ALLOW_INSECURE_REQUESTS', undefined, 'allowInsecureRequests'),
        issuers: r.string('TOKEN_WORKER_ISSUERS', undefined, 'issuers')?.split(',').map((issuer) => issuer.trim()),
        revocationEndpoint: r.string('TOKEN_WORKER_REVOCATION_ENDPOINT', undefined, 'revocationEndpoint'),
      },
      read?.clientSecret,
    );
    if (read !== undefined) checkWithCore(r, client, names);
    clients.push(client);
  } else {
    if (envAuthSet.length > 0) {
      r.problem(`${envAuthSet.join(' / ')} configure the env client and need TOKEN_WORKER_CLIENT_ID; file clients take clients[].auth.`);
    }
    if (fileClients !== undefined) readFileClients(r, fileClients, clients);
  }
  if (clients.length === 0 && required) r.problem('no Webex client: set TOKEN_WORKER_CLIENT_ID and TOKEN_WORKER_CLIENT_SECRET, or "clients" in the config file.');
  return clients;
}

function readFileClients(r: ConfigReader, fileClients: unknown, clients: ClientConfig[]): void {
  if (!Array.isArray(fileClients)) {
    r.problem('clients must be a list of {clientId, clientSecret?, auth?, discoveryUrl?, issuers?, revocationEndpoint?, allowInsecureRequests?}.');
    return;
  }
  fileClients.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.clientId !== 'string' || item.clientId === '') {
      r.problem(`clients[${index}] needs a non-empty clientId.`);
      return;
    }
    const at = `clients[${index}]`;
    const names: AuthNames = {
      client: `${at} (client ${JSON.stringify(item.clientId.slice(0, 80))})`,
      method: `${at}.auth.method`,
      alg: `${at}.auth.alg`,
      kid: `${at}.auth.kid`,
      privateKeyFile: `${at}.auth.privateKeyFile`,
      clientSecret: `${at}.clientSecret`,
    };
    const auth = item.auth;
    if (auth !== undefined && !isRecord(auth)) {
      r.problem(`${at}.auth must be an object such as {"method": "private_key_jwt", "privateKeyFile": "/etc/token-worker/client-key.pem"}.`);
      return;
    }
    const authFile = auth ?? {};
    let misplaced = false;
    for (const member of Object.keys(authFile)) {
      if (FILE_AUTH_MEMBERS.includes(member)) continue;
      misplaced = true;
      const shown = `${at}.auth.${member.length <= 40 ? member : `${member.slice(0, 40)}…`}`;
      if (/secret/i.test(member)) r.problem(`${shown} is not a setting: the client secret goes in ${at}.clientSecret.`);
      else if (/key|pem|jwk/i.test(member)) {
        r.problem(`${shown} is not a setting: private keys are never taken inline; put the key in a file (readable by the worker only) and set ${at}.auth.privateKeyFile to its path.`);
      } else r.problem(`${shown} is not a setting; auth takes ${FILE_AUTH_MEMBERS.join(', ')}.`);
    }
    if (auth !== undefined && authFile.method === undefined) {
      r.problem(`${at}.auth.method is required: one of ${AUTH_METHODS.join(', ')}.`);
      return;
    }
    if (misplaced) return;
    const read = readClientAuth(
      r,
      { method: authFile.method, alg: authFile.alg, kid: authFile.kid, privateKeyFile: authFile.privateKeyFile, clientSecret: item.clientSecret },
      names,
    );
    if (read === undefined) return;
    const client = clientConfig(
      {
        clientId: item.clientId,
        auth: read.auth,
        discoveryUrl: typeof item.discoveryUrl === 'string' ? item.discoveryUrl : undefined,
        allowInsecureRequests: item.allowInsecureRequests === true,
        issuers: Array.isArray(item.issuers) ? item.issuers.filter((issuer): issuer is string => typeof issuer === 'string') : undefined,
        revocationEndpoint: typeof item.revocationEndpoint === 'string' ? item.revocationEndpoint : undefined,
      },
      read.clientSecret,
    );
    checkWithCore(r, client, names);
    clients.push(client);
  });
}

/** Core's `clientAuth` for a client: its {@link ClientAuthConfig} with the secret or key (default Basic with the secret). */
export function webexClientAuth(client: ClientConfig): WebexClientAuth {
  const auth = client.auth ?? { method: 'client_secret_basic' };
  switch (auth.method) {
    case 'private_key_jwt':
      return {
        method: 'private_key_jwt',
        key: auth.key,
        ...(auth.kid === undefined ? {} : { kid: auth.kid }),
        ...(auth.alg === undefined ? {} : { alg: auth.alg }),
      };
    case 'client_secret_jwt':
      // A missing secret is left for core to name ("options.clientAuth.clientSecret is required").
      return { method: 'client_secret_jwt', clientSecret: client.clientSecret as string, ...(auth.alg === undefined ? {} : { alg: auth.alg }) };
    default:
      return { method: auth.method, clientSecret: client.clientSecret as string };
  }
}

/**
 * What a client's authentication is, for logs and `check-config`: the method and its `alg`, `kid`
 * and key file when set — never the secret or the key.
 */
export function describeClientAuth(client: ClientConfig): { method: ClientAuthMethod; alg?: string; kid?: string; privateKeyFile?: string } {
  const auth = client.auth ?? { method: 'client_secret_basic' };
  return {
    method: auth.method,
    ...('alg' in auth && auth.alg !== undefined ? { alg: auth.alg } : {}),
    ...(auth.method === 'private_key_jwt' && auth.kid !== undefined ? { kid: auth.kid } : {}),
    ...(auth.method === 'private_key_jwt' && auth.privateKeyFile !== undefined ? { privateKeyFile: auth.privateKeyFile } : {}),
  };
}

/** The `createWebexConfig` options of a configured client (what `startApp` builds, one per client). */
export function webexConfigOptions(client: ClientConfig): WebexConfigOptions {
  return {
    clientId: client.clientId,
    clientAuth: webexClientAuth(client),
    ...(client.discoveryUrl === undefined ? {} : { discoveryUrl: client.discoveryUrl }),
    ...(client.issuers === undefined ? {} : { issuers: client.issuers }),
    ...(client.revocationEndpoint === undefined ? {} : { revocationEndpoint: client.revocationEndpoint }),
    ...(client.allowInsecureRequests ? { allowInsecureRequests: true } : {}),
  };
}

function dropUndefined<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
