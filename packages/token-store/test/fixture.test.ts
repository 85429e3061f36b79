import { redisTestPrefix, withRedis } from '@webex-oidc/testing';
import { expect, it } from 'vitest';

// The shared Redis fixture must delete its own prefix's keys and nothing else (never FLUSHALL).
it('withRedis cleanup deletes only its prefix (plain and hash-tagged) and closes its connections', async () => {
  const mine = await withRedis({ name: 'token-store-fixture' });
  const theirs = await withRedis({ prefix: `${mine.prefix}x` }); // shares a string prefix, not the prefix
  const extra = await mine.connect();
  try {
    await mine.redis.set(`${mine.prefix}:a`, '1');
    await mine.redis.hset(`{${mine.prefix}:slot}:s:1`, 'f', 'v');
    await theirs.redis.set(`${theirs.prefix}:a`, '1');
    await theirs.redis.set(`{${theirs.prefix}:slot}:b`, '1');
    expect((await mine.keys()).map((k) => k.type).sort()).toEqual(['hash', 'string']);
    await mine.cleanup();
    expect(extra.status).toBe('end');
    expect(await theirs.redis.exists(`${theirs.prefix}:a`, `{${theirs.prefix}:slot}:b`)).toBe(2);
    expect(await theirs.redis.exists(`${mine.prefix}:a`, `{${mine.prefix}:slot}:s:1`)).toBe(0);
  } finally {
    await Promise.all([mine.cleanup(), theirs.cleanup()]); // idempotent
  }
  expect(redisTestPrefix('My Test File.ts')).toMatch(/^t:my-test-file-ts:[0-9a-f]{8}$/);
});
