import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxClient } from '../src/index.js';
import { authorizeUrl, CALLBACK, postForm, s256, verifier, type TokenAnswer } from './helpers.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let sandbox: Sandbox;
let rsaKey: CryptoKey;
let ecKey: CryptoKey;
const secretClient: SandboxClient = {
  clientId: 'hmac-app',
  clientSecret: randomBytes(32).toString('base64url'),
  redirectUris: [CALLBACK],
  tokenEndpointAuthMethod: 'client_secret_jwt',
};
let keyClient: SandboxClient;

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES384');
  rsaKey = rsa.privateKey;
  ecKey = ec.privateKey;
  const keys: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1' },
  ];
  keyClient = { clientId: 'key-app', clientSecret: 'unused', redirectUris: [CALLBACK], tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys } };
  sandbox = await startSandbox({ quiet: true, deviceInterval: 1, clients: [secretClient, keyClient] });
});
afterAll(() => sandbox?.close());

function assertion(clientId: string, key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, aud?: string): Promise<string> {
  return new SignJWT({ jti: randomBytes(16).toString('base64url') })
    .setProtectedHeader(header)
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(aud ?? `${sandbox.apiBaseUrl}/access_token`)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
}

function secretBytes(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

async function codeExchange(client: SandboxClient, clientAssertion: string): Promise<TokenAnswer> {
  const v = verifier();
  const callback = await sandbox.signIn(
    authorizeUrl(sandbox, { client_id: client.clientId, code_challenge: s256(v), code_challenge_method: 'S256' }),
  );
  return postForm(`${sandbox.apiBaseUrl}/access_token`, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: CALLBACK,
    code_verifier: v,
    client_id: client.clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
  });
}

describe('discovery', () => {
  it("lists Webex's four client authentication methods and the assertion algorithms", async () => {
    const doc = (await (await fetch(sandbox.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_post',
      'client_secret_basic',
      'client_secret_jwt',
      'private_key_jwt',
    ]);
    expect(doc.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'ES384', 'ES512']),
    );
  });
});

describe('client_secret_jwt clients', () => {
  it('exchange a code with an HS256 (or HS512) assertion signed with the secret', async () => {
    const answer = await codeExchange(secretClient, await assertion(secretClient.clientId, secretBytes(secretClient.clientSecret), { alg: 'HS256' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    const hs512 = await codeExchange(secretClient, await assertion(secretClient.clientId, secretBytes(secretClient.clientSecret), { alg: 'HS512' }));
    expect(hs512.status).toBe(200);
  });

  it('refuse an assertion signed with another secret, a replayed one, and HTTP Basic', async () => {
    const wrong = await codeExchange(secretClient, await assertion(secretClient.clientId, secretBytes('not-the-secret-not-the-secret-00'), { alg: 'HS256' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const once = await assertion(secretClient.clientId, secretBytes(secretClient.clientSecret), { alg: 'HS256' });
    expect((await codeExchange(secretClient, once)).status).toBe(200);
    const replay = await codeExchange(secretClient, once);
    expect(replay.status).toBe(401);
    const basic = await postForm(
      `${sandbox.apiBaseUrl}/access_token`,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: `Basic ${Buffer.from(`${secretClient.clientId}:${secretClient.clientSecret}`).toString('base64')}` },
    );
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_client');
  });
});

describe('private_key_jwt clients', () => {
  it('exchange a code with an assertion signed by a registered key (RS256, ES384)', async () => {
    for (const [key, header] of [
      [rsaKey, { alg: 'RS256', kid: 'rsa-1' }],
      [ecKey, { alg: 'ES384', kid: 'ec-1' }],
    ] as const) {
      const answer = await codeExchange(keyClient, await assertion(keyClient.clientId, key, header));
      expect(answer.status, header.alg).toBe(200);
      expect(answer.body.access_token).toEqual(expect.any(String));
    }
  });

  it('refuse an assertion signed by an unregistered key, and the client secret', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const wrong = await codeExchange(keyClient, await assertion(keyClient.clientId, privateKey, { alg: 'RS256', kid: 'rsa-1' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const post = await postForm(`${sandbox.apiBaseUrl}/access_token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: keyClient.clientId,
      client_secret: keyClient.clientSecret,
    });
    expect(post.status).toBe(401);
  });
});

describe('device grant for JWT clients', () => {
  it('authorizes without client auth (as on Webex) and polls with a client assertion, not without one', async () => {
    for (const [client, sign] of [
      [secretClient, () => assertion(secretClient.clientId, secretBytes(secretClient.clientSecret), { alg: 'HS256' })],
      [keyClient, () => assertion(keyClient.clientId, ecKey, { alg: 'ES384', kid: 'ec-1' })],
    ] as const) {
      const started = await postForm(sandbox.deviceAuthorizationUrl, { client_id: client.clientId, scope: 'spark:all' });
      expect(started.status, client.clientId).toBe(200);
      const form = { grant_type: DEVICE_GRANT, device_code: String(started.body.device_code), client_id: client.clientId };
      const bare = await postForm(sandbox.deviceTokenUrl, form);
      expect(bare.status).toBe(401);
      expect(bare.body.error).toBe('invalid_client');
      const pending = await postForm(sandbox.deviceTokenUrl, { ...form, client_assertion_type: ASSERTION_TYPE, client_assertion: await sign() });
      expect(pending.status).toBe(428);
      await sandbox.approveDevice(String(started.body.user_code));
      await new Promise((r) => setTimeout(r, 1_050));
      const done = await postForm(sandbox.deviceTokenUrl, { ...form, client_assertion_type: ASSERTION_TYPE, client_assertion: await sign() });
      expect(done.status).toBe(200);
      expect(done.body.access_token).toEqual(expect.any(String));
    }
  });
});

describe('client registration', () => {
  const base = { clientId: 'x-app', clientSecret: 's', redirectUris: [CALLBACK] };
  it('refuses private_key_jwt without keys, private key material in jwks, and unknown methods', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const cases: Array<[SandboxClient, RegExp]> = [
      [{ ...base, tokenEndpointAuthMethod: 'private_key_jwt' }, /needs "jwks" with the client's public key/],
      [{ ...base, tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [privateJwk] } }, /holds private key material/],
      [{ ...base, tokenEndpointAuthMethod: 'tls_client_auth' as never }, /tokenEndpointAuthMethod must be one of/],
    ];
    for (const [client, message] of cases) {
      await expect(startSandbox({ quiet: true, clients: [client] })).rejects.toThrow(message);
    }
  });
});
