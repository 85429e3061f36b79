import { randomUUID } from 'node:crypto';
import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore, TokenStoreErrorCode, type StoredTokenSet } from '../src/index.js';
import { failsWith, keyring, rejectsWith, signIn, user } from './helpers.js';

let fx: RedisFixture;
let store: RedisTokenStore;
const ring = keyring();

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-lease' });
  store = new RedisTokenStore({ redis: fx.redis, keyring: ring, keyPrefix: fx.prefix, maxPerUserClient: 10 });
});
afterAll(() => fx.cleanup());

/** The lease key of a set id, as the README documents the layout. */
function leaseKey(id: string): string {
  return `{${fx.prefix}:${id.slice(0, 22)}}:l:${id.slice(23)}`;
}

async function stored(): Promise<StoredTokenSet> {
  return (await store.add(signIn(user()))).set;
}

describe('lease', () => {
  it('takes the lease and reads the set in one step; the lease key shares the record slot', async () => {
    const set = await stored();
    const owner = randomUUID();
    const leased = await store.lease(set.id, owner, 5_000);
    expect(leased).toEqual({ status: 'acquired', set: await store.get(set.id) });
    expect(await fx.redis.get(leaseKey(set.id))).toBe(owner);
    const ttl = await fx.redis.pttl(leaseKey(set.id));
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('another owner finds it held (and reads nothing); the same owner extends it', async () => {
    const set = await stored();
    const a = randomUUID();
    await store.lease(set.id, a, 1_000);
    expect(await store.lease(set.id, randomUUID(), 5_000)).toEqual({ status: 'held' });
    expect(await fx.redis.get(leaseKey(set.id))).toBe(a);
    expect((await store.lease(set.id, a, 60_000)).status).toBe('acquired');
    expect(await fx.redis.pttl(leaseKey(set.id))).toBeGreaterThan(50_000);
  });

  it('of 20 owners racing on separate connections exactly one gets the lease', async () => {
    const set = await stored();
    const connections = Array.from({ length: 20 }, () => fx.redis.duplicate());
    try {
      const stores = connections.map((redis) => new RedisTokenStore({ redis, keyring: ring, keyPrefix: fx.prefix, maxPerUserClient: 10 }));
      const results = await Promise.all(stores.map((s) => s.lease(set.id, randomUUID(), 5_000)));
      expect(results.filter((r) => r.status === 'acquired')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'held')).toHaveLength(19);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });

  it('an unknown set is not_found and leaves no lease key behind', async () => {
    const id = (await stored()).id.replace(/\.[^.]+$/, `.${'A'.repeat(22)}`);
    expect(await store.lease(id, randomUUID(), 5_000)).toEqual({ status: 'not_found' });
    expect(await fx.redis.exists(leaseKey(id))).toBe(0);
  });

  it('release and renew work for the owner only; an expired lease can be taken by another', async () => {
    const set = await stored();
    const a = randomUUID();
    const b = randomUUID();
    await store.lease(set.id, a, 300);
    expect(await store.releaseLease(set.id, b)).toBe(false);
    expect(await store.renewLease(set.id, b, 5_000)).toBe(false);
    expect(await fx.redis.get(leaseKey(set.id))).toBe(a);
    expect(await store.renewLease(set.id, a, 300)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await store.renewLease(set.id, a, 5_000)).toBe(false);
    expect((await store.lease(set.id, b, 5_000)).status).toBe('acquired');
    expect(await store.releaseLease(set.id, a)).toBe(false);
    expect(await store.releaseLease(set.id, b)).toBe(true);
    expect(await fx.redis.exists(leaseKey(set.id))).toBe(0);
  });

  it('a successful update with releaseLease ends the lease in the same step; a failed one keeps it', async () => {
    const set = await stored();
    const owner = randomUUID();
    const leased = await store.lease(set.id, owner, 5_000);
    if (leased.status !== 'acquired') throw new Error('expected the lease');
    await rejectsWith(store.update(set.id, 7, { metadata: { refreshCount: 1 } }, { releaseLease: owner }), TokenStoreErrorCode.VersionConflict);
    expect(await fx.redis.get(leaseKey(set.id))).toBe(owner);
    const written = await store.update(set.id, 1, { tokens: { accessToken: 'AT_after_lease_0001' }, metadata: { refreshCount: 1 } }, { base: leased.set, releaseLease: owner });
    expect(written.version).toBe(2);
    expect(await fx.redis.exists(leaseKey(set.id))).toBe(0);
    expect((await store.get(set.id))?.tokens.accessToken).toBe('AT_after_lease_0001');
  });

  it('releaseLease of another owner leaves the lease alone; updates without it never touch leases', async () => {
    const set = await stored();
    const owner = randomUUID();
    await store.lease(set.id, owner, 5_000);
    await store.update(set.id, 1, { metadata: { refreshCount: 1 } }, { releaseLease: randomUUID() });
    await store.update(set.id, 2, { metadata: { refreshCount: 2 } });
    expect(await fx.redis.get(leaseKey(set.id))).toBe(owner);
  });

  it('revoking through update with releaseLease releases the lease too', async () => {
    const set = await stored();
    const owner = randomUUID();
    await store.lease(set.id, owner, 5_000);
    await store.update(set.id, 1, { status: 'revoked' }, { releaseLease: owner });
    expect(await fx.redis.exists(leaseKey(set.id))).toBe(0);
  });

  it('a record that cannot be decrypted is reported and its lease released at once', async () => {
    const set = await stored();
    const recordKey = leaseKey(set.id).replace(':l:', ':s:');
    await fx.redis.hset(recordKey, 'ciphertext', 'garbage');
    await rejectsWith(store.lease(set.id, randomUUID(), 5_000), TokenStoreErrorCode.DecryptFailed);
    expect(await fx.redis.exists(leaseKey(set.id))).toBe(0);
  });

  it('rejects bad owners, lease lengths and ids with invalid_argument before touching Redis', async () => {
    const set = await stored();
    for (const owner of ['', 'short', 'has spaces in it', 'x'.repeat(129), 42]) {
      await failsWith(() => store.lease(set.id, owner as string, 5_000), TokenStoreErrorCode.InvalidArgument);
      await failsWith(() => store.releaseLease(set.id, owner as string), TokenStoreErrorCode.InvalidArgument);
    }
    for (const ms of [0, 99, 1.5, 86_400_001, Number.NaN, '5000']) {
      await failsWith(() => store.lease(set.id, randomUUID(), ms as number), TokenStoreErrorCode.InvalidArgument);
      await failsWith(() => store.renewLease(set.id, randomUUID(), ms as number), TokenStoreErrorCode.InvalidArgument);
    }
    await failsWith(() => store.lease('not-an-id', randomUUID(), 5_000), TokenStoreErrorCode.InvalidArgument);
    await failsWith(() => store.update(set.id, 1, { metadata: { refreshCount: 1 } }, { releaseLease: 'short' }), TokenStoreErrorCode.InvalidArgument);
    expect(await fx.redis.exists(leaseKey(set.id))).toBe(0);
    expect((await store.get(set.id))?.version).toBe(1);
  });
});
