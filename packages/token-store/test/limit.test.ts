import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore, type StoredTokenSet, type StoreErrorContext } from '../src/index.js';
import { keyring, signIn, user } from './helpers.js';

let fx: RedisFixture;
let store: RedisTokenStore;
const ring = keyring();

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-limit' });
  store = new RedisTokenStore({ redis: fx.redis, keyring: ring, keyPrefix: fx.prefix });
});
afterAll(() => fx.cleanup());

const T0 = 1_800_000_000_000;

describe('maxPerUserClient', () => {
  it('keeps exactly the newest N per user+client, evicts the rest oldest first, leaves others alone', async () => {
    const u = user();
    const bystanders = [
      (await store.add(signIn(user(), 'client-a', T0), { maxPerUserClient: 10 })).set,
      (await store.add(signIn(u, 'client-b', T0 - 1), { maxPerUserClient: 10 })).set,
    ];
    const ids: string[] = [];
    const evicted: StoredTokenSet[] = [];
    for (let i = 0; i < 15; i++) {
      const input = signIn(u, 'client-a', T0 + i);
      const result = await store.add(input, { maxPerUserClient: 10 });
      ids.push(result.set.id);
      expect(result.evicted).toHaveLength(i < 10 ? 0 : 1);
      expect(result.evictionErrors).toEqual([]);
      evicted.push(...result.evicted);
    }
    expect(evicted.map((s) => s.id)).toEqual(ids.slice(0, 5));
    for (const set of evicted) {
      expect(set.status).toBe('revoked');
      expect(set.version).toBe(2);
      expect(set.tokens.refreshToken).toMatch(/^RT_/); // decrypted, ready to revoke at the IdP
      expect((await store.get(set.id))?.status).toBe('revoked');
    }
    const listed = await store.listByUser(u, 'client-a');
    expect(listed.map((s) => s.id)).toEqual(ids.slice(5).reverse());
    expect(listed.every((s) => s.status === 'active')).toBe(true);
    for (const other of bystanders) expect(await store.get(other.id)).toEqual(other);
    expect((await store.listByUser(u)).map((s) => s.id)).toContain(bystanders[1]?.id);
  });

  it('evicts reauth_required sets before older active ones', async () => {
    const u = user();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await store.add(signIn(u, 'c', T0 + i), { maxPerUserClient: 10 })).set.id);
    await store.setStatus(ids[6] ?? '', 'reauth_required');
    const { evicted } = await store.add(signIn(u, 'c', T0 + 100), { maxPerUserClient: 10 });
    expect(evicted.map((s) => s.id)).toEqual([ids[6]]);
    const second = await store.add(signIn(u, 'c', T0 + 101), { maxPerUserClient: 10 });
    expect(second.evicted.map((s) => s.id)).toEqual([ids[0]]);
  });

  it('never evicts the new sign-in, even when it is the oldest, and catches up when the limit drops', async () => {
    const u = user();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await store.add(signIn(u, 'c', T0 + 10 + i), { maxPerUserClient: 12 })).set.id);
    const late = await store.add(signIn(u, 'c', T0), { maxPerUserClient: 10 });
    expect(late.evicted.map((s) => s.id)).toEqual(ids.slice(0, 3));
    const remaining = (await store.listByUser(u, 'c')).map((s) => s.id);
    expect(remaining).toHaveLength(10);
    expect(remaining).toContain(late.set.id);
  });

  it('50 parallel sign-ins of one user (limit 10, 5 connections): exactly 10 active, 40 evicted once each', async () => {
    const u = user();
    const stores = await Promise.all(
      Array.from({ length: 5 }, async () => new RedisTokenStore({ redis: await fx.connect(), keyring: ring, keyPrefix: fx.prefix, maxPerUserClient: 10 })),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (stores[i % 5] as RedisTokenStore).add(signIn(u, 'c', T0 + (i % 7)))),
    );
    const added = results.map((r) => r.set.id);
    const evicted = results.flatMap((r) => r.evicted.map((s) => s.id));
    expect(new Set(added).size).toBe(50);
    expect(evicted).toHaveLength(40);
    expect(new Set(evicted).size).toBe(40);
    const active = (await store.listByUser(u, 'c')).filter((s) => s.status === 'active').map((s) => s.id);
    expect(active).toHaveLength(10);
    expect(new Set([...active, ...evicted])).toEqual(new Set(added));
    const statuses = await Promise.all(added.map(async (id) => (await store.get(id))?.status));
    expect(statuses.filter((s) => s === 'active')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'revoked')).toHaveLength(40);
    expect(await fx.redis.zcard(`{${fx.prefix}:${added[0]?.slice(0, 22)}}:u`)).toBe(10);
  });
});

