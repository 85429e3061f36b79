import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdpStub, type IdpStub } from '../bench/idp-stub.js';
import { createHarness, dumpPrefix, waitFor, type Harness } from './helpers.js';

let h: Harness;
let idp: IdpStub;

beforeAll(async () => {
  h = await createHarness('token-worker-stub-refresh');
  idp = await startIdpStub({ accessTokenTtl: 4, rotate: true });
  h.addClient({ clientId: idp.clientId, clientSecret: idp.clientSecret, discoveryUrl: idp.discoveryUrl, issuers: [idp.issuer], allowInsecureRequests: true });
});
afterAll(async () => {
  await h?.cleanup();
  await idp?.close();
});

describe('refresh against a local token endpoint', () => {
  it('refreshes a set at its refresh point and keeps a valid rotated refresh token', async () => {
    const worker = await h.startWorker();
    const { set } = await worker.addTokenSet({ userId: 'u1', clientId: idp.clientId, clientType: 'web', tokens: idp.issue() });
    const before = Date.now();
    const refreshed = await waitFor(async () => {
      const now = await h.store.get(set.id);
      return now !== undefined && now.version > set.version ? now : undefined;
    }, 10_000, 'first refresh');
    const elapsed = Date.now() - before;
    expect(elapsed).toBeGreaterThan(2_500); // due at 75% of 4 s, minus at most 2% jitter
    expect(refreshed.tokens.refreshToken).not.toBe(set.tokens.refreshToken);
    expect(idp.isValid(refreshed.tokens.refreshToken ?? '')).toBe(true);
    expect(refreshed.status).toBe('active');
    expect(h.events.some((e) => e.type === 'refreshed' && e.tokenSetId === set.id)).toBe(true);
    // The set's lock (its lease in the store) ended with the refresh: no lease key is left behind.
    const leaseKey = `{${h.store.keyPrefix}:${set.id.slice(0, 22)}}:l:${set.id.slice(23)}`;
    expect(await h.redis.exists(leaseKey)).toBe(0);
    // No token in Redis in plaintext, nor in the logs.
    const dump = await dumpPrefix(h.redis, h.prefix);
    const logs = h.logs.join('');
    for (const token of [set.tokens.accessToken, set.tokens.refreshToken ?? '', refreshed.tokens.accessToken, refreshed.tokens.refreshToken ?? '']) {
      expect(dump).not.toContain(token);
      expect(logs).not.toContain(token);
    }
  });
});
