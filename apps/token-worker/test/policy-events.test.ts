import { refreshTokens, type WebexConfig } from '@webex-oidc/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, waitFor, type Harness } from './helpers.js';
import { signIn, startTestSandbox } from './sandbox.js';

const TOKEN_PATH = '/v1/access_token';
let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;

beforeAll(async () => {
  h = await createHarness('token-worker-policy-events');
  // Refresh tokens live 12 s, access tokens 4 s (refresh point at 3 s).
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: false, refreshTokenTtl: 12 }));
});
afterAll(async () => {
  await h?.cleanup();
  await sandbox?.close();
});

/** Each test starts its own worker (the policy differs); close them between tests, failed or not. */
async function closeWorkers() {
  for (const worker of h.workers.splice(0)) await worker.close();
}
afterEach(closeWorkers);

describe('token policy and events against the sandbox', () => {
  it('emits reauth_soon once, before the refresh token\'s absolute expiry', async () => {
    const worker = await h.startWorker({ timing: { reauthSoonMs: 10_000, lastChanceMs: 1_000 } });
    const tokens = await signIn(sandbox, config, 'alice@example.com');
    expect(tokens.refreshExpiresAt).toBeDefined();
    const { set } = await worker.addTokenSet({ userId: 'alice', clientId: sandbox.client.clientId, clientType: 'web', tokens });
    const event = await waitFor(() => h.events.find((e) => e.type === 'reauth_soon' && e.tokenSetId === set.id), 10_000, 'reauth_soon');
    expect(event.reason).toBe('refresh_token_expiring');
    // The same absolute expiry — or up to 1 s earlier when a refresh ran first: the IdP counts
    // `refresh_token_expires_in` in whole seconds and core keeps the earlier of the two.
    expect(event.refreshExpiresAt).toBeLessThanOrEqual(tokens.refreshExpiresAt ?? 0);
    expect(event.refreshExpiresAt).toBeGreaterThanOrEqual((tokens.refreshExpiresAt ?? 0) - 1_000);
    expect(event.at).toBeLessThan(tokens.refreshExpiresAt ?? 0);
    expect(event.at).toBeGreaterThanOrEqual((tokens.refreshExpiresAt ?? 0) - 10_000 - 500);
    // Refreshing goes on meanwhile (Webex refresh tokens do not extend) and the event is not repeated.
    await waitFor(async () => ((await h.store.get(set.id))?.metadata.refreshCount ?? 0) >= 1, 10_000, 'a refresh after reauth_soon');
    expect(h.events.filter((e) => e.type === 'reauth_soon' && e.tokenSetId === set.id)).toHaveLength(1);
    const after = (await h.store.get(set.id))?.refreshExpiresAt ?? Number.POSITIVE_INFINITY;
    expect(after).toBeLessThanOrEqual(tokens.refreshExpiresAt ?? 0); // not extended by the refresh
    expect(after).toBeGreaterThan((tokens.refreshExpiresAt ?? 0) - 2_000);
  });

  it('client access off: no refresh, the set is revoked (also at the IdP) and a revoked event goes out', async () => {
    const tokens = await signIn(sandbox, config, 'bob@example.com');
    // Stored while access was on (e.g. by a sign-in adapter), then the policy turns web access off.
    const { set } = await h.store.add({ userId: 'bob', clientId: sandbox.client.clientId, clientType: 'web', tokens }, { maxPerUserClient: 10 });
    const worker = await h.startWorker({ policy: { web: { clientAccess: false } } });
    const calls = sandbox.requestCount(TOKEN_PATH);
    expect(await worker.scheduleTokenSet(set.id)).toBe('added');
    await waitFor(async () => (await h.store.get(set.id))?.status === 'revoked', 10_000, 'revoked');
    const event = await waitFor(() => h.events.find((e) => e.type === 'revoked' && e.tokenSetId === set.id), 5_000, 'revoked event');
    expect(event.reason).toBe('client_access_off');
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(calls); // no refresh was attempted
    await expect(refreshTokens(config, tokens)).rejects.toMatchObject({ code: 'invalid_grant' }); // revoked at the IdP
    expect(await worker.queue.getJob(set.id)).toBeUndefined();
    const ok = (await worker.metrics.refreshes.get()).values.find((v) => v.labels.result === 'revoked');
    expect(ok?.value).toBe(1);
  });

  it('emits refresh_failed on a transient failure, then refreshes on the retry', async () => {
    const worker = await h.startWorker({ retry: { baseMs: 200, maxMs: 1_000 }, timing: { reauthSoonMs: 1_000, lastChanceMs: 1_000 } });
    const tokens = await signIn(sandbox, config, 'alice@example.com');
    const { set } = await worker.addTokenSet({ userId: 'carol', clientId: sandbox.client.clientId, clientType: 'web', tokens });
    sandbox.setFaults([{ path: TOKEN_PATH, status: 503, times: 1_000 }]); // until this set has failed once
    const failed = await waitFor(() => h.events.find((e) => e.type === 'refresh_failed' && e.tokenSetId === set.id), 10_000, 'refresh_failed');
    sandbox.setFaults([]);
    expect(failed.reason).toBe('server_error');
    const refreshed = await waitFor(() => h.events.find((e) => e.type === 'refreshed' && e.tokenSetId === set.id), 10_000, 'refreshed after the retry');
    expect(refreshed.at).toBeGreaterThan(failed.at);
    expect((await h.store.get(set.id))?.status).toBe('active');
    expect(JSON.stringify(failed)).not.toContain(tokens.refreshToken ?? 'no-refresh-token');
  });
});
