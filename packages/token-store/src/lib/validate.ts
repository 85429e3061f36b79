import type { WebexTokenSet } from '@webex-oidc/core';
import { TokenStoreError, TokenStoreErrorCode, invalidArgument } from './errors.js';
import {
  CLIENT_TYPES,
  PROVIDERS,
  TOKEN_SET_STATUSES,
  type NewTokenSet,
  type TokenSetMetadata,
  type TokenSetPatch,
  type TokenSetStatus,
} from './types.js';

/** The token policy's range for "max refresh tokens per user per client". */
export const POLICY_LIMIT_RANGE: Readonly<{ min: number; max: number }> = Object.freeze({ min: 10, max: 100 });

// Identifiers: printable, no whitespace or control characters, bounded.
const IDENT = /^[\x21-\x7e\u00a0-\uffff]{1,256}$/u;
const ERROR_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

/** @internal A user or client id. */
export function checkIdent(name: string, value: unknown): string {
  if (typeof value !== 'string' || !IDENT.test(value)) {
    throw invalidArgument(name, 'a non-empty string of at most 256 printable characters without spaces');
  }
  return value;
}

function checkTime(name: string, value: unknown, optional: boolean): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(name, 'an integer number of epoch milliseconds');
  }
}

function checkSecret(name: string, value: unknown, optional: boolean): void {
  if (optional && value === undefined) return;
  // Never echo the value: it is a token.
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument(name, 'a non-empty string');
}

/** @internal Check a full token set (what add() stores, or a merged patch). */
export function checkTokens(name: string, tokens: unknown): asserts tokens is WebexTokenSet {
  if (typeof tokens !== 'object' || tokens === null) throw invalidArgument(name, 'a WebexTokenSet object');
  const t = tokens as Record<string, unknown>;
  checkSecret(`${name}.accessToken`, t.accessToken, false);
  checkSecret(`${name}.refreshToken`, t.refreshToken, true);
  checkSecret(`${name}.idToken`, t.idToken, true);
  if (t.tokenType !== 'Bearer') throw invalidArgument(`${name}.tokenType`, '"Bearer"');
  checkTime(`${name}.expiresAt`, t.expiresAt, false);
  checkTime(`${name}.issuedAt`, t.issuedAt, false);
  checkTime(`${name}.refreshExpiresAt`, t.refreshExpiresAt, true);
  if (t.scope !== undefined && (!Array.isArray(t.scope) || !t.scope.every((s) => typeof s === 'string'))) {
    throw invalidArgument(`${name}.scope`, 'an array of strings');
  }
}

/** @internal Check metadata (in a patch, `null` removes a field). */
export function checkMetadata(metadata: unknown, allowNull: boolean): void {
  if (metadata === undefined) return;
  if (typeof metadata !== 'object' || metadata === null) throw invalidArgument('metadata', 'an object');
  const m = metadata as Record<string, unknown>;
  const skip = (v: unknown): boolean => v === undefined || (allowNull && v === null);
  if (!skip(m.lastRefreshAt)) checkTime('metadata.lastRefreshAt', m.lastRefreshAt, false);
  if (!skip(m.refreshCount) && (typeof m.refreshCount !== 'number' || !Number.isSafeInteger(m.refreshCount) || m.refreshCount < 0)) {
    throw invalidArgument('metadata.refreshCount', 'a non-negative integer');
  }
  if (!skip(m.lastError) && (typeof m.lastError !== 'string' || !ERROR_CODE.test(m.lastError))) {
    throw invalidArgument('metadata.lastError', 'an error code (1–100 characters of A–Z a–z 0–9 _ . : -), not a message');
  }
}

/** @internal Check the input of add(). */
export function checkNewTokenSet(input: unknown): asserts input is NewTokenSet {
  if (typeof input !== 'object' || input === null) throw invalidArgument('input', 'an object');
  const i = input as Record<string, unknown>;
  checkIdent('userId', i.userId);
  checkIdent('clientId', i.clientId);
  if (!CLIENT_TYPES.some((c) => c === i.clientType)) throw invalidArgument('clientType', `one of ${CLIENT_TYPES.join(', ')}`);
  if (i.provider !== undefined && !PROVIDERS.some((p) => p === i.provider)) {
    throw invalidArgument('provider', `one of ${PROVIDERS.join(', ')}`);
  }
  checkTokens('tokens', i.tokens);
  checkMetadata(i.metadata, false);
}

/** @internal Check a status value. */
export function checkStatus(status: unknown): asserts status is TokenSetStatus {
  if (!TOKEN_SET_STATUSES.some((s) => s === status)) {
    throw invalidArgument('status', `one of ${TOKEN_SET_STATUSES.join(', ')}`);
  }
}

/** @internal Check a patch for update(). */
export function checkPatch(patch: unknown): asserts patch is TokenSetPatch {
  if (typeof patch !== 'object' || patch === null) throw invalidArgument('patch', 'an object');
  const p = patch as Record<string, unknown>;
  if (p.tokens !== undefined && (typeof p.tokens !== 'object' || p.tokens === null)) {
    throw invalidArgument('patch.tokens', 'an object of WebexTokenSet fields');
  }
  if (p.status !== undefined) checkStatus(p.status);
  checkMetadata(p.metadata as TokenSetMetadata | undefined, true);
}

/** @internal Check an expected version. */
export function checkVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw invalidArgument('expectedVersion', 'the positive integer `version` read from the store');
  }
}

/** @internal Check `maxPerUserClient` against the allowed range; never clamps. */
export function checkLimit(limit: unknown, range: { min: number; max: number }): number {
  if (limit === undefined) {
    throw new TokenStoreError(
      TokenStoreErrorCode.LimitInvalid,
      'No maxPerUserClient: pass it to add() or set it on the store (the token policy allows 10–100).',
    );
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < range.min || limit > range.max) {
    throw new TokenStoreError(
      TokenStoreErrorCode.LimitInvalid,
      `maxPerUserClient must be an integer from ${range.min} to ${range.max} (got ${String(limit)}); it is never clamped.`,
    );
  }
  return limit;
}

/** @internal Check the store's `limitRange` option. */
export function checkLimitRange(range: unknown): { min: number; max: number } {
  const r = (typeof range === 'object' && range !== null ? range : {}) as Record<string, unknown>;
  const { min, max } = r;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new TokenStoreError(TokenStoreErrorCode.LimitInvalid, 'limitRange must be { min, max } with integers 1 ≤ min ≤ max.');
  }
  return { min, max };
}

/** @internal Check a non-negative integer option. */
export function checkCount(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidArgument(name, `an integer ≥ ${min}`);
  }
  return value;
}

const OWNER = /^[\x21-\x7e]{8,128}$/;

/** @internal A lease owner token: 8–128 printable ASCII characters (a random UUID, say). */
export function checkOwner(name: string, owner: unknown): asserts owner is string {
  if (typeof owner !== 'string' || !OWNER.test(owner)) {
    throw invalidArgument(name, 'an owner token of 8–128 printable ASCII characters without spaces (e.g. a random UUID)');
  }
}

/** @internal A lease length: a whole number of milliseconds from 100 ms to 24 h. */
export function checkLeaseMs(leaseMs: unknown): asserts leaseMs is number {
  if (typeof leaseMs !== 'number' || !Number.isSafeInteger(leaseMs) || leaseMs < 100 || leaseMs > 86_400_000) {
    throw invalidArgument('leaseMs', 'a whole number of milliseconds from 100 to 86400000');
  }
}
