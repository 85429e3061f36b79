import type { WebexTokenSet } from '@webex-oidc/core';
import { decryptTokens, encryptTokens, type RecordIdentity } from './cipher.js';
import { TokenStoreError, TokenStoreErrorCode, invalidArgument } from './errors.js';
import { resolveKeyring, type ResolvedKeyring } from './keyring.js';
import { DEFAULT_KEY_PREFIX, KeyLayout, checkPrefix, newId, userSlot } from './keys.js';
import type { RedisTokenStoreOptions, ReencryptOptions, ReencryptReport, StoreErrorContext } from './options.js';
import { FIELDS, joinTokens, metadataFields, pairsToHash, parseSummary, summaryToHash, tokenFields } from './record.js';
import { reencryptAll } from './reencrypt.js';
import { interpretUpdate, notFound, redisCall, setRevoked, toStoreError, versionConflict } from './replies.js';
import { scanAll, scanKeys } from './scan.js';
import { Scripts, type RedisConnection } from './scripts.js';
import type {
  AddOptions, AddResult, EvictionError, ListOptions, NewTokenSet, ScanOptions, StatusCounts,
  LeaseResult, StoredTokenSet, TokenSetPage, TokenSetPatch, TokenSetStatus, TokenSetSummary, TokenStore, UpdateOptions,
} from './types.js';
import {
  POLICY_LIMIT_RANGE, checkCount, checkIdent, checkLeaseMs, checkLimit, checkLimitRange, checkNewTokenSet, checkOwner, checkPatch,
  checkStatus, checkTokens, checkVersion,
} from './validate.js';

const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

type Pairs = Array<[string, string | undefined]>;

