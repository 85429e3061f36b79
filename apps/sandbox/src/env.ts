import type { SandboxOptions } from './types.js';

/** The CLI's settings from the environment (the only module that reads `process.env`). */
export interface CliSettings {
  options: SandboxOptions;
}

function int(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new TypeError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

/** Reads `SANDBOX_*` (and `PORT`) variables; see the README for the list. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): CliSettings {
  return {
    options: {
      port: int(env, 'SANDBOX_PORT') ?? int(env, 'PORT') ?? 4000,
      host: env.SANDBOX_HOST || '127.0.0.1',
      accessTokenTtl: int(env, 'SANDBOX_ACCESS_TOKEN_TTL'),
      refreshTokenTtl: int(env, 'SANDBOX_REFRESH_TOKEN_TTL'),
      idTokenTtl: int(env, 'SANDBOX_ID_TOKEN_TTL'),
      deviceCodeTtl: int(env, 'SANDBOX_DEVICE_CODE_TTL'),
      deviceInterval: int(env, 'SANDBOX_DEVICE_INTERVAL'),
      rotateRefreshTokens: bool(env, 'SANDBOX_ROTATE_REFRESH_TOKENS'),
    },
  };
}
