import { ErrorCode, WebexOidcError } from '../errors.js';
import {
  CLIENT_TYPES,
  DEFAULT_REFRESH_AT,
  POLICY_RANGES,
  type ClientType,
  type ClientTypePolicy,
  type TokenPolicy,
  type TokenPolicyInput,
} from './types.js';

const CLIENT_KEYS = ['clientAccess', 'autoExtendRefreshToken', ...(Object.keys(POLICY_RANGES) as Array<keyof typeof POLICY_RANGES>)];

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

function invalid(path: string, message: string): WebexOidcError {
  return new WebexOidcError(ErrorCode.PolicyInvalid, `Token policy ${path} ${message}`, { reason: path });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is one of {@link CLIENT_TYPES}. */
export function isClientType(value: unknown): value is ClientType {
  return typeof value === 'string' && (CLIENT_TYPES as readonly string[]).includes(value);
}

/**
 * Validates a refresh point (fraction of the access token's life) and returns it.
 * @throws {@link WebexOidcError} `policy_invalid` unless it is a number strictly between 0 and 1.
 */
export function validateRefreshAt(value: unknown, path = 'refreshAt'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw invalid(path, `must be a number strictly between 0 and 1 (a fraction of the access token's life, e.g. 0.75); got ${show(value)}.`);
  }
  return value;
}

function validateClientPolicy(type: ClientType, input: unknown): ClientTypePolicy {
  if (input === undefined) return Object.freeze({ clientAccess: true, autoExtendRefreshToken: false });
  if (!isRecord(input)) throw invalid(type, `must be an object; got ${show(input)}.`);
  for (const key of Object.keys(input)) {
    if (!CLIENT_KEYS.includes(key)) {
      throw invalid(`${type}.${key}`, `is not a setting; expected one of ${CLIENT_KEYS.join(', ')}.`);
    }
  }
  const result: ClientTypePolicy = { clientAccess: true, autoExtendRefreshToken: false };
  for (const key of ['clientAccess', 'autoExtendRefreshToken'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw invalid(`${type}.${key}`, `must be true or false; got ${show(value)}.`);
    result[key] = value;
  }
  for (const key of Object.keys(POLICY_RANGES) as Array<keyof typeof POLICY_RANGES>) {
    const value = input[key];
    if (value === undefined) continue;
    const { min, max, unit } = POLICY_RANGES[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(`${type}.${key}`, `must be a whole number from ${min} to ${max} ${unit}; got ${show(value)}. Values out of range are rejected, not clamped.`);
    }
    result[key] = value;
  }
  return Object.freeze(result);
}

/**
 * Validates a token policy and fills in the defaults: client access on, auto-extend off, TTLs
 * and limit the provider's (`undefined`), `refreshAt` 0.75. Ranges (whole numbers, inclusive):
 * refresh-token TTL 24–1440 hours, access-token TTL 360–1080 minutes, max refresh tokens per
 * user per client 10–100; `refreshAt` strictly between 0 and 1.
 *
 * Nothing is clamped: the first value out of range, not a whole number, of the wrong type, or an
 * unknown key (a client type other than mobile/desktop/web, a misspelt setting) throws.
 *
 * @example
 * ```ts
 * const policy = defineTokenPolicy({ web: { accessTokenTtlMinutes: 720, autoExtendRefreshToken: true } });
 * ```
 * @returns A frozen {@link TokenPolicy}.
 * @throws {@link WebexOidcError} `policy_invalid`, whose message names the field path, the value
 *   and the range, and whose `reason` is the field path (e.g. `web.accessTokenTtlMinutes`).
 */
export function defineTokenPolicy(input: TokenPolicyInput = {}): TokenPolicy {
  if (!isRecord(input)) throw invalid('(root)', `must be an object; got ${show(input)}.`);
  for (const key of Object.keys(input)) {
    if (key !== 'refreshAt' && !isClientType(key)) {
      throw invalid(key, `is not a client type; expected ${CLIENT_TYPES.join(', ')} (or refreshAt).`);
    }
  }
  const raw = input as Record<string, unknown>;
  return Object.freeze({
    mobile: validateClientPolicy('mobile', raw.mobile),
    desktop: validateClientPolicy('desktop', raw.desktop),
    web: validateClientPolicy('web', raw.web),
    refreshAt: raw.refreshAt === undefined ? DEFAULT_REFRESH_AT : validateRefreshAt(raw.refreshAt),
  });
}

/**
 * The policy for one client type.
 * @throws {@link WebexOidcError} `policy_invalid` when `clientType` is not mobile, desktop or web
 *   (e.g. a value read back from storage).
 */
export function policyFor(policy: TokenPolicy, clientType: ClientType): Readonly<ClientTypePolicy> {
  if (!isClientType(clientType)) {
    throw new WebexOidcError(
      ErrorCode.PolicyInvalid,
      `Unknown client type ${show(clientType)}; expected ${CLIENT_TYPES.join(', ')}.`,
      { reason: 'clientType' },
    );
  }
  return policy[clientType];
}
