/**
 * The one place this app reads `process.env`.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `DEMO_APP_PORT` | `3000` | example Express app |
 * | `DEMO_WORKER_PORT` | `3100` | token worker's operations server (dashboard, metrics, health) |
 * | `DEMO_SANDBOX_PORT` | `4000` | sandbox IdP |
 * | `DEMO_FINESSE_PORT` | `4100` | Finesse simulator |
 * | `DEMO_ACCESS_TOKEN_TTL` | `60` | sandbox access-token lifetime, seconds (refresh at 75 %) |
 * | `DEMO_FINESSE_TOKEN_TTL` | `120` | Finesse simulator SSO access-token lifetime, seconds |
 * | `DEMO_LOG_LEVEL` | `warn` | the worker's pino level (`info` shows every refresh as JSON) |
 * | `REDIS_URL` | `redis://127.0.0.1:6379` | Redis for the token store and the queue |
 * | `CHROMIUM_PATH` | `/usr/bin/chromium` | the browser the e2e test drives (tests only) |
 */
import { DemoError, DemoErrorCode } from './errors.js';

/** What the demo takes from the environment. */
export interface DemoEnv {
  ports: { app: number; worker: number; sandbox: number; finesse: number };
  accessTokenTtl: number;
  finesseTokenTtl: number;
  logLevel: string;
  redisUrl: string;
  chromiumPath: string;
}

/** Default Redis when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Default browser for the e2e test: Debian's `chromium` package. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DemoError(DemoErrorCode.ConfigInvalid, `${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return value;
}

/** Reads and checks the environment; throws a `config_invalid` {@link DemoError} naming the bad variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): DemoEnv {
  const port = (name: string, fallback: number) => integer(env, name, fallback, 0, 65_535);
  return {
    ports: {
      app: port('DEMO_APP_PORT', 3000),
      worker: port('DEMO_WORKER_PORT', 3100),
      sandbox: port('DEMO_SANDBOX_PORT', 4000),
      finesse: port('DEMO_FINESSE_PORT', 4100),
    },
    accessTokenTtl: integer(env, 'DEMO_ACCESS_TOKEN_TTL', 60, 2, 86_400),
    finesseTokenTtl: integer(env, 'DEMO_FINESSE_TOKEN_TTL', 120, 2, 86_400),
    logLevel: nonEmpty(env['DEMO_LOG_LEVEL']) ?? 'warn',
    redisUrl: nonEmpty(env['REDIS_URL']) ?? DEFAULT_REDIS_URL,
    chromiumPath: nonEmpty(env['CHROMIUM_PATH']) ?? DEFAULT_CHROMIUM_PATH,
  };
}
