import { randomBytes } from 'node:crypto';
import { redisTestUrl } from '@webex-oidc/testing';
import type { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../src/app.js';
import { ConfigError } from '../src/config-reader.js';
import { DEFAULT_STORE_AUTOPIPELINING, loadConfig } from '../src/config.js';

const base = { TOKEN_WORKER_CLIENT_ID: 'c', TOKEN_WORKER_CLIENT_SECRET: 's', TOKEN_WORKER_STORE_KEYS: `k1:${randomBytes(32).toString('base64')}` };

describe('TOKEN_WORKER_STORE_AUTOPIPELINING (store.autoPipelining)', () => {
  it('defaults to DEFAULT_STORE_AUTOPIPELINING; env wins over the file; a bad value is a config problem', () => {
    expect(loadConfig(base).store.autoPipelining).toBe(DEFAULT_STORE_AUTOPIPELINING);
    expect(loadConfig({ ...base, TOKEN_WORKER_STORE_AUTOPIPELINING: 'true' }).store.autoPipelining).toBe(true);
    expect(loadConfig({ ...base, TOKEN_WORKER_STORE_AUTOPIPELINING: 'off' }, { store: { autoPipelining: true } }).store.autoPipelining).toBe(false);
    expect(loadConfig(base, { store: { autoPipelining: !DEFAULT_STORE_AUTOPIPELINING } }).store.autoPipelining).toBe(!DEFAULT_STORE_AUTOPIPELINING);
    expect(() => loadConfig({ ...base, TOKEN_WORKER_STORE_AUTOPIPELINING: 'sometimes' })).toThrow(ConfigError);
  });

  it('connectRedis turns auto-pipelining on only when asked, for a URL, Sentinel and Cluster alike', async () => {
    const opened: Array<Redis | Cluster> = [];
    const open = (...args: Parameters<typeof connectRedis>) => {
      const client = connectRedis(...args);
      client.on('error', () => undefined); // the Sentinel/Cluster seeds below do not exist
      opened.push(client);
      return client;
    };
    try {
      const plain = open({ kind: 'url', url: redisTestUrl() }) as Redis;
      const piped = open({ kind: 'url', url: redisTestUrl() }, { autoPipelining: true }) as Redis;
      expect(plain.options.enableAutoPipelining).toBe(false);
      expect(piped.options.enableAutoPipelining).toBe(true);
      expect(piped.options.maxRetriesPerRequest).toBeNull();
      // The auto-pipelined connection answers like the plain one.
      const key = `token-worker-test:autopipe:${randomBytes(4).toString('hex')}`;
      const [a, b, c] = await Promise.all([piped.set(key, '1', 'PX', 5_000), piped.incr(key), piped.get(key)]);
      expect([a, b, c]).toEqual(['OK', 2, '2']);
      await plain.del(key);

      const sentinel = open({ kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port: 1 }], name: 'mymaster' }, { autoPipelining: true }) as Redis;
      expect(sentinel.options.enableAutoPipelining).toBe(true);
      expect(sentinel.options.sentinels).toEqual([{ host: '127.0.0.1', port: 1 }]);
      const cluster = open({ kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 1 }] }, { autoPipelining: true }) as Cluster;
      expect(cluster.options.enableAutoPipelining).toBe(true);
      expect(cluster.options.redisOptions?.maxRetriesPerRequest).toBeNull();
      const plainCluster = open({ kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 1 }] }) as Cluster;
      expect(plainCluster.options.enableAutoPipelining).toBe(false);
    } finally {
      for (const client of opened) client.disconnect();
    }
  });
});
