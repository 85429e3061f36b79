import type { WebexTokenSet } from '@webex-oidc/core';
import { TokenStoreError, TokenStoreErrorCode } from './errors.js';
import type { SecretTokens } from './cipher.js';
import {
  CLIENT_TYPES,
  PROVIDERS,
  TOKEN_SET_STATUSES,
  type ClientType,
  type TokenProvider,
  type TokenSetMetadata,
  type TokenSetStatus,
  type TokenSetSummary,
} from './types.js';

/**
 * A set is one Redis hash. Every field is plaintext except `ciphertext` (the access, refresh and
 * ID tokens, AES-256-GCM). Field names are part of the stored format.
 */
export const FIELDS = {
  id: 'id',
  userId: 'userId',
  clientId: 'clientId',
  clientType: 'clientType',
  provider: 'provider',
  status: 'status',
  version: 'version',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  keyId: 'keyId',
  ciphertext: 'ciphertext',
  expiresAt: 'expiresAt',
  issuedAt: 'issuedAt',
  refreshExpiresAt: 'refreshExpiresAt',
  scope: 'scope',
  hasRefreshToken: 'hasRefreshToken',
  hasIdToken: 'hasIdToken',
  lastRefreshAt: 'lastRefreshAt',
  refreshCount: 'refreshCount',
  lastError: 'lastError',
} as const;

/** @internal Field/value pairs for the non-secret token fields (`undefined` = delete the field). */
export function tokenFields(tokens: WebexTokenSet): Array<[string, string | undefined]> {
  return [
    [FIELDS.expiresAt, String(tokens.expiresAt)],
    [FIELDS.issuedAt, String(tokens.issuedAt)],
    [FIELDS.refreshExpiresAt, tokens.refreshExpiresAt === undefined ? undefined : String(tokens.refreshExpiresAt)],
    [FIELDS.scope, tokens.scope === undefined ? undefined : JSON.stringify(tokens.scope)],
    [FIELDS.hasRefreshToken, tokens.refreshToken === undefined ? '0' : '1'],
    [FIELDS.hasIdToken, tokens.idToken === undefined ? '0' : '1'],
  ];
}

/** @internal Field/value pairs for metadata (`null`/`undefined` in a patch = delete the field). */
export function metadataFields(
  metadata: { [K in keyof TokenSetMetadata]?: TokenSetMetadata[K] | null },
): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const name of ['lastRefreshAt', 'refreshCount', 'lastError'] as const) {
    if (!(name in metadata)) continue;
    const value = metadata[name];
    out.push([FIELDS[name], value === null || value === undefined ? undefined : String(value)]);
  }
  return out;
}

function corrupt(id: string, field: string): TokenStoreError {
  return new TokenStoreError(
    TokenStoreErrorCode.RecordCorrupt,
    `Token set ${id} has a malformed "${field}" field: it was not written by this store version. Remove it and have the user sign in again.`,
    { tokenSetId: id },
  );
}

function oneOf<T extends string>(hash: Record<string, string>, field: string, allowed: readonly T[], id: string): T {
  const value = hash[field];
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw corrupt(id, field);
  return found;
}

function int(hash: Record<string, string>, field: string, id: string): number {
  const value = optionalInt(hash, field, id);
  if (value === undefined) throw corrupt(id, field);
  return value;
}

function optionalInt(hash: Record<string, string>, field: string, id: string): number | undefined {
  const text = hash[field];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw corrupt(id, field);
  return value;
}

function text(hash: Record<string, string>, field: string, id: string): string {
  const value = hash[field];
  if (value === undefined || value === '') throw corrupt(id, field);
  return value;
}

function parseScope(hash: Record<string, string>, id: string): string[] | undefined {
  const raw = hash[FIELDS.scope];
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw corrupt(id, FIELDS.scope);
  }
  if (!Array.isArray(parsed) || !parsed.every((s): s is string => typeof s === 'string')) {
    throw corrupt(id, FIELDS.scope);
  }
  return parsed;
}

