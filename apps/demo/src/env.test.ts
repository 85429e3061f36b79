import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';
import { isDemoError } from './errors.js';

describe('readEnv', () => {
  it('defaults to the README ports, 60 s access tokens and the local Redis', () => {
    const env = readEnv({});
    expect(env.ports).toEqual({ app: 3000, worker: 3100, sandbox: 4000, finesse: 4100 });
    expect(env.accessTokenTtl).toBe(60);
    expect(env.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(env.chromiumPath).toBe('/usr/bin/chromium');
  });

  it('takes overrides', () => {
    const env = readEnv({ DEMO_APP_PORT: '8080', DEMO_WORKER_PORT: '0', DEMO_ACCESS_TOKEN_TTL: '10', REDIS_URL: 'redis://10.0.0.1:6380', CHROMIUM_PATH: '/opt/chrome' });
    expect(env.ports.app).toBe(8080);
    expect(env.ports.worker).toBe(0);
    expect(env.accessTokenTtl).toBe(10);
    expect(env.redisUrl).toBe('redis://10.0.0.1:6380');
    expect(env.chromiumPath).toBe('/opt/chrome');
  });

  it('names the bad variable', () => {
    for (const [name, value] of [['DEMO_APP_PORT', '70000'], ['DEMO_SANDBOX_PORT', 'x'], ['DEMO_ACCESS_TOKEN_TTL', '1']] as const) {
      let error: unknown;
      try {
        readEnv({ [name]: value });
      } catch (err) {
        error = err;
      }
      expect(isDemoError(error, 'config_invalid')).toBe(true);
      expect((error as Error).message).toContain(name);
    }
  });
});
