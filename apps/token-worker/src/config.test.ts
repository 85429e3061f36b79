import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-reader.js';
import { loadConfig } from './config.js';

const KEY = Buffer.alloc(32, 1).toString('base64');
const base = { TOKEN_WORKER_CLIENT_ID: 'c', TOKEN_WORKER_CLIENT_SECRET: 's', TOKEN_WORKER_STORE_KEYS: `k1:${KEY}` };

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(base);
    expect(config.redis).toEqual({ kind: 'url', url: 'redis://127.0.0.1:6379' });
    expect(config.queue).toMatchObject({ prefix: '{token-worker}', name: 'token-refresh', concurrency: 50 });
    expect(config.store.keyring.current).toBe('k1');
    expect(config.store.keyring.keys).toEqual({ k1: KEY }); // not enumerable: see the logging test below
    expect(config.policy.refreshAt).toBe(0.75);
    expect(config.http).toEqual({ port: 9464, host: '0.0.0.0', dashboard: true });
  });
  it('lets env vars win over the file', () => {
    const config = loadConfig({ ...base, TOKEN_WORKER_CONCURRENCY: '7', TOKEN_WORKER_REFRESH_AT: '0.5' }, { queue: { concurrency: 3 }, policy: { web: { autoExtendRefreshToken: true } } });
    expect(config.queue.concurrency).toBe(7);
    expect(config.policy.refreshAt).toBe(0.5);
    expect(config.policy.web.autoExtendRefreshToken).toBe(true);
  });
  it('reads Sentinel and Cluster settings and wants a hash tag on Cluster', () => {
    expect(loadConfig({ ...base, TOKEN_WORKER_REDIS_SENTINELS: 'a:26379,b:26379', TOKEN_WORKER_REDIS_SENTINEL_NAME: 'mymaster' }).redis).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 'a', port: 26379 }, { host: 'b', port: 26379 }],
      name: 'mymaster',
      password: undefined,
    });
    expect(() => loadConfig({ ...base, TOKEN_WORKER_REDIS_CLUSTER_NODES: 'a:7000', TOKEN_WORKER_QUEUE_PREFIX: 'tw' })).toThrow(/hash tag/);
  });
  it('refuses a limiter duration without a limiter max instead of ignoring it', () => {
    expect(() => loadConfig({ ...base, TOKEN_WORKER_LIMITER_DURATION_MS: '500' })).toThrow(/needs TOKEN_WORKER_LIMITER_MAX/);
    expect(loadConfig({ ...base, TOKEN_WORKER_LIMITER_MAX: '10', TOKEN_WORKER_LIMITER_DURATION_MS: '500' }).queue.limiter).toEqual({ max: 10, durationMs: 500 });
  });
  it('names a Sentinel entry without a port as the user wrote it', () => {
    expect(() =>
      loadConfig({ ...base, TOKEN_WORKER_REDIS_SENTINELS: 'redis1,b:26379', TOKEN_WORKER_REDIS_SENTINEL_NAME: 'mymaster' }),
    ).toThrow(/TOKEN_WORKER_REDIS_SENTINELS has an entry that is not host:port: "redis1" \(no port\)/);
  });
  it('lists every problem at once, without echoing secrets', () => {
    try {
      loadConfig({
        TOKEN_WORKER_CONCURRENCY: 'lots',
        TOKEN_WORKER_WEBHOOK_URL: 'https://x',
        TOKEN_WORKER_POLICY: '{"web":{"accessTokenTtlMinutes":5}}',
        // A secret pasted into the wrong variables: named, never echoed.
        TOKEN_WORKER_CLIENT_ID: 'c',
        TOKEN_WORKER_CLIENT_SECRET: 'CLIENT-SECRET-9',
        TOKEN_WORKER_CLIENT_AUTH_METHOD: 'CLIENT-SECRET-9',
        TOKEN_WORKER_CLIENT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----PRIVATE-KEY-9',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/TOKEN_WORKER_CONCURRENCY/);
      expect(problems).toMatch(/WEBHOOK_SECRET/);
      expect(problems).toMatch(/accessTokenTtlMinutes/);
      expect(problems).toMatch(/encryption key/);
      expect(problems).toMatch(/TOKEN_WORKER_CLIENT_AUTH_METHOD must be one of .*; got an unsupported value/);
      expect(problems).toMatch(/TOKEN_WORKER_CLIENT_PRIVATE_KEY is not read/);
      expect(`${problems} ${(err as Error).message}`).not.toMatch(/CLIENT-SECRET-9|PRIVATE-KEY-9/);
    }
    expect(() => loadConfig({ TOKEN_WORKER_STORE_KEYS: base.TOKEN_WORKER_STORE_KEYS })).toThrow(/no Webex client/);
  });
  it('keeps the client secret readable but out of a logged or serialised configuration', () => {
    const config = loadConfig({ ...base, TOKEN_WORKER_CLIENT_SECRET: 'CLIENT-SECRET-9' }, { clients: [{ clientId: 'f', clientSecret: 'FILE-SECRET-9' }] });
    expect(config.clients[0]?.clientSecret).toBe('CLIENT-SECRET-9');
    expect(inspect(config, { depth: Infinity }) + JSON.stringify(config)).not.toMatch(/CLIENT-SECRET-9/);
    const fromFile = loadConfig({ TOKEN_WORKER_STORE_KEYS: base.TOKEN_WORKER_STORE_KEYS }, { clients: [{ clientId: 'f', clientSecret: 'FILE-SECRET-9' }] });
    expect(fromFile.clients[0]?.clientSecret).toBe('FILE-SECRET-9');
    expect(inspect(fromFile, { depth: Infinity }) + JSON.stringify(fromFile)).not.toMatch(/FILE-SECRET-9/);
  });
  it('keeps store keys, the webhook secret and Redis passwords readable but out of a logged configuration', () => {
    const storeKey = Buffer.alloc(32, 7).toString('base64');
    const shown = (config: object) => inspect(config, { depth: Infinity }) + JSON.stringify(config);
    const config = loadConfig({
      ...base,
      TOKEN_WORKER_STORE_KEYS: `k7:${storeKey}`,
      TOKEN_WORKER_WEBHOOK_URL: 'https://hooks.example.com/token-events',
      TOKEN_WORKER_WEBHOOK_SECRET: 'WEBHOOK-SECRET-9',
      TOKEN_WORKER_REDIS_URL: 'redis://:REDIS-PASSWORD-9@redis.internal:6379/0',
    });
    expect(config.store.keyring.keys).toEqual({ k7: storeKey });
    expect(config.events.webhook?.secret).toBe('WEBHOOK-SECRET-9');
    expect(config.redis).toMatchObject({ kind: 'url' });
    expect(config.redis.kind === 'url' ? config.redis.url : '').toBe('redis://:REDIS-PASSWORD-9@redis.internal:6379/0');
    expect(shown(config)).not.toContain(storeKey);
    expect(shown(config)).not.toMatch(/WEBHOOK-SECRET-9|REDIS-PASSWORD-9/);
    expect(shown(config)).toContain('hooks.example.com'); // what is not secret stays visible
    const plainUrl = loadConfig({ ...base, TOKEN_WORKER_REDIS_URL: 'redis://redis.internal:6379' });
    expect(shown(plainUrl)).toContain('redis://redis.internal:6379');
    const sentinel = loadConfig({
      ...base,
      TOKEN_WORKER_REDIS_SENTINELS: 's1:26379',
      TOKEN_WORKER_REDIS_SENTINEL_NAME: 'main',
      TOKEN_WORKER_REDIS_PASSWORD: 'REDIS-PASSWORD-9',
    });
    expect(sentinel.redis.kind === 'sentinel' ? sentinel.redis.password : '').toBe('REDIS-PASSWORD-9');
    expect(shown(sentinel)).not.toMatch(/REDIS-PASSWORD-9/);
  });
});
