import { describe, expect, it } from 'vitest';
import { FinesseClient, FinesseTokenManager, type FinesseTokenSet } from '../src/index.js';
import { directTokens, sleep, simulatorPerTest } from './helpers.js';

const { start, closers } = simulatorPerTest();

const LIFETIMES = 20;

describe('a session of many short access-token lifetimes', () => {
  it(
    `refreshes exactly once per lifetime over ${LIFETIMES} lifetimes with 50 concurrent calls at each refresh point, never sending an expired token`,
    async () => {
      const s = await start({ accessTokenTtlSeconds: 2 });
      const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: await directTokens(s) });
      const client = new FinesseClient({ baseUrl: s.url, auth: manager, agentId: '1001' });
      closers.push(() => client.close(), () => manager.close());
      const refreshed: FinesseTokenSet[] = [];
      manager.on('refreshed', (set) => refreshed.push(set));

      // A steady caller in the background, as a desktop polling its state would be.
      let steady = true;
      let steadyCalls = 0;
      const background = (async () => {
        while (steady) {
          await client.getUser();
          steadyCalls += 1;
          await sleep(40);
        }
      })();

      for (let lifetime = 1; lifetime <= LIFETIMES; lifetime += 1) {
        const before = s.stats().refreshes;
        await sleep(Math.max(0, manager.refreshDueAt - Date.now()) + 1);
        const users = await Promise.all(Array.from({ length: 50 }, () => client.getUser()));
        expect(users.every((user) => user.loginId === '1001')).toBe(true);
        expect(s.stats().refreshes).toBe(before + 1);
      }
      steady = false;
      await background;

      const stats = s.stats();
      expect(stats).toMatchObject({
        refreshes: LIFETIMES,
        refreshesByPost: LIFETIMES,
        duplicateRefreshes: 0,
        expiredTokenUses: 0,
        unauthorized: 0,
      });
      expect(stats.apiRequests).toBeGreaterThanOrEqual(LIFETIMES * 50 + steadyCalls);
      expect(refreshed).toHaveLength(LIFETIMES);
      expect(new Set(refreshed.map((set) => set.accessToken)).size).toBe(LIFETIMES);
      // The refresh token never came back, so the first one is kept throughout.
      expect(new Set(refreshed.map((set) => set.refreshToken)).size).toBe(1);
    },
    90_000,
  );

  it('keeps the token alive on the in-process timer without any API call', async () => {
    const s = await start({ accessTokenTtlSeconds: 2 });
    const initial = await directTokens(s);
    const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: initial });
    closers.push(() => manager.close());
    const refreshed: FinesseTokenSet[] = [];
    manager.on('refreshed', (set) => refreshed.push(set));
    manager.start();
    await sleep(initial.expiresAt - Date.now() + 1_500);
    manager.stop();
    expect(refreshed.length).toBeGreaterThanOrEqual(2);
    expect(manager.tokenSet.expiresAt).toBeGreaterThan(Date.now());
    expect(s.stats()).toMatchObject({ refreshes: refreshed.length, duplicateRefreshes: 0, apiRequests: 0 });
    // The timer is stopped: nothing more happens.
    const count = s.stats().refreshes;
    await sleep(2_100);
    expect(s.stats().refreshes).toBe(count);
  });

  it('does not keep the process alive: the timer is unref()ed', async () => {
    const s = await start({ accessTokenTtlSeconds: 300 });
    const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: await directTokens(s) });
    closers.push(() => manager.close());
    manager.start();
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    manager.stop();
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // An unref()ed timer is not listed as an active resource, so starting adds none.
    expect(timers).toBe(after);
  });
});
