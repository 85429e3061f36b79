import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore, TokenStoreErrorCode } from '../src/index.js';
import { key, rejectsWith, signIn, user } from './helpers.js';

let fx: RedisFixture;
const k1 = key();
const k2 = key();

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-encryption' });
});
afterAll(() => fx.cleanup());

function storeWith(prefix: string, current: string, keys: Record<string, Buffer | string>): RedisTokenStore {
  return new RedisTokenStore({ redis: fx.redis, keyring: { current, keys }, keyPrefix: prefix, maxPerUserClient: 10 });
}

function recordKey(prefix: string, id: string): string {
  return `{${prefix}:${id.slice(0, 22)}}:s:${id.slice(23)}`;
}

describe('key rotation', () => {
  it('old records stay readable, reencrypt moves all, then k1 can be dropped', async () => {
    const prefix = `${fx.prefix}:rot`;
    const v1 = storeWith(prefix, 'k1', { k1 });
    const originals = [];
    for (let i = 0; i < 7; i++) originals.push((await v1.add(signIn(user(`rot${i % 3}`)))).set);

    const v2 = storeWith(prefix, 'k2', { k1: k1.toString('base64'), k2: k2.toString('base64url') });
    for (const set of originals) expect(await v2.get(set.id)).toEqual(set);
    const fresh = (await v2.add(signIn(user()))).set;
    expect(fresh.keyId).toBe('k2');
    const touched = await v2.update(originals[0]?.id ?? '', 1, { tokens: { accessToken: 'AT_rotated_update_1' } });
    expect(touched.keyId).toBe('k2');

    const onlyK2 = storeWith(prefix, 'k2', { k2 });
    const missing = await rejectsWith(onlyK2.get(originals[1]?.id ?? ''), TokenStoreErrorCode.KeyNotFound);
    expect(missing).toMatchObject({ keyId: 'k1' });

    const report = await v2.reencrypt({ batchSize: 3 });
    expect(report).toEqual({ scanned: 8, reencrypted: 6, alreadyCurrent: 2, failed: [] });
    expect(await v2.reencrypt()).toEqual({ scanned: 8, reencrypted: 0, alreadyCurrent: 8, failed: [] });

    for (const set of originals.slice(1)) {
      const read = await onlyK2.get(set.id);
      expect(read?.tokens).toEqual(set.tokens);
      expect(read?.version).toBe(set.version); // re-encryption is not a logical write
      expect(read?.keyId).toBe('k2');
    }
    expect((await onlyK2.get(originals[0]?.id ?? ''))?.tokens.accessToken).toBe('AT_rotated_update_1');
    await rejectsWith(storeWith(prefix, 'k1', { k1 }).get(fresh.id), TokenStoreErrorCode.KeyNotFound);
  });

  it('reencrypt racing with updates loses no update', async () => {
    const prefix = `${fx.prefix}:race`;
    const v1 = storeWith(prefix, 'k1', { k1 });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await v1.add(signIn(user()))).set.id);
    const v2 = new RedisTokenStore({ redis: await fx.connect(), keyring: { current: 'k2', keys: { k1, k2 } }, keyPrefix: prefix });
    const writer = storeWith(prefix, 'k2', { k1, k2 });
    const [report] = await Promise.all([
      v2.reencrypt({ batchSize: 4 }),
      Promise.all(ids.map((id, i) => writer.update(id, 1, { tokens: { accessToken: `AT_race_update_${i}` } }))),
    ]);
    expect(report.failed).toEqual([]);
    expect(report.scanned).toBe(30);
    const onlyK2 = storeWith(prefix, 'k2', { k2 });
    for (const [i, id] of ids.entries()) {
      const read = await onlyK2.get(id);
      expect(read?.tokens.accessToken).toBe(`AT_race_update_${i}`);
      expect(read?.version).toBe(2);
    }
  });

  it('an update over a base read before a re-encryption reports the key id Redis holds', async () => {
    const p = `${fx.prefix}:brief`;
    const before = storeWith(p, 'k1', { k1 });
    const { set } = await before.add(signIn(user()));
    const base = await before.get(set.id);
    if (base === undefined) throw new Error('set not found');
    const after = storeWith(p, 'k2', { k1, k2 });
    expect((await after.reencrypt()).reencrypted).toBe(1); // keyId k1 → k2, version unchanged
    const written = await after.update(set.id, base.version, { metadata: { refreshCount: 4, lastError: null } }, { base });
    const { tokens: _tokens, ...stored } = (await after.get(set.id)) ?? base;
    expect(written).toEqual(stored);
    expect(written).toMatchObject({ keyId: 'k2', version: base.version + 1, metadata: { refreshCount: 4 } });
    // And with new tokens (written under the current key).
    const again = await after.update(set.id, written.version, { tokens: { accessToken: 'AT_after_reencrypt_01', refreshToken: undefined } }, { base: { ...base, ...written, tokens: base.tokens } });
    const { tokens, ...storedAgain } = (await after.get(set.id)) ?? base;
    expect(again).toEqual(storedAgain);
    expect(tokens).toEqual({ ...base.tokens, accessToken: 'AT_after_reencrypt_01' });
  });

  it('reports records it cannot move instead of stopping', async () => {
    const prefix = `${fx.prefix}:lost`;
    const lostKey = key();
    const { set } = await storeWith(prefix, 'k0', { k0: lostKey }).add(signIn(user()));
    await storeWith(prefix, 'k1', { k1 }).add(signIn(user()));
    const report = await storeWith(prefix, 'k2', { k1, k2 }).reencrypt();
    expect(report.reencrypted).toBe(1);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.id).toBe(set.id);
    expect(report.failed[0]?.error).toMatchObject({ code: 'key_not_found', keyId: 'k0' });
  });
});

