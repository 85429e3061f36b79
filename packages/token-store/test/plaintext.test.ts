import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { key, mintedTokens, signIn, user } from './helpers.js';

let fx: RedisFixture;

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-plaintext' });
});
afterAll(() => fx.cleanup());

/** Every string Redis holds under the fixture's prefix: key names, hash fields and values, members. */
async function everything(): Promise<string[]> {
  const out: string[] = [];
  for (const { key: name, type } of await fx.keys()) {
    out.push(name);
    if (type === 'hash') out.push(...Object.entries(await fx.redis.hgetall(name)).flat());
    else if (type === 'zset') out.push(...(await fx.redis.zrange(name, 0, -1, 'WITHSCORES')));
    else if (type === 'string') out.push((await fx.redis.get(name)) ?? '');
    else if (type === 'set') out.push(...(await fx.redis.smembers(name)));
    else if (type === 'list') out.push(...(await fx.redis.lrange(name, 0, -1)));
    else throw new Error(`unexpected key type ${type} for ${name}`);
  }
  return out;
}

it('no access, refresh or ID token appears anywhere in Redis after adds, updates, evictions and rotation', async () => {
  const k1 = key();
  const k2 = key();
  const store = new RedisTokenStore({ redis: fx.redis, keyring: { current: 'k1', keys: { k1 } }, keyPrefix: fx.prefix, maxPerUserClient: 10 });
  const u = user();
  const ids: string[] = [];
  for (let i = 0; i < 14; i++) ids.push((await store.add(signIn(i % 2 === 0 ? u : user(), `client-${i % 3}`, 1_800_000_000_000 + i))).set.id);
  for (let i = 0; i < 12; i++) ids.push((await store.add(signIn(u, 'client-x', 1_800_000_000_100 + i))).set.id);
  const extra = ['AT_updated_secret_value_0001', 'RT_updated_secret_value_0001', 'eyJID_updated_secret_value_1'];
  mintedTokens.push(...extra);
  const target = ids[20] ?? '';
  await store.update(target, 1, { tokens: { accessToken: extra[0], refreshToken: extra[1], idToken: extra[2] } });
  await store.setStatus(ids[21] ?? '', 'reauth_required');
  const rotated = new RedisTokenStore({ redis: fx.redis, keyring: { current: 'k2', keys: { k1, k2 } }, keyPrefix: fx.prefix, maxPerUserClient: 10 });
  await rotated.reencrypt();
  await rotated.add(signIn(u, 'client-x', 1_800_000_001_000));

  // The scan must see real data, or it proves nothing.
  const values = await everything();
  expect((await fx.keys()).length).toBeGreaterThan(26);
  expect(values).toContain(target);
  expect((await rotated.get(target))?.tokens.refreshToken).toBe(extra[1]);
  expect(mintedTokens.length).toBeGreaterThan(80);

  const haystack = values.join('\n');
  const leaks = mintedTokens.filter((token) => haystack.includes(token) || haystack.includes(token.slice(4, 24)));
  expect(leaks).toEqual([]);
});
