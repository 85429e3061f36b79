import { afterEach, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { completeSsoLogin, type FinesseSimulator, startFinesseSimulator } from '../src/finesse/index.js';

let sim: FinesseSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const ssoUrl = (s: FinesseSimulator, user: string): string =>
  `${s.url}/desktop/sso/token?cc_username=${encodeURIComponent(user)}&return_refresh_token=true`;

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, redirect: 'manual' });
}

async function refreshPost(s: FinesseSimulator, token: string, refreshToken: string): Promise<Response> {
  return fetch(`${s.url}/desktop/sso/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, 'refresh-token': refreshToken }).toString(),
    redirect: 'manual',
  });
}

describe('Finesse simulator: SSO token endpoint', () => {
  it('redirects an unauthenticated SSO fetch to the IdS login page, then issues an RS256 pair', async () => {
    sim = await startFinesseSimulator({ accessTokenTtlSeconds: 60 });
    const first = await get(ssoUrl(sim, 'jsmith'));
    expect(first.status).toBe(302);
    const location = new URL(first.headers.get('location') ?? '', sim.url);
    expect(location.pathname).toBe('/ids/login');
    const page = await get(location.href);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="/ids/login">');

    const json = JSON.parse(await completeSsoLogin(ssoUrl(sim, 'jsmith'), { username: 'jsmith', password: 'password' })) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['expires_in', 'realm', 'refresh_token', 'token', 'user_id', 'user_principal']);
    expect(json['expires_in']).toBe(60);
    expect(json['user_id']).toBe('jsmith');
    expect(decodeProtectedHeader(String(json['token'])).alg).toBe('RS256');
    expect(decodeProtectedHeader(String(json['refresh_token'])).alg).toBe('RS256');
    expect(decodeJwt(String(json['token'])).sub).toBe('1001');
    expect(sim.stats()).toMatchObject({ idsLogins: 1, tokensIssued: 1 });
  });

  it('refuses a wrong password and a session for another user', async () => {
    sim = await startFinesseSimulator();
    await expect(completeSsoLogin(ssoUrl(sim, 'jsmith'), { username: 'jsmith', password: 'nope' })).rejects.toThrow(/401/);
    await expect(completeSsoLogin(ssoUrl(sim, 'jsmith'), { username: 'bwayne', password: 'password' })).rejects.toThrow(/401/);
    expect(sim.stats().tokensIssued).toBe(0);
  });

  it('refreshes with the POST form without a new refresh token, and with the GET form', async () => {
    sim = await startFinesseSimulator();
    const pair = await sim.issueTokens('1001');
    const post = await refreshPost(sim, pair.token, pair.refresh_token ?? '');
    expect(post.status).toBe(200);
    const posted = (await post.json()) as Record<string, unknown>;
    expect(posted['refresh_token']).toBeUndefined();
    expect(posted['token']).not.toBe(pair.token);
    const getForm = await get(`${sim.url}/desktop/sso/token?cc_username=jsmith&refresh-token=${encodeURIComponent(pair.refresh_token ?? '')}`);
    expect(getForm.status).toBe(200);
    expect(((await getForm.json()) as Record<string, unknown>)['token']).toEqual(expect.any(String));
    expect(sim.stats()).toMatchObject({ refreshes: 2, refreshesByPost: 1, refreshesByGet: 1, duplicateRefreshes: 0 });
    // Refreshing the same access token twice is counted as a duplicate.
    expect((await refreshPost(sim, pair.token, pair.refresh_token ?? '')).status).toBe(200);
    expect(sim.stats().duplicateRefreshes).toBe(1);
  });

  it('rotates refresh tokens when asked, and the old one stops working', async () => {
    sim = await startFinesseSimulator({ rotateRefreshTokens: true });
    const pair = await sim.issueTokens('1001');
    const first = (await (await refreshPost(sim, pair.token, pair.refresh_token ?? '')).json()) as Record<string, string>;
    expect(first['refresh_token']).toEqual(expect.any(String));
    expect(first['refresh_token']).not.toBe(pair.refresh_token);
    const reused = await refreshPost(sim, String(first['token']), pair.refresh_token ?? '');
    expect(reused.status).toBe(401);
    expect(await reused.text()).toContain('<ErrorType>Invalid Authorization</ErrorType>');
  });

  it('answers a gone refresh token with 401, or a redirect to IdS when configured', async () => {
    sim = await startFinesseSimulator();
    const pair = await sim.issueTokens('1001');
    sim.revokeRefreshTokens('1001');
    expect((await refreshPost(sim, pair.token, pair.refresh_token ?? '')).status).toBe(401);
    await sim.close();
    sim = await startFinesseSimulator({ refreshTokenGoneResponse: 'redirect', refreshTokenTtlSeconds: 1 });
    const short = await sim.issueTokens('1001');
    await new Promise((r) => setTimeout(r, 1100));
    const answer = await refreshPost(sim, short.token, short.refresh_token ?? '');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toMatch(/^\/ids\/login\?return_to=/);
    expect(sim.stats().refreshesRejected).toBe(1);
  });

  it('rejects an expired access token with a 401 ApiErrors and counts it', async () => {
    sim = await startFinesseSimulator({ accessTokenTtlSeconds: 1 });
    const pair = await sim.issueTokens('1001');
    const ok = await get(`${sim.url}/finesse/api/User/1001`, { authorization: `Bearer ${pair.token}` });
    expect(ok.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    const expired = await get(`${sim.url}/finesse/api/User/1001`, { authorization: `Bearer ${pair.token}` });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toMatch(/<ApiErrors><ApiError><ErrorType>Authorization Failure<\/ErrorType>/);
    expect(sim.stats()).toMatchObject({ unauthorized: 1, expiredTokenUses: 1, apiRequests: 2 });
  });

  it('answers injected failures on the token endpoint', async () => {
    sim = await startFinesseSimulator();
    const pair = await sim.issueTokens('1001');
    sim.failTokenRequests(1, 503);
    expect((await refreshPost(sim, pair.token, pair.refresh_token ?? '')).status).toBe(503);
    expect((await refreshPost(sim, pair.token, pair.refresh_token ?? '')).status).toBe(200);
  });
});
