import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImplicitUrl, ErrorCode, fetchUserinfo, implicitCallback, type WebexConfig } from './support/exports.js';
import { configFor, failure, sandbox } from './support/sandbox.js';

let sb: Sandbox;
let config: WebexConfig;
beforeAll(async () => {
  sb = await sandbox();
  config = configFor(sb);
});
afterAll(() => sb?.close());

describe('implicit flows against the sandbox', () => {
  it('id_token: validates the ID token from the fragment', async () => {
    const { url, checks } = await buildImplicitUrl(config, { responseType: 'id_token' });
    const redirect = await sb.signIn(url);
    expect(redirect.search).toBe('');
    const result = await implicitCallback(config, redirect, checks);
    expect(result.claims?.email).toBe('alice@example.com');
    expect(result.claims?.nonce).toBe(checks.nonce);
    expect(result.accessToken).toBeUndefined();
  });

  it('id_token token: validates at_hash and returns a usable access token', async () => {
    const { url, checks } = await buildImplicitUrl(config, { responseType: 'id_token token', scope: 'openid email' });
    const redirect = await sb.signIn(url);
    const result = await implicitCallback(config, redirect.hash, checks);
    expect(result.claims?.at_hash).toEqual(expect.any(String));
    expect(result.expiresAt).toBeGreaterThan(Date.now());
    const info = await fetchUserinfo(config, result.accessToken ?? '', { expectedSub: result.claims?.sub });
    expect(info.email).toBe('alice@example.com');
    // an access token swapped in from another response fails at_hash
    const other = await buildImplicitUrl(config, { responseType: 'id_token token' });
    const otherRedirect = await sb.signIn(other.url);
    const swapped = new URLSearchParams(redirect.hash.slice(1));
    swapped.set('access_token', new URLSearchParams(otherRedirect.hash.slice(1)).get('access_token') ?? '');
    const err = await failure(implicitCallback(config, swapped.toString(), checks));
    expect(err).toMatchObject({ code: ErrorCode.IdTokenInvalid, reason: 'at_hash' });
  });

  it('token: returns the access token', async () => {
    const { url, checks } = await buildImplicitUrl(config, { responseType: 'token', scope: 'openid spark:people_read' });
    expect(url.searchParams.get('response_type')).toBe('token');
    const redirect = await sb.signIn(url);
    const result = await implicitCallback(config, redirect, checks);
    expect(result.accessToken).toEqual(expect.any(String));
    expect(result.idToken).toBeUndefined();
  });

  it('rejects a state mismatch and a nonce from another request', async () => {
    const a = await buildImplicitUrl(config, { responseType: 'id_token' });
    const b = await buildImplicitUrl(config, { responseType: 'id_token' });
    const redirect = await sb.signIn(a.url);
    expect((await failure(implicitCallback(config, redirect, b.checks))).code).toBe(ErrorCode.StateMismatch);
    const err = await failure(implicitCallback(config, redirect, { ...a.checks, nonce: b.checks.nonce ?? '' }));
    expect(err.code).toBe(ErrorCode.NonceMismatch);
  });
});
