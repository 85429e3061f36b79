import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore, TokenStoreErrorCode } from '../src/index.js';
import { keyring, rejectsWith, signIn, tokens, user } from './helpers.js';

let fx: RedisFixture;
let store: RedisTokenStore;
let clock = 1_900_000_000_000;
const ring = keyring();

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-store' });
  store = new RedisTokenStore({
    redis: fx.redis,
    keyring: ring,
    keyPrefix: fx.prefix,
    maxPerUserClient: 10,
    now: () => ++clock,
  });
});
afterAll(() => fx.cleanup());

describe('add / get / update', () => {
  it('round-trips a set, tokens and all', async () => {
    const input = signIn(user());
    input.metadata = { refreshCount: 0 };
    const { set, evicted } = await store.add(input);
    expect(evicted).toEqual([]);
    expect(set).toMatchObject({ userId: input.userId, clientId: 'client-a', clientType: 'web', provider: 'webex', status: 'active', version: 1, keyId: 'k1', hasRefreshToken: true, hasIdToken: true, metadata: { refreshCount: 0 } });
    expect(set.id).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    const read = await store.get(set.id);
    expect(read).toEqual(set);
    expect(read?.tokens).toEqual(input.tokens);
  });

  it('defaults the provider to webex and keeps optional tokens absent', async () => {
    const t = tokens();
    delete t.refreshToken;
    delete t.idToken;
    delete t.scope;
    delete t.refreshExpiresAt;
    const { set } = await store.add({ userId: user(), clientId: 'c', clientType: 'mobile', tokens: t });
    const read = await store.get(set.id);
    expect(read?.provider).toBe('webex');
    expect(read?.tokens).toEqual(t);
    expect(read).toMatchObject({ hasRefreshToken: false, hasIdToken: false, scope: undefined, refreshExpiresAt: undefined });
  });

  it('update merges tokens, keeps the refresh token when none is given, bumps the version', async () => {
    const { set } = await store.add(signIn(user()));
    const refreshed = await store.update(set.id, 1, {
      tokens: { accessToken: 'AT_refreshed_value_0001', expiresAt: 1_900_100_000_000, issuedAt: 1_900_000_500_000, refreshToken: undefined },
      metadata: { lastRefreshAt: 1_900_000_500_000, refreshCount: 1, lastError: 'rate_limited' },
    });
    expect(refreshed.version).toBe(2);
    expect(refreshed.updatedAt).toBeGreaterThan(set.updatedAt);
    const read = await store.get(set.id);
    expect(read?.tokens).toEqual({ ...set.tokens, accessToken: 'AT_refreshed_value_0001', expiresAt: 1_900_100_000_000, issuedAt: 1_900_000_500_000 });
    expect(read?.metadata).toEqual({ lastRefreshAt: 1_900_000_500_000, refreshCount: 1, lastError: 'rate_limited' });

    const cleared = await store.update(set.id, 2, { metadata: { lastError: null }, tokens: { refreshToken: 'RT_rotated_value_0002' } });
    expect(cleared.version).toBe(3);
    expect(cleared.metadata).toEqual({ lastRefreshAt: 1_900_000_500_000, refreshCount: 1 });
    expect((await store.get(set.id))?.tokens.refreshToken).toBe('RT_rotated_value_0002');
  });

  it('get of an unknown id resolves undefined; update of one is not_found', async () => {
    const { set } = await store.add(signIn(user()));
    const unknown = `${set.id.slice(0, 23)}${'A'.repeat(22)}`;
    expect(await store.get(unknown)).toBeUndefined();
    await rejectsWith(store.update(unknown, 1, { status: 'active' }), TokenStoreErrorCode.NotFound);
    await rejectsWith(store.setStatus(unknown, 'revoked'), TokenStoreErrorCode.NotFound);
  });
});

describe('compare-and-set', () => {
  it('rejects the stale writer; the stored refresh token is the newer one', async () => {
    const { set } = await store.add(signIn(user()));
    const a = await store.get(set.id);
    const b = await store.get(set.id);
    expect(a?.version).toBe(1);
    await store.update(set.id, a?.version ?? 0, { tokens: { accessToken: 'AT_writer_a_0001', refreshToken: 'RT_writer_a_0001' } });
    const err = await rejectsWith(
      store.update(set.id, b?.version ?? 0, { tokens: { accessToken: 'AT_writer_b_0001', refreshToken: 'RT_writer_b_0001' } }),
      TokenStoreErrorCode.VersionConflict,
    );
    expect(err).toMatchObject({ expectedVersion: 1, actualVersion: 2, tokenSetId: set.id });
    expect(err.message).not.toContain('RT_writer_b');
    const stored = await store.get(set.id);
    expect(stored?.tokens.refreshToken).toBe('RT_writer_a_0001');
    expect(stored?.version).toBe(2);
  });

  it('update with a base (the caller\'s own read) merges over its tokens and still loses to a newer writer', async () => {
    const { set } = await store.add(signIn(user()));
    const base = await store.get(set.id);
    if (base === undefined) throw new Error('set not stored');
    const written = await store.update(set.id, 1, { tokens: { accessToken: 'AT_with_base_00001', refreshToken: undefined } }, { base });
    expect(written.version).toBe(2);
    expect((await store.get(set.id))?.tokens).toEqual({ ...set.tokens, accessToken: 'AT_with_base_00001' });
    // A stale base (version 1, stored is 2) is rejected by Redis, not trusted.
    const stale = await rejectsWith(store.update(set.id, 1, { tokens: { refreshToken: 'RT_stale_base_0001' } }, { base }), TokenStoreErrorCode.VersionConflict);
    expect(stale).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((await store.get(set.id))?.tokens.refreshToken).toBe(set.tokens.refreshToken);
    // A base that is not the set at that version is a caller error.
    await rejectsWith(store.update(set.id, 2, { status: 'active' }, { base }), TokenStoreErrorCode.InvalidArgument);
    await store.setStatus(set.id, 'revoked');
    const revoked = { ...base, version: 3 };
    await rejectsWith(store.update(set.id, 3, { tokens: { accessToken: 'AT_after_revoke_02' } }, { base: revoked }), TokenStoreErrorCode.SetRevoked);
  });

  it('of 20 racing writers on separate connections with the same version exactly one wins', async () => {
    const { set } = await store.add(signIn(user()));
    const stores = await Promise.all(
      Array.from({ length: 4 }, async () => new RedisTokenStore({ redis: await fx.connect(), keyring: ring, keyPrefix: fx.prefix })),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (stores[i % 4] as RedisTokenStore).update(set.id, 1, { tokens: { refreshToken: `RT_racer_${i}_000000` } })),
    );
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as { code: string }).code).toBe('version_conflict');
    const stored = await store.get(set.id);
    expect(stored?.version).toBe(2);
    expect(stored?.tokens.refreshToken).toBe(`RT_racer_${winners[0]}_000000`);
  });
});