describe('authenticated encryption', () => {
  const prefix = () => `${fx.prefix}:aead`;

  it('a tampered ciphertext is decrypt_failed (and the message holds no token)', async () => {
    const store = storeWith(prefix(), 'k1', { k1 });
    const { set } = await store.add(signIn(user()));
    const key = recordKey(prefix(), set.id);
    const original = (await fx.redis.hget(key, 'ciphertext')) ?? '';
    const [format, iv, body = '', tag] = original.split('.');
    const flipped = body.slice(0, 5) + (body[5] === 'A' ? 'B' : 'A') + body.slice(6);
    await fx.redis.hset(key, 'ciphertext', [format, iv, flipped, tag].join('.'));
    const err = await rejectsWith(store.get(set.id), TokenStoreErrorCode.DecryptFailed);
    expect(err.message).not.toContain(set.tokens.accessToken);
    await fx.redis.hset(key, 'ciphertext', 'garbage');
    await rejectsWith(store.get(set.id), TokenStoreErrorCode.DecryptFailed);
    await fx.redis.hset(key, 'ciphertext', original);
    expect((await store.get(set.id))?.tokens).toEqual(set.tokens);
  });

  it('a ciphertext moved to another record, or a changed identity field, is decrypt_failed', async () => {
    const store = storeWith(prefix(), 'k1', { k1 });
    const u = user();
    const { set: a } = await store.add(signIn(u));
    const { set: b } = await store.add(signIn(u));
    const ciphertextA = (await fx.redis.hget(recordKey(prefix(), a.id), 'ciphertext')) ?? '';
    await fx.redis.hset(recordKey(prefix(), b.id), 'ciphertext', ciphertextA);
    await rejectsWith(store.get(b.id), TokenStoreErrorCode.DecryptFailed);

    for (const [field, value] of [['clientId', 'client-z'], ['provider', 'finesse'], ['userId', 'mallory@example.com']] as const) {
      const { set } = await store.add(signIn(u));
      await fx.redis.hset(recordKey(prefix(), set.id), field, value);
      await rejectsWith(store.get(set.id), TokenStoreErrorCode.DecryptFailed);
    }
  });

  it('the same tokens encrypt differently each write (fresh IV)', async () => {
    const store = storeWith(prefix(), 'k1', { k1 });
    const input = signIn(user());
    const { set: a } = await store.add(input);
    const { set: b } = await store.add(input);
    const [ca, cb] = await Promise.all([a, b].map((s) => fx.redis.hget(recordKey(prefix(), s.id), 'ciphertext')));
    expect(ca?.split('.')[1]).not.toBe(cb?.split('.')[1]);
    expect(ca).not.toBe(cb);
  });
});
