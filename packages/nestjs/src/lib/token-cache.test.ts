import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.js';

function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TokenCache', () => {
  it('calls the loader once per token per TTL, concurrent callers included', async () => {
    const c = clock();
    const cache = new TokenCache<string>(1_000, 100, () => true, c.now);
    let calls = 0;
    const load = async (token: string): Promise<string> => {
      calls += 1;
      await Promise.resolve();
      return `user-of-${token}`;
    };
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual(['user-of-a', 'user-of-a']);
    expect(calls).toBe(1);
    c.advance(999);
    await cache.get('a', load);
    expect(calls).toBe(1);
    c.advance(1);
    await cache.get('a', load);
    expect(calls).toBe(2);
    await cache.get('b', load);
    expect(calls).toBe(3);
  });

  it('keeps definitive rejections and drops the others at once', async () => {
    const cache = new TokenCache<string>(1_000, 100, (err) => (err as Error).message === 'revoked');
    let calls = 0;
    const failWith = (message: string) => () => {
      calls += 1;
      return Promise.reject(new Error(message));
    };
    await expect(cache.get('t', failWith('revoked'))).rejects.toThrow('revoked');
    await expect(cache.get('t', failWith('revoked'))).rejects.toThrow('revoked');
    expect(calls).toBe(1);
    await expect(cache.get('u', failWith('down'))).rejects.toThrow('down');
    await Promise.resolve();
    await expect(cache.get('u', failWith('down'))).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('keys entries by SHA-256, never by the token, and evicts the oldest past maxEntries', async () => {
    const cache = new TokenCache<number>(60_000, 2, () => true);
    const secret = 'very-secret-access-token';
    await cache.get(secret, () => Promise.resolve(1));
    const keys = [...(cache as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(secret);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await cache.get('b', () => Promise.resolve(2));
    await cache.get('c', () => Promise.resolve(3));
    expect(cache.size).toBe(2);
    expect(await cache.get(secret, () => Promise.resolve(4))).toBe(4); // evicted, loaded again
    expect(await cache.get('c', () => Promise.resolve(5))).toBe(3); // still cached
  });

  it('with ttl 0 calls through every time', async () => {
    const cache = new TokenCache<number>(0, 10, () => true);
    let calls = 0;
    await cache.get('x', () => Promise.resolve((calls += 1)));
    await cache.get('x', () => Promise.resolve((calls += 1)));
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });
});
