/**
 * `startDemo`: the sandbox IdP, the Finesse simulator, Redis, the token worker (in-process, with
 * its operations server and dashboard) and the example Express app, wired together on loopback.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { defineTokenPolicy } from '@webex-oidc/core';
import { createApp, finesseSimulatorDesk } from '@webex-oidc/example-express';
import { startFinesseSimulator, startSandbox, type FinesseSimulator, type Sandbox } from '@webex-oidc/sandbox';
import {
  createLogger,
  DEFAULT_STORE_AUTOPIPELINING,
  startApp,
  type RunningApp,
  type TokenWorkerEvent,
  type WorkerConfig,
} from '@webex-oidc/token-worker';
import { DEFAULT_REDIS_URL } from './env.js';
import { DemoError, DemoErrorCode } from './errors.js';
import { assertPortsFree, closeServer, DEMO_HOST, explainListenError, listen, type PortNeed } from './ports.js';
import { deleteDemoKeys, ensureRedis, type RedisHandle } from './redis.js';

/**
 * The demo's token policy: at most 10 live sessions (refresh tokens) per user per client — the
 * smallest limit Webex allows (Control Hub accepts 10–100) — so an 11th sign-in revokes the oldest.
 */
export const DEMO_SESSION_LIMIT = 10;

/** The Finesse agent the demo signs in (Finesse simulator, UCCE, SSO). */
export const DEMO_FINESSE_AGENT = {
  loginId: '1001',
  loginName: 'jsmith',
  /** The simulator's login-page password (a fixed test value, not a secret of anything real). */
  password: 'password',
  firstName: 'Jane',
  lastName: 'Smith',
  extension: '1001001',
} as const;

/** Ports of the demo's servers; `0` picks a free one. */
export interface DemoPorts {
  /** Example Express app. Default 3000. */
  app: number;
  /** Token worker's operations server (dashboard, `/metrics`, `/healthz`). Default 3100. */
  worker: number;
  /** Sandbox IdP. Default 4000. */
  sandbox: number;
  /** Finesse simulator. Default 4100. */
  finesse: number;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Ports: one number for all (`0`: random free ports, for tests) or per server. Defaults 3000/3100/4000/4100. */
  ports?: number | Partial<DemoPorts> | undefined;
  /** Sandbox access-token lifetime in seconds; the worker refreshes at 75 % of it. Default 60. */
  accessTokenTtl?: number | undefined;
  /** Finesse simulator SSO access-token lifetime in seconds. Default 120. */
  finesseTokenTtl?: number | undefined;
  /** Redis for the token store and the queue. Default `redis://127.0.0.1:6379`. */
  redisUrl?: string | undefined;
  /**
   * Prefix of every Redis key of this demo (`{prefix}…` queue, `{prefix:ts:…}` store); its keys
   * are deleted at start and on close. 1–48 of `A–Z a–z 0–9 _ . -`. Default `wxo-demo`.
   */
  redisPrefix?: string | undefined;
  /** Start a private `redis-server` when nothing answers on a loopback `redisUrl`. Default `true`. */
  startRedis?: boolean | undefined;
  /** The worker's pino level. Default `warn`. */
  logLevel?: string | undefined;
  /** Where progress and worker events go, one line each. Default `console.log`. */
  log?: ((line: string) => void) | undefined;
}

/** The URLs of a running demo. */
export interface DemoUrls {
  /** Example Express app: sign in here. */
  app: string;
  /** The example app's Finesse agent desktop page. */
  finessePage: string;
  /** Token worker dashboard (token sets, next refresh, history). */
  dashboard: string;
  /** The worker's token sets as JSON. */
  tokenSetsApi: string;
  /** The worker's Prometheus metrics. */
  metrics: string;
  /** The worker's health check. */
  health: string;
  /** bull-board (the refresh queue, read-only). */
  queues: string;
  /** Sandbox IdP base URL. */
  sandbox: string;
  /** Sandbox discovery document. */
  discovery: string;
  /** Finesse simulator base URL. */
  finesse: string;
}

