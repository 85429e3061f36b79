import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { CALLBACK, authorizeUrl, claims, userinfo } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

function fragment(url: URL): URLSearchParams {
  expect(url.search).toBe('');
  return new URLSearchParams(url.hash.slice(1));
}

describe('implicit flow', () => {
  it('response_type=id_token returns an ID token in the fragment', async () => {
    const url = await sandbox.signIn(authorizeUrl(sandbox, { response_type: 'id_token', state: 's1', nonce: 'n1' }));
    expect(url.origin + url.pathname).toBe(CALLBACK);
    const params = fragment(url);
    expect(params.get('state')).toBe('s1');
    expect(params.has('access_token')).toBe(false);
    expect(params.has('iss')).toBe(false);
    expect(claims(params.get('id_token'))).toMatchObject({ nonce: 'n1', iss: sandbox.issuer, email: 'alice@example.com' });
  });

  it('response_type=id_token token returns both, with a matching at_hash', async () => {
    const url = await sandbox.signIn(authorizeUrl(sandbox, { response_type: 'id_token token', nonce: 'n2' }));
    const params = fragment(url);
    const accessToken = params.get('access_token') ?? '';
    expect(params.get('token_type')).toBe('Bearer');
    const id = claims(params.get('id_token'));
    const digest = createHash('sha256').update(accessToken).digest();
    expect(id.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
    expect((await userinfo(sandbox, accessToken)).status).toBe(200);
  });

  it('response_type=token alone returns only an access token', async () => {
    const url = await sandbox.signIn(authorizeUrl(sandbox, { response_type: 'token', scope: 'spark:all', state: 's3' }));
    const params = fragment(url);
    expect(params.get('state')).toBe('s3');
    expect(params.has('id_token')).toBe(false);
    expect(params.has('sandbox_token_only')).toBe(false);
    expect(params.get('access_token')).toEqual(expect.any(String));
    expect(Number(params.get('expires_in'))).toBe(3600);
    const me = await fetch(`${sandbox.apiBaseUrl}/people/me`, {
      headers: { authorization: `Bearer ${params.get('access_token') ?? ''}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as Record<string, unknown>).emails).toEqual(['alice@example.com']);
  });
});
