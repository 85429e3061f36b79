export { RedisTokenStore } from './lib/redis-token-store.js';
export type { RedisTokenStoreOptions, ReencryptOptions, ReencryptReport, StoreErrorContext } from './lib/options.js';
export { TokenStoreError, TokenStoreErrorCode, isTokenStoreError } from './lib/errors.js';
export type { TokenStoreErrorOptions } from './lib/errors.js';
export type { Keyring, KeyMaterial } from './lib/keyring.js';
export { DEFAULT_KEY_PREFIX } from './lib/keys.js';
export { POLICY_LIMIT_RANGE } from './lib/validate.js';
export type { RedisConnection } from './lib/scripts.js';
export { CLIENT_TYPES, PROVIDERS, TOKEN_SET_STATUSES } from './lib/types.js';
export type {
  AddOptions,
  AddResult,
  ClientType,
  EvictionError,
  LeaseResult,
  ListOptions,
  NewTokenSet,
  ScanOptions,
  StatusCounts,
  StoredTokenSet,
  TokenProvider,
  TokenSetMetadata,
  TokenSetPage,
  TokenSetPatch,
  TokenSetStatus,
  TokenSetSummary,
  TokenStore,
  UpdateOptions,
} from './lib/types.js';