/** A running demo. */
export interface Demo {
  readonly urls: DemoUrls;
  readonly sandbox: Sandbox;
  readonly finesse: FinesseSimulator;
  readonly worker: RunningApp;
  readonly redis: RedisHandle;
  /** Stops everything (worker first, so in-flight refreshes finish), deletes the demo's keys, stops a Redis it started. Idempotent. */
  close(): Promise<void>;
}

const PREFIX_PATTERN = /^[A-Za-z0-9_.-]{1,48}$/;

function resolvePorts(ports: DemoOptions['ports']): DemoPorts {
  const defaults: DemoPorts = { app: 3000, worker: 3100, sandbox: 4000, finesse: 4100 };
  if (typeof ports === 'number') return { app: ports, worker: ports, sandbox: ports, finesse: ports };
  return { ...defaults, ...ports };
}

function portNeeds(ports: DemoPorts): Record<keyof DemoPorts, PortNeed> {
  return {
    app: { what: 'example app', port: ports.app, envVar: 'DEMO_APP_PORT' },
    worker: { what: 'token worker dashboard', port: ports.worker, envVar: 'DEMO_WORKER_PORT' },
    sandbox: { what: 'sandbox IdP', port: ports.sandbox, envVar: 'DEMO_SANDBOX_PORT' },
    finesse: { what: 'Finesse simulator', port: ports.finesse, envVar: 'DEMO_FINESSE_PORT' },
  };
}

function describeEvent(event: TokenWorkerEvent, sandbox: Sandbox): string {
  const who = sandbox.users.find((user) => user.id === event.userId)?.email ?? event.userId;
  const time = new Date(event.at).toLocaleTimeString();
  const expires = event.expiresAt === undefined ? '' : `, access token now valid until ${new Date(event.expiresAt).toLocaleTimeString()}`;
  const reason = event.reason === undefined ? '' : ` (${event.reason})`;
  return `[worker ${time}] ${event.type}${reason}: ${who}'s token set ${event.tokenSetId.slice(-8)}${event.type === 'refreshed' ? expires : ''}`;
}