describe('status and removal', () => {
  it('reauth_required stays listed; revoked leaves the index, is final, and repeat revocation is a no-op', async () => {
    const u = user();
    const { set } = await store.add(signIn(u));
    const reauth = await store.setStatus(set.id, 'reauth_required', 1);
    expect(reauth).toMatchObject({ status: 'reauth_required', version: 2 });
    expect((await store.listByUser(u)).map((s) => s.status)).toEqual(['reauth_required']);
    await rejectsWith(store.setStatus(set.id, 'active', 1), TokenStoreErrorCode.VersionConflict);

    const revoked = await store.setStatus(set.id, 'revoked');
    expect(revoked).toMatchObject({ status: 'revoked', version: 3 });
    expect(await store.listByUser(u)).toEqual([]);
    expect((await store.get(set.id))?.status).toBe('revoked');
    await rejectsWith(store.update(set.id, 3, { tokens: { accessToken: 'AT_after_revoke_01' } }), TokenStoreErrorCode.SetRevoked);
    await rejectsWith(store.setStatus(set.id, 'active'), TokenStoreErrorCode.SetRevoked);
    expect((await store.setStatus(set.id, 'revoked')).version).toBe(3);
  });

  it('remove deletes the record and its index entries', async () => {
    const u = user();
    const { set } = await store.add(signIn(u));
    const { set: other } = await store.add(signIn(u));
    expect(await store.remove(set.id)).toBe(true);
    expect(await store.remove(set.id)).toBe(false);
    expect(await store.get(set.id)).toBeUndefined();
    expect((await store.listByUser(u)).map((s) => s.id)).toEqual([other.id]);
    expect(await fx.redis.zscore(`{${fx.prefix}:${set.id.slice(0, 22)}}:c:client-a`, set.id)).toBeNull();
  });
});

describe('listing', () => {
  it('listByUser: newest first, by client, paginated, without tokens', async () => {
    const u = user();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.add(signIn(u, 'client-a', 1_800_000_000_000 + i))).set.id);
    const onB = (await store.add(signIn(u, 'client-b', 1_700_000_000_000))).set.id;
    const all = await store.listByUser(u);
    expect(all.map((s) => s.id)).toEqual([...ids].reverse().concat(onB));
    expect(all.every((s) => !('tokens' in s))).toBe(true);
    expect((await store.listByUser(u, 'client-b')).map((s) => s.id)).toEqual([onB]);
    expect((await store.listByUser(u, 'client-a', { offset: 1, limit: 2 })).map((s) => s.id)).toEqual([ids[3], ids[2]]);
    expect(await store.listByUser(user())).toEqual([]);
  });

  it('scan pages through every set of the prefix (only), filters by status, and counts by status', async () => {
    const own = new RedisTokenStore({ redis: fx.redis, keyring: keyring(), keyPrefix: `${fx.prefix}:scan`, maxPerUserClient: 10 });
    const added = new Set<string>();
    for (let i = 0; i < 23; i++) added.add((await own.add(signIn(user(`scan${i % 4}`)))).set.id);
    const ids = [...added];
    await own.setStatus(ids[0] ?? '', 'reauth_required');
    await own.setStatus(ids[1] ?? '', 'revoked');
    await own.setStatus(ids[2] ?? '', 'revoked');

    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await own.scan({ cursor, count: 5 });
      for (const item of page.items) seen.add(item.id);
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(added);
    expect(pages).toBeGreaterThan(1);

    const revoked: string[] = [];
    cursor = undefined;
    do {
      const page = await own.scan({ cursor, status: 'revoked' });
      revoked.push(...page.items.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(revoked.sort()).toEqual([ids[1], ids[2]].sort());

    expect(await own.countByStatus()).toEqual({ active: 20, reauth_required: 1, revoked: 2, total: 23 });
    await rejectsWith(own.scan({ cursor: 'not-a-cursor' }), TokenStoreErrorCode.InvalidArgument);
  });
});