/** @internal Parse a record hash (HGETALL) into a summary; `record_corrupt` when malformed. */
export function parseSummary(hash: Record<string, string>): TokenSetSummary {
  const id = hash[FIELDS.id] ?? '(unknown id)';
  const metadata: TokenSetMetadata = {};
  const lastRefreshAt = optionalInt(hash, FIELDS.lastRefreshAt, id);
  const refreshCount = optionalInt(hash, FIELDS.refreshCount, id);
  if (lastRefreshAt !== undefined) metadata.lastRefreshAt = lastRefreshAt;
  if (refreshCount !== undefined) metadata.refreshCount = refreshCount;
  if (hash[FIELDS.lastError] !== undefined) metadata.lastError = hash[FIELDS.lastError];
  return {
    id: text(hash, FIELDS.id, id),
    userId: text(hash, FIELDS.userId, id),
    clientId: text(hash, FIELDS.clientId, id),
    clientType: oneOf<ClientType>(hash, FIELDS.clientType, CLIENT_TYPES, id),
    provider: oneOf<TokenProvider>(hash, FIELDS.provider, PROVIDERS, id),
    status: oneOf<TokenSetStatus>(hash, FIELDS.status, TOKEN_SET_STATUSES, id),
    version: int(hash, FIELDS.version, id),
    createdAt: int(hash, FIELDS.createdAt, id),
    updatedAt: int(hash, FIELDS.updatedAt, id),
    expiresAt: int(hash, FIELDS.expiresAt, id),
    issuedAt: int(hash, FIELDS.issuedAt, id),
    refreshExpiresAt: optionalInt(hash, FIELDS.refreshExpiresAt, id),
    scope: parseScope(hash, id),
    hasRefreshToken: hash[FIELDS.hasRefreshToken] === '1',
    hasIdToken: hash[FIELDS.hasIdToken] === '1',
    keyId: text(hash, FIELDS.keyId, id),
    metadata,
  };
}

/**
 * @internal The record fields of a summary (every field but `ciphertext`): the inverse of
 * {@link parseSummary}, so that `parseSummary(summaryToHash(s))` equals `s`.
 */
export function summaryToHash(summary: TokenSetSummary): Record<string, string> {
  const hash: Record<string, string> = {
    [FIELDS.id]: summary.id,
    [FIELDS.userId]: summary.userId,
    [FIELDS.clientId]: summary.clientId,
    [FIELDS.clientType]: summary.clientType,
    [FIELDS.provider]: summary.provider,
    [FIELDS.status]: summary.status,
    [FIELDS.version]: String(summary.version),
    [FIELDS.createdAt]: String(summary.createdAt),
    [FIELDS.updatedAt]: String(summary.updatedAt),
    [FIELDS.keyId]: summary.keyId,
    [FIELDS.expiresAt]: String(summary.expiresAt),
    [FIELDS.issuedAt]: String(summary.issuedAt),
    [FIELDS.hasRefreshToken]: summary.hasRefreshToken ? '1' : '0',
    [FIELDS.hasIdToken]: summary.hasIdToken ? '1' : '0',
  };
  if (summary.refreshExpiresAt !== undefined) hash[FIELDS.refreshExpiresAt] = String(summary.refreshExpiresAt);
  if (summary.scope !== undefined) hash[FIELDS.scope] = JSON.stringify(summary.scope);
  for (const [field, value] of metadataFields(summary.metadata)) {
    if (value !== undefined) hash[field] = value;
  }
  return hash;
}

/** @internal Rebuild the full token set from a summary and its decrypted secrets. */
export function joinTokens(summary: TokenSetSummary, secret: SecretTokens): WebexTokenSet {
  const tokens: WebexTokenSet = {
    accessToken: secret.accessToken,
    tokenType: 'Bearer',
    expiresAt: summary.expiresAt,
    issuedAt: summary.issuedAt,
  };
  if (secret.refreshToken !== undefined) tokens.refreshToken = secret.refreshToken;
  if (summary.refreshExpiresAt !== undefined) tokens.refreshExpiresAt = summary.refreshExpiresAt;
  if (secret.idToken !== undefined) tokens.idToken = secret.idToken;
  if (summary.scope !== undefined) tokens.scope = summary.scope;
  return tokens;
}

/** @internal Turn a flat `[field, value, field, value…]` reply into an object. */
export function pairsToHash(flat: unknown): Record<string, string> {
  const hash: Record<string, string> = {};
  if (!Array.isArray(flat)) return hash;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field: unknown = flat[i];
    const value: unknown = flat[i + 1];
    if (typeof field === 'string' && typeof value === 'string') hash[field] = value;
  }
  return hash;
}