/**
 * Starts the demo on 127.0.0.1 and resolves once every server listens. Order: port check, Redis,
 * sandbox IdP, Finesse simulator, token worker, example app; on failure whatever started is
 * stopped again before the error is thrown.
 * @throws {@link DemoError} `port_in_use`, `redis_unavailable` or `config_invalid`.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const prefix = options.redisPrefix ?? 'wxo-demo';
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new DemoError(DemoErrorCode.ConfigInvalid, `redisPrefix "${prefix}" must be 1–48 of A–Z a–z 0–9 _ . - (it names every Redis key of the demo).`);
  }
  const accessTokenTtl = options.accessTokenTtl ?? 60;
  const needs = portNeeds(resolvePorts(options.ports));
  await assertPortsFree(Object.values(needs));

  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => log(`demo: while stopping: ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  try {
    const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
    const redis =
      options.startRedis === false ? { url: redisUrl, started: false, stop: async () => undefined } : await ensureRedis(redisUrl, log);
    cleanups.push(() => redis.stop());
    await deleteDemoKeys(redis.url, prefix).catch((err: unknown) => {
      throw new DemoError(DemoErrorCode.RedisUnavailable, `Redis at ${redis.url} did not accept commands: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    cleanups.push(async () => {
      await deleteDemoKeys(redis.url, prefix);
    });

    const sandbox = await startSandbox({ host: DEMO_HOST, port: needs.sandbox.port, accessTokenTtl, quiet: true }).catch((err: unknown) => {
      throw explainListenError(err, needs.sandbox);
    });
    cleanups.push(() => sandbox.close());

    const finesse = await startFinesseSimulator({
      host: DEMO_HOST,
      port: needs.finesse.port,
      agents: [
        {
          loginId: DEMO_FINESSE_AGENT.loginId,
          loginName: DEMO_FINESSE_AGENT.loginName,
          password: DEMO_FINESSE_AGENT.password,
          firstName: DEMO_FINESSE_AGENT.firstName,
          lastName: DEMO_FINESSE_AGENT.lastName,
        },
      ],
      reasonCodes: [
        { id: 1, category: 'NOT_READY', code: '12', label: 'Lunch' },
        { id: 2, category: 'NOT_READY', code: '13', label: 'Break' },
        { id: 3, category: 'LOGOUT', code: '20', label: 'End of shift' },
      ],
      accessTokenTtlSeconds: options.finesseTokenTtl ?? 120,
    }).catch((err: unknown) => {
      throw explainListenError(err, needs.finesse);
    });
    cleanups.push(() => finesse.close());

    const client = sandbox.client;
    const config: WorkerConfig = {
      redis: { kind: 'url', url: redis.url },
      queue: { prefix: `{${prefix}}`, name: 'token-refresh', concurrency: 10 },
      // A fresh key per run: the sets die with the in-memory sandbox anyway.
      store: {
        keyPrefix: `${prefix}:ts`,
        keyring: { current: 'demo', keys: { demo: randomBytes(32).toString('base64') } },
        autoPipelining: DEFAULT_STORE_AUTOPIPELINING,
      },
      clients: [
        {
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          discoveryUrl: sandbox.discoveryUrl,
          issuers: [sandbox.issuer],
          revocationEndpoint: sandbox.revocationUrl,
          allowInsecureRequests: true,
        },
      ],
      policy: defineTokenPolicy({ web: { maxRefreshTokensPerUser: DEMO_SESSION_LIMIT } }),
      timing: {},
      retry: {},
      reconcileIntervalMs: 60_000,
      events: { channel: undefined },
      http: { port: needs.worker.port, host: DEMO_HOST, dashboard: true },
      logLevel: options.logLevel ?? 'warn',
    };
    const worker = await startApp(config, { logger: createLogger({ level: config.logLevel }) }).catch((err: unknown) => {
      throw explainListenError(err, needs.worker);
    });
    cleanups.push(() => worker.stop());
    const unsubscribe = worker.worker.subscribe((event) => log(describeEvent(event, sandbox)));
    cleanups.push(async () => unsubscribe());
    const workerUrl = `http://${DEMO_HOST}:${worker.http.port}`;

    // Listen first (port 0 → the real port), then build the app whose redirect URI names it.
    const server = createServer();
    const appPort = await listen(server, needs.app);
    cleanups.push(() => closeServer(server));
    const appUrl = `http://${DEMO_HOST}:${appPort}`;
    const app = createApp({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: `${appUrl}/callback`,
      discoveryUrl: sandbox.discoveryUrl,
      issuers: [sandbox.issuer],
      allowInsecure: true,
      // The worker's limit-enforcing insert: policy caps, at most 10 sets per user, schedules the refresh.
      tokenStore: { save: (input) => worker.worker.addTokenSet(input) },
      // "Your sessions": the user's live sets straight from the store (newest first), and the policy's limit.
      sessions: { list: (userId) => worker.store.listByUser(userId, client.clientId), limit: DEMO_SESSION_LIMIT },
      dashboardUrl: `${workerUrl}/`,
      // The agent desk at /finesse, on the simulator: SSO finished headlessly, plus "Simulate incoming call".
      finesse: finesseSimulatorDesk(finesse.url, {
        username: DEMO_FINESSE_AGENT.loginName,
        password: DEMO_FINESSE_AGENT.password,
        extension: DEMO_FINESSE_AGENT.extension,
      }),
      onError: (err) => log(`example app: request failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`),
    });
    server.on('request', app);

    let closing: Promise<void> | undefined;
    return {
      urls: {
        app: `${appUrl}/`,
        finessePage: `${appUrl}/finesse`,
        dashboard: `${workerUrl}/`,
        tokenSetsApi: `${workerUrl}/api/token-sets`,
        metrics: `${workerUrl}/metrics`,
        health: `${workerUrl}/healthz`,
        queues: `${workerUrl}/admin/queues`,
        sandbox: sandbox.url,
        discovery: sandbox.discoveryUrl,
        finesse: finesse.url,
      },
      sandbox,
      finesse,
      worker,
      redis,
      close: () => (closing ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