describe('revoke hook and retention', () => {
  it('calls revoke for each evicted set; a failing hook is reported, not thrown', async () => {
    const revoked: string[] = [];
    const reported: Array<{ error: unknown; context: StoreErrorContext }> = [];
    const hooked = new RedisTokenStore({
      redis: fx.redis,
      keyring: ring,
      keyPrefix: fx.prefix,
      maxPerUserClient: 10,
      revoke: async (set) => {
        revoked.push(set.tokens.refreshToken ?? '');
        if (revoked.length === 2) throw new Error('IdP said 503');
      },
      onError: (error, context) => reported.push({ error, context }),
    });
    const u = user();
    const first: StoredTokenSet[] = [];
    for (let i = 0; i < 12; i++) {
      const { set } = await hooked.add(signIn(u, 'c', T0 + i));
      first.push(set);
    }
    expect(revoked).toEqual([first[0]?.tokens.refreshToken, first[1]?.tokens.refreshToken]);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.context).toEqual({ operation: 'revoke', tokenSetId: first[1]?.id });
    // The add that hit the failing hook still stored its set and still evicted.
    expect((await hooked.get(first[11]?.id ?? ''))?.status).toBe('active');
    expect((await hooked.get(first[1]?.id ?? ''))?.status).toBe('revoked');
  });

  it('reports the failure in the add result', async () => {
    const hooked = new RedisTokenStore({
      redis: fx.redis, keyring: ring, keyPrefix: fx.prefix, limitRange: { min: 1, max: 100 }, maxPerUserClient: 1,
      revoke: () => Promise.reject(new Error('nope')),
    });
    const u = user();
    const { set: old } = await hooked.add(signIn(u, 'c', T0));
    const result = await hooked.add(signIn(u, 'c', T0 + 1));
    expect(result.evicted.map((s) => s.id)).toEqual([old.id]);
    expect(result.evictionErrors).toHaveLength(1);
    expect(result.evictionErrors[0]).toMatchObject({ stage: 'revoke', set: { id: old.id, status: 'revoked' } });
    expect(result.evictionErrors[0]?.set).not.toHaveProperty('tokens');
  });

  it('keeps revoked records for the retention time, or deletes them at once with 0', async () => {
    const u = user();
    const keep = new RedisTokenStore({ redis: fx.redis, keyring: ring, keyPrefix: fx.prefix, limitRange: { min: 1, max: 100 }, maxPerUserClient: 1, revokedRetentionMs: 60_000 });
    const { set: a } = await keep.add(signIn(u, 'c', T0));
    await keep.add(signIn(u, 'c', T0 + 1));
    const ttl = await fx.redis.pttl(`{${fx.prefix}:${a.id.slice(0, 22)}}:s:${a.id.slice(23)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const drop = new RedisTokenStore({ redis: fx.redis, keyring: ring, keyPrefix: fx.prefix, limitRange: { min: 1, max: 100 }, maxPerUserClient: 1, revokedRetentionMs: 0 });
    const v = user();
    const { set: b } = await drop.add(signIn(v, 'c', T0));
    const { evicted } = await drop.add(signIn(v, 'c', T0 + 1));
    expect(evicted.map((s) => s.tokens.accessToken)).toEqual([b.tokens.accessToken]);
    expect(await drop.get(b.id)).toBeUndefined();
  });
});