/**
 * The Redis (ioredis) {@link TokenStore}: tokens encrypted with AES-256-GCM under a rotating
 * keyring, a per user+client index, the refresh-token limit enforced atomically in Lua, and
 * compare-and-set writes. See the package README for the key layout.
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: RedisConnection;
  readonly #scripts: Scripts;
  readonly #keyring: ResolvedKeyring;
  readonly #layout: KeyLayout;
  readonly #limitRange: { min: number; max: number };
  readonly #defaultLimit: number | undefined;
  readonly #retentionMs: number;
  readonly #revoke: RedisTokenStoreOptions['revoke'];
  readonly #onError: RedisTokenStoreOptions['onError'];
  readonly #now: () => number;

  /** Validates every option (throws `keyring_invalid`, `limit_invalid` or `invalid_argument`). */
  constructor(options: RedisTokenStoreOptions) {
    if (typeof options !== 'object' || options === null || typeof options.redis !== 'object' || options.redis === null) {
      throw invalidArgument('options.redis', 'an ioredis connection');
    }
    this.#keyring = resolveKeyring(options.keyring);
    this.#layout = new KeyLayout(checkPrefix(options.keyPrefix ?? DEFAULT_KEY_PREFIX));
    this.#limitRange = checkLimitRange(options.limitRange ?? POLICY_LIMIT_RANGE);
    this.#defaultLimit = options.maxPerUserClient === undefined ? undefined : checkLimit(options.maxPerUserClient, this.#limitRange);
    this.#retentionMs = checkCount('revokedRetentionMs', options.revokedRetentionMs, DEFAULT_RETENTION_MS);
    this.#revoke = options.revoke;
    this.#onError = options.onError;
    this.#now = options.now ?? Date.now;
    this.#redis = options.redis;
    this.#scripts = new Scripts(options.redis);
  }

  /** The key prefix in use. */
  get keyPrefix(): string {
    return this.#layout.prefix;
  }

  /** {@inheritDoc TokenStore.add} */
  async add(input: NewTokenSet, options: AddOptions = {}): Promise<AddResult> {
    checkNewTokenSet(input);
    const limit = checkLimit(options.maxPerUserClient ?? this.#defaultLimit, this.#limitRange);
    const provider = input.provider ?? 'webex';
    const now = this.#now();
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = newId(input.userId);
      const identity: RecordIdentity = { id, userId: input.userId, clientId: input.clientId, provider };
      const sealed = encryptTokens(input.tokens, identity, this.#keyring);
      const pairs: Pairs = [
        [FIELDS.id, id], [FIELDS.userId, input.userId], [FIELDS.clientId, input.clientId],
        [FIELDS.clientType, input.clientType], [FIELDS.provider, provider],
        [FIELDS.keyId, sealed.keyId], [FIELDS.ciphertext, sealed.ciphertext],
        ...tokenFields(input.tokens), ...metadataFields(input.metadata ?? {}),
      ];
      const flat = pairs.flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
      const reply = await redisCall('adding a token set', () =>
        this.#scripts.run('add', [this.#layout.record(id), this.#layout.clientIndex(input.userId, input.clientId), this.#layout.userIndex(input.userId)],
          [id, input.tokens.issuedAt, limit, now, this.#retentionMs, this.#layout.userBase(userSlot(input.userId)), ...flat]),
      );
      if (reply === -1) continue; // 128-bit id collision: practically never; try a new id.
      const hash = pairsToHash([...flat, FIELDS.status, 'active', FIELDS.version, '1', FIELDS.createdAt, String(now), FIELDS.updatedAt, String(now)]);
      const set: StoredTokenSet = { ...parseSummary(hash), tokens: { ...input.tokens } };
      const { evicted, evictionErrors } = await this.#handleEvicted(Array.isArray(reply) ? reply : []);
      return { set, evicted, evictionErrors };
    }
    throw new TokenStoreError(TokenStoreErrorCode.RedisError, 'Could not allocate a unique token-set id; check the random source and retry.');
  }

  async #handleEvicted(replies: unknown[]): Promise<{ evicted: StoredTokenSet[]; evictionErrors: EvictionError[] }> {
    const evicted: StoredTokenSet[] = [];
    const evictionErrors: EvictionError[] = [];
    for (const reply of replies) {
      const hash = pairsToHash(reply);
      const summary = parseSummary(hash);
      try {
        evicted.push(this.#decrypt(summary, hash));
      } catch (error) {
        evictionErrors.push({ set: summary, stage: 'decrypt', error });
        this.#report(error, { operation: 'decrypt', tokenSetId: summary.id });
      }
    }
    const revoke = this.#revoke;
    if (revoke !== undefined) {
      const outcomes = await Promise.allSettled(evicted.map((set) => revoke(set)));
      outcomes.forEach((outcome, i) => {
        const set = evicted[i];
        if (outcome.status === 'fulfilled' || set === undefined) return;
        const { tokens: _tokens, ...summary } = set;
        evictionErrors.push({ set: summary, stage: 'revoke', error: outcome.reason });
        this.#report(outcome.reason, { operation: 'revoke', tokenSetId: set.id });
      });
    }
    return { evicted, evictionErrors };
  }

  #report(error: unknown, context: StoreErrorContext): void {
    try {
      this.#onError?.(error, context);
    } catch {
      // A failing error listener must not turn a successful write into a failure.
    }
  }

  #decrypt(summary: TokenSetSummary, hash: Record<string, string>): StoredTokenSet {
    const identity = { id: summary.id, userId: summary.userId, clientId: summary.clientId, provider: summary.provider };
    const secret = decryptTokens(summary.keyId, hash[FIELDS.ciphertext] ?? '', identity, this.#keyring);
    return { ...summary, tokens: joinTokens(summary, secret) };
  }

  async #read(id: string): Promise<Record<string, string> | undefined> {
    const key = this.#layout.record(id);
    const hash = await redisCall(`reading token set ${id}`, () => this.#redis.hgetall(key));
    return Object.keys(hash).length === 0 ? undefined : hash;
  }

  /** {@inheritDoc TokenStore.get} */
  async get(id: string): Promise<StoredTokenSet | undefined> {
    const hash = await this.#read(id);
    return hash === undefined ? undefined : this.#open(id, hash);
  }

  /** Parses and decrypts the record read for `id`. */
  #open(id: string, hash: Record<string, string>): StoredTokenSet {
    const summary = parseSummary(hash);
    if (summary.id !== id) throw new TokenStoreError(TokenStoreErrorCode.RecordCorrupt, `Token set ${id} holds another set's record; remove it.`, { tokenSetId: id });
    return this.#decrypt(summary, hash);
  }

  /** {@inheritDoc TokenStore.lease} */
  async lease(id: string, owner: string, leaseMs: number): Promise<LeaseResult> {
    checkOwner('owner', owner);
    checkLeaseMs(leaseMs);
    const reply = await redisCall(`leasing token set ${id}`, () => this.#scripts.run('lease', [this.#layout.lease(id), this.#layout.record(id)], [owner, leaseMs]));
    const [status, payload] = Array.isArray(reply) ? (reply as unknown[]) : [];
    if (status === 'held' || status === 'not_found') return { status };
    if (status !== 'acquired') throw toStoreError(new Error('unexpected reply from lease-2.lua'), `leasing token set ${id}`);
    try {
      return { status, set: this.#open(id, pairsToHash(payload)) };
    } catch (error) {
      // A record that cannot be read must not stay locked until the lease runs out.
      await this.releaseLease(id, owner).catch(() => false);
      throw error;
    }
  }

  /** {@inheritDoc TokenStore.renewLease} */
  async renewLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    checkOwner('owner', owner);
    checkLeaseMs(leaseMs);
    return (await redisCall(`renewing the lease of token set ${id}`, () => this.#scripts.run('renew', [this.#layout.lease(id)], [owner, leaseMs]))) === 1;
  }

  /** {@inheritDoc TokenStore.releaseLease} */
  async releaseLease(id: string, owner: string): Promise<boolean> {
    checkOwner('owner', owner);
    return (await redisCall(`releasing the lease of token set ${id}`, () => this.#scripts.run('release', [this.#layout.lease(id)], [owner]))) === 1;
  }

  /** {@inheritDoc TokenStore.update} */
  async update(id: string, expectedVersion: number, patch: TokenSetPatch, options: UpdateOptions = {}): Promise<TokenSetSummary> {
    checkVersion(expectedVersion);
    checkPatch(patch);
    const { base, releaseLease } = options;
    if (releaseLease !== undefined) checkOwner('options.releaseLease', releaseLease);
    if (base !== undefined && (base.id !== id || base.version !== expectedVersion)) {
      throw invalidArgument('options.base', `the set ${id} as read at version ${expectedVersion}`);
    }
    // With `base` (the caller's own `get` at this version) there is nothing to read or decrypt:
    // the script still compares the version in Redis, so a stale base can never win.
    const hash = base === undefined ? await this.#read(id) : undefined;
    if (base === undefined && hash === undefined) throw notFound(id);
    const summary = base ?? parseSummary(hash ?? {});
    if (summary.version !== expectedVersion) throw versionConflict(id, expectedVersion, summary.version);
    if (summary.status === 'revoked' && !(patch.status === 'revoked' && patch.tokens === undefined && patch.metadata === undefined)) {
      throw setRevoked(id);
    }
    const pairs: Pairs = [...metadataFields(patch.metadata ?? {})];
    if (patch.tokens !== undefined) {
      const merged: WebexTokenSet = { ...(base?.tokens ?? this.#decrypt(summary, hash ?? {}).tokens) };
      for (const [name, value] of Object.entries(patch.tokens)) {
        if (value !== undefined) Reflect.set(merged, name, value);
      }
      checkTokens('patch.tokens', merged);
      const sealed = encryptTokens(merged, summary, this.#keyring);
      pairs.push([FIELDS.keyId, sealed.keyId], [FIELDS.ciphertext, sealed.ciphertext], ...tokenFields(merged));
    }
    // With `base` and no status change the caller already holds the record as it is at the
    // expected version, so the script answers with the new version and key id only and the
    // summary is rebuilt here (no HGETALL to convert in Lua, send and parse).
    const brief = base !== undefined && patch.status === undefined;
    return this.#write(summary, String(expectedVersion), patch.status, pairs, { releaseLease, brief });
  }

  async #write(
    summary: TokenSetSummary,
    expected: string,
    status: TokenSetStatus | undefined,
    pairs: Pairs,
    options: { releaseLease?: string | undefined; brief?: boolean } = {},
  ): Promise<TokenSetSummary> {
    const sets: string[] = [];
    const deletes: string[] = [];
    for (const [field, value] of pairs) {
      if (value === undefined) deletes.push(field);
      else sets.push(field, value);
    }
    const k = this.#layout.writeKeys(summary.id, summary.clientId);
    const keys = [k.record, k.clientIndex, k.userIndex, k.lease];
    const now = this.#now();
    const reply = await redisCall(`writing token set ${summary.id}`, () =>
      this.#scripts.run('update', keys, [expected, now, this.#retentionMs, status ?? '', options.releaseLease ?? '', options.brief ? 'brief' : 'full', sets.length / 2, ...sets, ...deletes]),
    );
    if (!options.brief || !Array.isArray(reply) || reply[0] !== 'done') {
      return interpretUpdate(reply, summary.id, expected === '' ? undefined : Number(expected));
    }
    const [, version, keyId] = reply as unknown[];
    const hash = summaryToHash(summary);
    for (let i = 0; i < sets.length; i += 2) hash[sets[i] as string] = sets[i + 1] as string;
    for (const field of deletes) Reflect.deleteProperty(hash, field);
    hash[FIELDS.version] = String(version);
    hash[FIELDS.updatedAt] = String(now);
    hash[FIELDS.keyId] = String(keyId);
    Reflect.deleteProperty(hash, FIELDS.ciphertext);
    return parseSummary(hash);
  }

  /** {@inheritDoc TokenStore.setStatus} */
  async setStatus(id: string, status: TokenSetStatus, expectedVersion?: number): Promise<TokenSetSummary> {
    checkStatus(status);
    if (expectedVersion !== undefined) checkVersion(expectedVersion);
    const hash = await this.#read(id);
    if (hash === undefined) throw notFound(id);
    return this.#write(parseSummary(hash), expectedVersion === undefined ? '' : String(expectedVersion), status, []);
  }

  /** {@inheritDoc TokenStore.remove} */
  async remove(id: string): Promise<boolean> {
    const key = this.#layout.record(id);
    const [userId, clientId] = await redisCall(`reading token set ${id}`, () => this.#redis.hmget(key, FIELDS.userId, FIELDS.clientId));
    if (userId === null || userId === undefined || clientId === null || clientId === undefined) return false;
    const reply = await redisCall(`removing token set ${id}`, () =>
      this.#scripts.run('remove', [key, this.#layout.clientIndex(userId, clientId), this.#layout.userIndex(userId)], [id]),
    );
    return reply === 1;
  }

  /** {@inheritDoc TokenStore.listByUser} */
  async listByUser(userId: string, clientId?: string, page: ListOptions = {}): Promise<TokenSetSummary[]> {
    checkIdent('userId', userId);
    if (clientId !== undefined) checkIdent('clientId', clientId);
    const offset = checkCount('offset', page.offset, 0);
    const limit = checkCount('limit', page.limit, 100, 1);
    const index = clientId === undefined ? this.#layout.userIndex(userId) : this.#layout.clientIndex(userId, clientId);
    const ids = await redisCall('listing token sets', () => this.#redis.zrange(index, offset, offset + limit - 1, 'REV'));
    return this.#summaries(ids.map((id) => this.#layout.record(id)));
  }

  async #summaries(keys: string[]): Promise<TokenSetSummary[]> {
    const hashes = await redisCall('reading token sets', () => Promise.all(keys.map((key) => this.#redis.hgetall(key))));
    const out: TokenSetSummary[] = [];
    for (const hash of hashes) {
      if (Object.keys(hash).length === 0) continue; // removed or expired meanwhile
      try {
        out.push(parseSummary(hash));
      } catch (error) {
        this.#report(error, { operation: 'scan', tokenSetId: hash[FIELDS.id] });
      }
    }
    return out;
  }

  /** {@inheritDoc TokenStore.scan} */
  async scan(options: ScanOptions = {}): Promise<TokenSetPage> {
    const count = checkCount('count', options.count, 100, 1);
    if (options.status !== undefined) checkStatus(options.status);
    const page = await redisCall('scanning token sets', () => scanKeys(this.#redis, this.#layout.recordPattern(), options.cursor, count));
    const items = await this.#summaries(page.keys);
    return { items: options.status === undefined ? items : items.filter((s) => s.status === options.status), cursor: page.cursor };
  }

  /** {@inheritDoc TokenStore.countByStatus} (O(number of sets): a full SCAN.) */
  async countByStatus(): Promise<StatusCounts> {
    const counts: StatusCounts = { active: 0, reauth_required: 0, revoked: 0, total: 0 };
    for await (const keys of scanAll(this.#redis, this.#layout.recordPattern(), 500)) {
      const statuses = await redisCall('counting token sets', () => Promise.all(keys.map((key) => this.#redis.hget(key, FIELDS.status))));
      for (const status of statuses) {
        if (status === 'active' || status === 'reauth_required' || status === 'revoked') {
          counts[status]++;
          counts.total++;
        }
      }
    }
    return counts;
  }

  /**
   * Move every record to the keyring's current key (SCAN-based, batched, compare-and-set on
   * version and key id, so concurrent writers always win). Run it after making a new key
   * `current`; drop the old key only once a run reports no failures.
   */
  reencrypt(options: ReencryptOptions = {}): Promise<ReencryptReport> {
    return reencryptAll({ redis: this.#redis, scripts: this.#scripts, keyring: this.#keyring, layout: this.#layout }, options);
  }
}
