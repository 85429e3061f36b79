// Redis fixture for integration tests: a unique key prefix per test file and a connection whose
// cleanup deletes only that prefix's keys (SCAN + UNLINK) — never FLUSHALL/FLUSHDB, since other
// test files and other people's data share the server.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';

/** Where the tests expect Redis when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The Redis URL for tests: `REDIS_URL`, else {@link DEFAULT_REDIS_URL}. */
export function redisTestUrl(): string {
  return process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
}

/**
 * A key prefix unique to this test file and run, e.g. `t:token-store-add:4f2a9c1e`. Safe inside a
 * Redis Cluster hash tag (no braces) and in SCAN patterns (no glob characters).
 */
export function redisTestPrefix(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'test';
  return `t:${slug}:${randomBytes(4).toString('hex')}`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * SCAN patterns for the keys that belong to `prefix`: `prefix`, `prefix:…`, and the hash-tagged
 * forms `{prefix:…` and `{prefix}…` (cluster-safe layouts, BullMQ's `{prefix}` queues) — but not
 * `prefixX…`, which belongs to another prefix.
 */
function patternsFor(prefix: string): string[] {
  if (prefix.length === 0) throw new Error('Refusing an empty Redis test prefix: it would match every key.');
  const p = escapeGlob(prefix);
  return [p, `${p}:*`, `{${p}:*`, `{${p}}*`];
}

async function scanPrefix(redis: Redis, prefix: string, each: (keys: string[]) => Promise<void>): Promise<void> {
  for (const pattern of patternsFor(prefix)) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await each(keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** Delete every key of `prefix` (see the patterns above) with SCAN + UNLINK. Returns how many. */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  await scanPrefix(redis, prefix, async (keys) => {
    deleted += await redis.unlink(...keys);
  });
  return deleted;
}

/** What {@link withRedis} gives a test file. */
export interface RedisFixture {
  /** A connected client. */
  redis: Redis;
  /** This fixture's key prefix: name every key `<prefix>:…`, `{<prefix>:…` or `{<prefix>}…`. */
  prefix: string;
  /** The URL connected to. */
  url: string;
  /** Another connection to the same server, same options (closed by {@link RedisFixture.cleanup}). */
  connect(): Promise<Redis>;
  /** Every key of this prefix, with its type (for assertions such as plaintext scans). */
  keys(): Promise<Array<{ key: string; type: string }>>;
  /** Delete this prefix's keys and close every connection. Idempotent. */
  cleanup(): Promise<void>;
}

/** Options of {@link withRedis}. */
export interface WithRedisOptions {
  /** A name for the prefix (usually the test file's); ignored when `prefix` is given. */
  name?: string;
  /** Use this exact prefix instead of generating one. */
  prefix?: string;
  /** Default {@link redisTestUrl}(). */
  url?: string;
  /**
   * ioredis' `maxRetriesPerRequest` for every connection of the fixture. Default `1` (a test fails
   * fast when Redis goes away). Pass `null` for connections handed to BullMQ, whose workers
   * refuse any other value for their blocking connection.
   */
  maxRetriesPerRequest?: number | null;
}

async function open(url: string, maxRetriesPerRequest: number | null): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest });
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new Error(
      `Redis is not reachable at ${url}: start one (e.g. \`redis-server\` or \`docker run -p 6379:6379 redis:7\`) or set REDIS_URL.`,
      { cause },
    );
  }
  return redis;
}

/** QUIT and wait until the socket is closed, so no handle outlives the test file. */
async function close(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  const ended = once(connection, 'end');
  await connection.quit().catch(() => connection.disconnect());
  await ended;
}

/**
 * Connect to the test Redis and reserve a key prefix. Use in `beforeAll`, with `cleanup()` in
 * `afterAll`:
 *
 * ```ts
 * let fx: RedisFixture;
 * beforeAll(async () => { fx = await withRedis({ name: 'token-store' }); });
 * afterAll(() => fx.cleanup());
 * ```
 */
export async function withRedis(options: WithRedisOptions = {}): Promise<RedisFixture> {
  const url = options.url ?? redisTestUrl();
  const prefix = options.prefix ?? redisTestPrefix(options.name ?? 'test');
  const maxRetriesPerRequest = options.maxRetriesPerRequest === undefined ? 1 : options.maxRetriesPerRequest;
  const redis = await open(url, maxRetriesPerRequest);
  const extra: Redis[] = [];
  let cleaned = false;
  return {
    redis,
    prefix,
    url,
    async connect() {
      const connection = await open(url, maxRetriesPerRequest);
      extra.push(connection);
      return connection;
    },
    async keys() {
      const found: Array<{ key: string; type: string }> = [];
      await scanPrefix(redis, prefix, async (keys) => {
        for (const key of keys) found.push({ key, type: await redis.type(key) });
      });
      return found;
    },
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      try {
        await deleteRedisPrefix(redis, prefix);
      } finally {
        await Promise.allSettled([redis, ...extra].map(close));
      }
    },
  };
}
