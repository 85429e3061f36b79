import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { clientAuthFor } from './client-auth.js';
import { resolveClientAuth } from './resolve.js';
import type { WebexClientAuth } from './types.js';

const TOKEN_ENDPOINT = 'https://webexapis.com/v1/access_token';
const SERVER = { issuer: 'https://idbroker.webex.com/idb', token_endpoint: TOKEN_ENDPOINT } as client.ServerMetadata;
const SECRET = 'a-client-secret-of-64-characters-0123456789abcdef0123456789abcdef';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

async function send(clientAuth: WebexClientAuth | { clientSecret: string; tokenEndpointAuthMethod?: 'client_secret_post' }, secretAs?: 'client_secret_basic') {
  const options = 'method' in clientAuth ? { clientAuth } : clientAuth;
  const auth = clientAuthFor(resolveClientAuth(options), TOKEN_ENDPOINT, secretAs);
  const body = new URLSearchParams({ grant_type: 'refresh_token' });
  const headers = new Headers();
  await auth(SERVER, { client_id: 'C1a2b3' }, body, headers);
  return { body, headers };
}

describe('client assertions', () => {
  const cases: Array<[string, WebexClientAuth, Uint8Array | KeyObject, string, string | undefined]> = [
    ['client_secret_jwt HS256 (openid-client)', { method: 'client_secret_jwt', clientSecret: SECRET }, new TextEncoder().encode(SECRET), 'HS256', undefined],
    ['client_secret_jwt HS384 (jose)', { method: 'client_secret_jwt', clientSecret: SECRET, alg: 'HS384' }, new TextEncoder().encode(SECRET), 'HS384', undefined],
    ['client_secret_jwt HS512 (jose)', { method: 'client_secret_jwt', clientSecret: SECRET, alg: 'HS512' }, new TextEncoder().encode(SECRET), 'HS512', undefined],
    ['private_key_jwt RS256', { method: 'private_key_jwt', key: rsa.privateKey, kid: 'rsa-1' }, rsa.publicKey, 'RS256', 'rsa-1'],
    ['private_key_jwt PS384', { method: 'private_key_jwt', key: rsa.privateKey, alg: 'PS384' }, rsa.publicKey, 'PS384', undefined],
    ['private_key_jwt ES256', { method: 'private_key_jwt', key: ec.privateKey.export({ format: 'jwk' }) as never, kid: 'ec-1' }, ec.publicKey, 'ES256', 'ec-1'],
  ];
  it.each(cases)('%s: iss = sub = client id, aud = token endpoint, fresh jti, 60 s exp, signed as configured', async (_name, clientAuth, verifyKey, alg, kid) => {
    const first = await send(clientAuth);
    const second = await send(clientAuth);
    for (const { body, headers } of [first, second]) {
      expect(headers.get('authorization')).toBeNull();
      expect(body.get('client_secret')).toBeNull();
      expect(body.get('client_id')).toBe('C1a2b3');
      expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    }
    const assertion = first.body.get('client_assertion') ?? '';
    expect(assertion).not.toContain(SECRET);
    expect(decodeProtectedHeader(assertion)).toEqual(kid === undefined ? { alg } : { alg, kid });
    const { payload } = await jwtVerify(assertion, verifyKey, { algorithms: [alg], audience: TOKEN_ENDPOINT, issuer: 'C1a2b3', subject: 'C1a2b3' });
    expect(payload.aud).toBe(TOKEN_ENDPOINT);
    expect(payload.jti).toMatch(/^[\w-]{43}$/);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    const again = await jwtVerify(second.body.get('client_assertion') ?? '', verifyKey, { algorithms: [alg] });
    expect(again.payload.jti).not.toBe(payload.jti);
  });

  it('keeps a plain client secret as configured: Basic by default, post on request, Basic where the call forces it', async () => {
    const basic = await send({ clientSecret: SECRET });
    expect(basic.headers.get('authorization')).toMatch(/^Basic /);
    expect(basic.body.get('client_secret')).toBeNull();
    const post = await send({ clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_post' });
    expect(post.headers.get('authorization')).toBeNull();
    expect(post.body.get('client_secret')).toBe(SECRET);
    const forced = await send({ clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_post' }, 'client_secret_basic');
    expect(forced.headers.get('authorization')).toMatch(/^Basic /);
    const jwt = await send({ method: 'client_secret_jwt', clientSecret: SECRET }, 'client_secret_basic');
    expect(jwt.headers.get('authorization')).toBeNull();
    expect(jwt.body.get('client_assertion')).toEqual(expect.any(String));
  });
});
