import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore, TokenStoreErrorCode, type NewTokenSet, type RedisTokenStoreOptions } from '../src/index.js';
import { failsWith, key, keyring, rejectsWith, signIn, tokens, user } from './helpers.js';

let fx: RedisFixture;
let store: RedisTokenStore;

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-validation' });
  store = new RedisTokenStore({ redis: fx.redis, keyring: keyring(), keyPrefix: fx.prefix, maxPerUserClient: 10 });
});
afterAll(() => fx.cleanup());

const make = (options: Partial<RedisTokenStoreOptions>) => () =>
  new RedisTokenStore({ redis: fx.redis, keyring: keyring(), keyPrefix: fx.prefix, ...options });

describe('keyring', () => {
  it('accepts Buffers, base64 and base64url strings', () => {
    const raw = key();
    for (const material of [raw, new Uint8Array(raw), raw.toString('base64'), raw.toString('base64url')]) {
      expect(make({ keyring: { current: 'k', keys: { k: material } } })()).toBeInstanceOf(RedisTokenStore);
    }
  });

  it('rejects short keys, bad base64, bad ids and a missing current key with keyring_invalid', async () => {
    const short = await failsWith(make({ keyring: { current: 'k', keys: { k: key().subarray(0, 16) } } }), TokenStoreErrorCode.KeyringInvalid);
    expect(short.message).toMatch(/16 bytes.*exactly 32/);
    await failsWith(make({ keyring: { current: 'k', keys: { k: key().toString('base64') + 'AAAA' } } }), TokenStoreErrorCode.KeyringInvalid);
    await failsWith(make({ keyring: { current: 'k', keys: { k: 'not base64!' } } }), TokenStoreErrorCode.KeyringInvalid);
    await failsWith(make({ keyring: { current: 'k.1', keys: { 'k.1': key() } } }), TokenStoreErrorCode.KeyringInvalid);
    await failsWith(make({ keyring: { current: 'k2', keys: { k1: key() } } }), TokenStoreErrorCode.KeyringInvalid);
  });
});

describe('limits', () => {
  it('rejects out-of-range, fractional, non-number and missing limits; never clamps', async () => {
    for (const bad of [9, 101, 10.5, 0, -1, Number.NaN]) {
      const err = await rejectsWith(store.add(signIn(user()), { maxPerUserClient: bad }), TokenStoreErrorCode.LimitInvalid);
      expect(err.message).toContain('10 to 100');
    }
    await rejectsWith(store.add(signIn(user()), { maxPerUserClient: '10' as unknown as number }), TokenStoreErrorCode.LimitInvalid);
    const noDefault = make({})();
    await rejectsWith(noDefault.add(signIn(user())), TokenStoreErrorCode.LimitInvalid);
    await failsWith(make({ maxPerUserClient: 5 }), TokenStoreErrorCode.LimitInvalid);
    await failsWith(make({ limitRange: { min: 0, max: 5 } }), TokenStoreErrorCode.LimitInvalid);
    expect(await fx.keys()).toEqual([]); // nothing was written by the rejected adds
  });

  it('a widened limitRange allows small limits deliberately', async () => {
    const small = make({ limitRange: { min: 1, max: 1000 }, maxPerUserClient: 2 })();
    const u = user();
    for (let i = 0; i < 3; i++) await small.add(signIn(u, 'c', 1_800_000_000_000 + i));
    expect(await small.listByUser(u)).toHaveLength(2);
  });
});

describe('arguments', () => {
  it('rejects malformed sign-ins with invalid_argument naming the field, never echoing a token', async () => {
    const secret = 'AT_must_not_be_echoed_123';
    const cases: Array<[string, (i: NewTokenSet) => unknown]> = [
      ['userId', (i) => (i.userId = '')],
      ['userId', (i) => (i.userId = 'has space')],
      ['clientId', (i) => (i.clientId = 42 as unknown as string)],
      ['clientType', (i) => (i.clientType = 'tv' as NewTokenSet['clientType'])],
      ['provider', (i) => (i.provider = 'google' as NewTokenSet['provider'])],
      ['tokens.accessToken', (i) => (i.tokens.accessToken = '')],
      ['tokens.tokenType', (i) => (i.tokens = { ...i.tokens, accessToken: secret, tokenType: 'MAC' as 'Bearer' })],
      ['tokens.expiresAt', (i) => (i.tokens.expiresAt = 1.5)],
      ['tokens.issuedAt', (i) => (i.tokens.issuedAt = Number.NaN)],
      ['tokens.refreshToken', (i) => (i.tokens.refreshToken = 7 as unknown as string)],
      ['tokens.scope', (i) => (i.tokens.scope = 'openid' as unknown as string[])],
      ['metadata.lastError', (i) => (i.metadata = { lastError: `invalid_grant for ${secret}` })],
    ];
    for (const [field, mutate] of cases) {
      const input = signIn(user());
      mutate(input);
      const err = await rejectsWith(store.add(input), TokenStoreErrorCode.InvalidArgument);
      expect(err.message.startsWith(field)).toBe(true);
      expect(err.message).not.toContain(secret);
    }
  });

  it('rejects bad ids, versions, patches, statuses, prefixes and paging', async () => {
    const { set } = await store.add(signIn(user()));
    for (const id of ['', 'nope', `${set.id}x`, set.id.replace('.', ':')]) {
      await rejectsWith(store.get(id), TokenStoreErrorCode.InvalidArgument);
    }
    await rejectsWith(store.update(set.id, 0, {}), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.update(set.id, 1.5, {}), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.update(set.id, 1, { status: 'gone' as 'active' }), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.update(set.id, 1, { tokens: { tokenType: 'MAC' as 'Bearer' } }), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.update(set.id, 1, { metadata: { refreshCount: -1 } }), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.setStatus(set.id, 'paused' as 'active'), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.listByUser(user(), undefined, { limit: 0 }), TokenStoreErrorCode.InvalidArgument);
    await rejectsWith(store.reencrypt({ batchSize: 0 }), TokenStoreErrorCode.InvalidArgument);
    expect((await store.get(set.id))?.version).toBe(1); // none of the rejected writes landed
    await failsWith(make({ keyPrefix: '{tagged}' }), TokenStoreErrorCode.InvalidArgument);
    await failsWith(make({ keyPrefix: 'glob*' }), TokenStoreErrorCode.InvalidArgument);
    await failsWith(() => new RedisTokenStore({ keyring: keyring() } as unknown as RedisTokenStoreOptions), TokenStoreErrorCode.InvalidArgument);
  });

  it('a record that is not in the store format is record_corrupt', async () => {
    const { set } = await store.add({ ...signIn(user()), tokens: tokens() });
    await fx.redis.hset(`{${fx.prefix}:${set.id.slice(0, 22)}}:s:${set.id.slice(23)}`, 'version', 'many');
    await rejectsWith(store.get(set.id), TokenStoreErrorCode.RecordCorrupt);
  });

  it('Redis failures are redis_error with the cause kept', async () => {
    const closed = await fx.connect();
    const dead = new RedisTokenStore({ redis: closed, keyring: keyring(), keyPrefix: fx.prefix, maxPerUserClient: 10 });
    closed.disconnect();
    const err = await rejectsWith(dead.add(signIn(user())), TokenStoreErrorCode.RedisError);
    expect(err.cause).toBeInstanceOf(Error);
  });
});
