// The fixtures, used for real: a sandbox on a random port, and Redis prefixes whose cleanup
// deletes their own keys and nobody else's.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type RedisFixture, useSandbox, withRedis } from '../src/index.js';

let sandboxUrl = '';

describe('useSandbox', () => {
  const sandbox = useSandbox({ accessTokenTtl: 5 });

  it('starts a sandbox on a random loopback port whose discovery answers', async () => {
    sandboxUrl = sandbox().url;
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandboxUrl).not.toBe('http://127.0.0.1:4000');
    const res = await fetch(sandbox().discoveryUrl);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ issuer: sandbox().issuer, token_endpoint: `${sandbox().apiBaseUrl}/access_token` });
  });
});

it('closes the sandbox after its block', async () => {
  expect(sandboxUrl).not.toBe('');
  await expect(fetch(`${sandboxUrl}/v1/.well-known/openid-configuration`)).rejects.toThrow();
});

describe('withRedis', () => {
  async function exists(redis: Redis, keys: string[]): Promise<number> {
    return redis.exists(...keys);
  }

  it('cleans up its own prefix (plain and hash-tagged) and leaves another prefix alone', async () => {
    const mine = await withRedis({ name: 'testing fixtures' });
    // Shares a string prefix with mine without being it: must survive mine's cleanup.
    const theirs = await withRedis({ prefix: `${mine.prefix}x` });
    const observer = new Redis(mine.url);
    try {
      expect(mine.prefix).toMatch(/^t:testing-fixtures:[0-9a-f]{8}$/);
      const own = [mine.prefix, `${mine.prefix}:a`, `{${mine.prefix}:b}:c`, `{${mine.prefix}}:queue`];
      const other = [theirs.prefix, `${theirs.prefix}:a`, `{${theirs.prefix}}:queue`];
      for (const key of [...own, ...other]) await mine.redis.set(key, 'v');
      await (await mine.connect()).hset(`${mine.prefix}:h`, 'f', 'v');
      expect((await mine.keys()).map((k) => k.key).sort()).toEqual([...own, `${mine.prefix}:h`].sort());

      await mine.cleanup();
      expect(await exists(observer, [...own, `${mine.prefix}:h`])).toBe(0);
      expect(await exists(observer, other)).toBe(other.length);
      expect(mine.redis.status).toBe('end');
      await mine.cleanup(); // idempotent
    } finally {
      await theirs.cleanup();
      expect(await exists(observer, [theirs.prefix, `${theirs.prefix}:a`])).toBe(0);
      observer.disconnect();
    }
  });

  it('gives BullMQ-friendly connections when asked (maxRetriesPerRequest: null), 1 by default', async () => {
    const fixtures: RedisFixture[] = [];
    try {
      const plain = await withRedis({ name: 'testing-plain' });
      fixtures.push(plain);
      const bull = await withRedis({ name: 'testing-bullmq', maxRetriesPerRequest: null });
      fixtures.push(bull);
      expect(plain.redis.options.maxRetriesPerRequest).toBe(1);
      expect((await plain.connect()).options.maxRetriesPerRequest).toBe(1);
      expect(bull.redis.options.maxRetriesPerRequest).toBeNull();
      expect((await bull.connect()).options.maxRetriesPerRequest).toBeNull();
      await bull.redis.set(`${bull.prefix}:k`, 'v');
      expect(await bull.redis.get(`${bull.prefix}:k`)).toBe('v');
    } finally {
      await Promise.all(fixtures.map((f) => f.cleanup()));
    }
  });
});
