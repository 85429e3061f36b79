import { type FinesseSimulator } from '@webex-oidc/sandbox';
import { describe, expect, it } from 'vitest';
import {
  FinesseClient,
  FinesseError,
  FinesseErrorCode,
  FinesseTokenManager,
  type FinesseTokenSet,
  refreshFinesseTokens,
} from '../src/index.js';
import { directTokens, sleep, ssoSignIn, simulatorPerTest } from './helpers.js';

const { start, closers, forget } = simulatorPerTest();

function setup(s: FinesseSimulator, tokenSet: FinesseTokenSet, options: Partial<ConstructorParameters<typeof FinesseTokenManager>[0]> = {}) {
  const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet, ...options });
  const client = new FinesseClient({ baseUrl: s.url, auth: manager, agentId: '1001' });
  closers.push(() => client.close(), () => manager.close());
  return { manager, client };
}

async function rejection(promise: Promise<unknown>): Promise<FinesseError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FinesseError);
  return err as FinesseError;
}

describe('refresh, 401 handling and re-authentication', () => {
  it('a 401 refreshes once and retries once', async () => {
    const s = await start();
    const { client, manager } = setup(s, await directTokens(s));
    const old = manager.tokenSet.accessToken;
    s.revokeAccessTokens('1001');
    const before = s.stats();
    expect((await client.getUser()).loginId).toBe('1001');
    const after = s.stats();
    expect(after.refreshes - before.refreshes).toBe(1);
    expect(after.apiRequests - before.apiRequests).toBe(2);
    expect(after.unauthorized - before.unauthorized).toBe(1);
    expect(manager.tokenSet.accessToken).not.toBe(old);
  });

  it('50 concurrent calls that all get 401 share one refresh', async () => {
    const s = await start();
    const { client } = setup(s, await directTokens(s));
    s.revokeAccessTokens('1001');
    await Promise.all(Array.from({ length: 50 }, () => client.getUser()));
    expect(s.stats()).toMatchObject({ refreshes: 1, duplicateRefreshes: 0, unauthorized: 50, apiRequests: 100 });
  });

  it('a second 401 after the retry is `unauthorized`, with one refresh only', async () => {
    const s = await start();
    const { client } = setup(s, await directTokens(s));
    const err = await rejection(client.getUser('1002'));
    expect(err).toMatchObject({ code: FinesseErrorCode.Unauthorized, status: 401 });
    expect(s.stats()).toMatchObject({ refreshes: 1, apiRequests: 2, unauthorized: 2 });
  });

  it('a gone refresh token emits reauth_required once, then works again after a new sign-in', async () => {
    const s = await start({ accessTokenTtlSeconds: 2 });
    const { client, manager } = setup(s, await ssoSignIn(s));
    const events: FinesseError[] = [];
    manager.on('reauth_required', (err) => events.push(err));
    s.revokeRefreshTokens('1001');
    await sleep(manager.refreshDueAt - Date.now() + 1);
    const first = await rejection(client.getUser());
    expect(first).toMatchObject({ code: FinesseErrorCode.ReauthRequired, status: 401, transient: false });
    expect(manager.reauthRequired).toBe(true);
    const second = await rejection(client.getUser());
    expect(second.code).toBe(FinesseErrorCode.ReauthRequired);
    expect(events).toHaveLength(1);
    expect(s.stats()).toMatchObject({ refreshesRejected: 1, apiRequests: 0 });

    manager.setTokenSet(await ssoSignIn(s));
    expect(manager.reauthRequired).toBe(false);
    expect((await client.getUser()).loginId).toBe('1001');
  });

  it('a refresh redirected to the IdS login page is reauth_required too (through a 401)', async () => {
    const s = await start({ refreshTokenGoneResponse: 'redirect' });
    const { client, manager } = setup(s, await directTokens(s));
    const events: FinesseError[] = [];
    manager.on('reauth_required', (err) => events.push(err));
    s.revokeAccessTokens('1001');
    s.revokeRefreshTokens('1001');
    expect(await rejection(client.getUser())).toMatchObject({ code: FinesseErrorCode.ReauthRequired, status: 302 });
    expect(events).toHaveLength(1);
  });

  it('a transient refresh failure keeps the still-valid token and emits refresh_failed', async () => {
    const s = await start({ accessTokenTtlSeconds: 4 });
    const { client, manager } = setup(s, await directTokens(s));
    const failures: FinesseError[] = [];
    manager.on('refresh_failed', (err) => failures.push(err));
    const old = manager.tokenSet.accessToken;
    await sleep(manager.refreshDueAt - Date.now() + 1);
    s.failTokenRequests(1, 503);
    expect((await client.getUser()).loginId).toBe('1001');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: FinesseErrorCode.ApiError, status: 503, transient: true });
    expect(manager.tokenSet.accessToken).toBe(old);
    await client.getUser();
    expect(manager.tokenSet.accessToken).not.toBe(old);
    expect(s.stats()).toMatchObject({ refreshes: 1, expiredTokenUses: 0 });
  });

  it('refreshes with the GET form when configured, using the login name as cc_username', async () => {
    const s = await start();
    const { manager } = setup(s, await ssoSignIn(s), { method: 'GET' });
    await manager.refresh();
    expect(s.stats()).toMatchObject({ refreshesByGet: 1, refreshesByPost: 0 });
  });

  it('refreshes at a configurable share of the life', async () => {
    const s = await start({ accessTokenTtlSeconds: 100 });
    const tokens = await directTokens(s);
    const { manager } = setup(s, tokens, { refreshRatio: 0.5 });
    expect(manager.refreshDueAt).toBe(tokens.issuedAt + 50_000);
    expect(() => new FinesseTokenManager({ baseUrl: s.url, tokenSet: tokens, refreshRatio: 1 })).toThrow(/refreshRatio/);
  });
});

describe('refreshFinesseTokens (for the token worker)', () => {
  it('keeps the old refresh token when none comes back, takes a new one when rotated', async () => {
    const s = await start({ accessTokenTtlSeconds: 60 });
    const tokens = await directTokens(s);
    const next = await refreshFinesseTokens({ baseUrl: s.url }, tokens);
    expect(next.refreshToken).toBe(tokens.refreshToken);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.expiresAt - next.issuedAt).toBe(60_000);
    await s.close();
    const rotating = await start({ rotateRefreshTokens: true });
    const first = await directTokens(rotating);
    const rotated = await refreshFinesseTokens({ baseUrl: rotating.url, method: 'GET' }, first);
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect(await rejection(refreshFinesseTokens({ baseUrl: rotating.url }, first))).toMatchObject({ code: 'reauth_required' });
  });

  it('classifies failures as transient or permanent', async () => {
    const s = await start();
    const tokens = await directTokens(s);
    s.failTokenRequests(1, 503);
    expect(await rejection(refreshFinesseTokens({ baseUrl: s.url }, tokens))).toMatchObject({ code: 'finesse_api_error', status: 503, transient: true });
    expect(await rejection(refreshFinesseTokens({ baseUrl: s.url }, { ...tokens, refreshToken: undefined }))).toMatchObject({
      code: 'reauth_required',
      transient: false,
    });
    s.revokeRefreshTokens('1001');
    const gone = await rejection(refreshFinesseTokens({ baseUrl: s.url }, tokens));
    expect(gone).toMatchObject({ code: 'reauth_required', status: 401, transient: false });
    expect(gone.message).not.toContain(tokens.refreshToken ?? '');
    const url = s.url;
    await s.close();
    forget();
    expect(await rejection(refreshFinesseTokens({ baseUrl: url }, tokens))).toMatchObject({ code: 'network_error', transient: true });
  });
});
