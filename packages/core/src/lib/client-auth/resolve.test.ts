import { createSecretKey, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebexConfig, stateOf } from '../config/config.js';
import type { WebexConfigOptions } from '../config/options.js';
import type { ResolvedClientAuth } from './types.js';

const SECRET = 'S3cr3t-client-secret-value-0123456789abcdef';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ec521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
const ecJwk = ec384.privateKey.export({ format: 'jwk' });
/** Lines of key material that must never reach a message. */
const MATERIAL = [
  ...rsaPem.split('\n').filter((line) => line.length > 40),
  String(rsaJwk.d),
  String(ecJwk.d),
  SECRET,
];

let rsaCryptoKey: webcrypto.CryptoKey;
let rsaPublicCryptoKey: webcrypto.CryptoKey;
let ecdhKey: webcrypto.CryptoKey;
let hmacCryptoKey: webcrypto.CryptoKey;
let pssCryptoKey: webcrypto.CryptoKey;
beforeAll(async () => {
  const pair = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  rsaCryptoKey = pair.privateKey;
  rsaPublicCryptoKey = pair.publicKey;
  ecdhKey = (await webcrypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])).privateKey;
  hmacCryptoKey = await webcrypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  pssCryptoKey = (
    await webcrypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' },
      false,
      ['sign', 'verify'],
    )
  ).privateKey;
});

function thrown(options: Partial<WebexConfigOptions> | Record<string, unknown>): TypeError & { code?: string } {
  try {
    createWebexConfig({ clientId: 'c', ...options } as WebexConfigOptions);
  } catch (err) {
    return err as TypeError & { code?: string };
  }
  throw new Error('expected createWebexConfig to throw');
}

function resolved(options: Partial<WebexConfigOptions>): ResolvedClientAuth {
  return stateOf(createWebexConfig({ clientId: 'c', ...options })).resolved.clientAuth;
}

describe('clientAuth validation at createWebexConfig', () => {
  it('refuses each bad input with a Node-style code and a message that says what to do, never the secret or key', () => {
    const pk = (extra: Record<string, unknown>) => ({ clientAuth: { method: 'private_key_jwt', ...extra } });
    const hs = (extra: Record<string, unknown>) => ({ clientAuth: { method: 'client_secret_jwt', clientSecret: SECRET, ...extra } });
    const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['not an object', { clientAuth: 'private_key_jwt' }, 'ERR_INVALID_ARG_TYPE', /"options.clientAuth" must be an object/],
      ['unknown method', { clientAuth: { method: 'tls_client_auth' } }, 'ERR_INVALID_ARG_VALUE', /must be one of "client_secret_post", "client_secret_basic", "client_secret_jwt", "private_key_jwt"; got "tls_client_auth"/],
      ['missing method', { clientAuth: { key: rsaPem } }, 'ERR_INVALID_ARG_VALUE', /"options.clientAuth.method" must be one of .*; it is missing/],
      ['a secret where the method goes', { clientAuth: { method: SECRET } }, 'ERR_INVALID_ARG_VALUE', /got an unsupported value/],
      ['clientAuth and clientSecret', { clientSecret: SECRET, ...hs({}) }, 'ERR_INVALID_ARG_VALUE', /either "options.clientAuth" or "options.clientSecret"/],
      ['JWT method in tokenEndpointAuthMethod', { clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_jwt' }, 'ERR_INVALID_ARG_VALUE', /use "options.clientAuth": \{ method: 'client_secret_jwt', clientSecret \}/],
      ['client_secret_jwt without a secret', { clientAuth: { method: 'client_secret_jwt' } }, 'ERR_MISSING_OPTION', /"options.clientAuth.clientSecret" is required for client_secret_jwt/],
      ['client_secret_basic without a secret', { clientAuth: { method: 'client_secret_basic' } }, 'ERR_MISSING_OPTION', /clientSecret" is required for client_secret_basic/],
      ['a secret that is not a string', hs({ clientSecret: 42 }), 'ERR_INVALID_ARG_TYPE', /clientSecret" must be a string/],
      ['an empty secret', hs({ clientSecret: '' }), 'ERR_INVALID_ARG_VALUE', /must not be empty/],
      ['RS256 for client_secret_jwt', hs({ alg: 'RS256' }), 'ERR_INVALID_ARG_VALUE', /must be "HS256", "HS384", "HS512" for client_secret_jwt .*got "RS256", which signs with a private key: use method "private_key_jwt"/],
      ['none for client_secret_jwt', hs({ alg: 'none' }), 'ERR_INVALID_ARG_VALUE', /must be "HS256", "HS384", "HS512" for client_secret_jwt/],
      ['a key for client_secret_jwt', hs({ key: rsaPem }), 'ERR_INVALID_ARG_VALUE', /"options.clientAuth.key" is not an option of client_secret_jwt, which takes "method", "clientSecret", "alg"/],
      ['a misspelt member', pk({ privateKey: rsaPem }), 'ERR_INVALID_ARG_VALUE', /"options.clientAuth.privateKey" is not an option of private_key_jwt, which takes "method", "key", "kid", "alg"/],
      ['a secret for private_key_jwt', pk({ key: rsaPem, clientSecret: SECRET }), 'ERR_INVALID_ARG_VALUE', /clientSecret" is not an option of private_key_jwt/],
      ['private_key_jwt without a key', pk({}), 'ERR_MISSING_OPTION', /"options.clientAuth.key" is required for private_key_jwt/],
      ['a key of the wrong type', pk({ key: 42 }), 'ERR_INVALID_ARG_TYPE', /must be a CryptoKey, a KeyObject, a PEM string or a private JWK object/],
      ['a Buffer', pk({ key: Buffer.from(rsaPem) }), 'ERR_INVALID_ARG_TYPE', /must be a CryptoKey, a KeyObject, a PEM string or a private JWK object/],
      ['HS256 for private_key_jwt', pk({ key: rsaPem, alg: 'HS256' }), 'ERR_INVALID_ARG_VALUE', /"HS256" is an HMAC algorithm, which private_key_jwt does not use: .*use method "client_secret_jwt"/],
      ['an unknown alg', pk({ key: rsaPem, alg: 'RS999' }), 'ERR_INVALID_ARG_VALUE', /must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 for private_key_jwt; got an unsupported value/],
      ['EdDSA', pk({ key: rsaPem, alg: 'EdDSA' }), 'ERR_INVALID_ARG_VALUE', /got "EdDSA"/],
      ['an EC alg for an RSA key', pk({ key: rsaPem, alg: 'ES256' }), 'ERR_INVALID_ARG_VALUE', /"ES256" does not fit an RSA key: use RS256, RS384, RS512, PS256, PS384, PS512/],
      ['ES384 for a P-256 key', pk({ key: ec256.privateKey, alg: 'ES384' }), 'ERR_INVALID_ARG_VALUE', /"ES384" does not fit this EC key, whose curve signs ES256/],
      ['a public PEM', pk({ key: publicPem }), 'ERR_INVALID_ARG_VALUE', /is a public key .*pass the private key here and register its public key/],
      ['a public JWK', pk({ key: rsa.publicKey.export({ format: 'jwk' }) }), 'ERR_INVALID_ARG_VALUE', /is a public key/],
      ['a public KeyObject', pk({ key: rsa.publicKey }), 'ERR_INVALID_ARG_VALUE', /is a public key/],
      ['a symmetric JWK', pk({ key: { kty: 'oct', k: 'c2VjcmV0' } }), 'ERR_INVALID_ARG_VALUE', /symmetric \(secret\) key; .*client_secret_jwt/],
      ['a secret KeyObject', pk({ key: createSecretKey(Buffer.from(SECRET)) }), 'ERR_INVALID_ARG_VALUE', /symmetric \(secret\) key/],
      ['an Ed25519 key', pk({ key: generateKeyPairSync('ed25519').privateKey }), 'ERR_INVALID_ARG_VALUE', /is a ed25519 key; private_key_jwt signs with an RSA key .* or an EC key on P-256, P-384 or P-521/],
      ['a secp256k1 key', pk({ key: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey }), 'ERR_INVALID_ARG_VALUE', /an EC key on curve secp256k1/],
      ['a 1024-bit RSA key', pk({ key: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey }), 'ERR_INVALID_ARG_VALUE', /is a 1024-bit RSA key; RS\* and PS\* need at least 2048 bits/],
      ['an RSASSA-PSS-only key', pk({ key: generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey }), 'ERR_INVALID_ARG_VALUE', /RSASSA-PSS-only key .*use an ordinary RSA key/],
      ['an encrypted PEM', pk({ key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString() }), 'ERR_INVALID_ARG_VALUE', /is an encrypted PEM; decrypt it first/],
      ['text that is no PEM', pk({ key: JSON.stringify(rsaJwk) }), 'ERR_INVALID_ARG_VALUE', /is not a PEM private key .*pass a JWK as an object \(JSON.parse it first\)/],
      ['a broken JWK', pk({ key: { kty: 'EC', crv: 'P-256', d: 'AAAA' } }), 'ERR_INVALID_ARG_VALUE', /is not a usable private JWK/],
      ['a JWK marked for encryption', pk({ key: { ...rsaJwk, alg: 'RSA-OAEP' } }), 'ERR_INVALID_ARG_VALUE', /The JWK in "options.clientAuth.key" is marked for alg "…", which private_key_jwt does not sign with/],
      ['a kid that is not a string', pk({ key: rsaPem, kid: 7 }), 'ERR_INVALID_ARG_TYPE', /"options.clientAuth.kid" must be a string/],
      ['an empty kid', pk({ key: rsaPem, kid: '' }), 'ERR_INVALID_ARG_VALUE', /"options.clientAuth.kid" must not be empty/],
    ];
    for (const [name, options, code, message] of cases) {
      const err = thrown(options);
      expect(err, name).toBeInstanceOf(TypeError);
      expect(err.code, name).toBe(code);
      expect(err.message, name).toMatch(message);
      for (const material of MATERIAL) expect(err.message, name).not.toContain(material);
      expect(err.message, name).not.toMatch(/-----BEGIN|KEY-----/);
    }
  });

  it('refuses unusable CryptoKeys: public, without "sign", HMAC, or imported for another alg', () => {
    const pk = (key: webcrypto.CryptoKey, alg?: string) => ({ clientAuth: { method: 'private_key_jwt', key, ...(alg === undefined ? {} : { alg }) } });
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['public', pk(rsaPublicCryptoKey), /is a public key/],
      ['no sign usage', pk(ecdhKey), /a CryptoKey without the "sign" usage/],
      ['HMAC', pk(hmacCryptoKey), /symmetric \(secret\) key/],
      ['other alg', pk(rsaCryptoKey, 'PS256'), /"PS256" does not fit this CryptoKey, which was imported for RS256 .*omit alg, or import the key for PS256/],
    ];
    for (const [name, options, message] of cases) {
      const err = thrown(options);
      expect(err.code, name).toBe('ERR_INVALID_ARG_VALUE');
      expect(err.message, name).toMatch(message);
    }
  });

  it('takes every key form and picks alg and kid', async () => {
    const pk = (key: unknown, extra: Record<string, unknown> = {}) =>
      resolved({ clientAuth: { method: 'private_key_jwt', key, ...extra } as never }) as Extract<ResolvedClientAuth, { method: 'private_key_jwt' }>;
    const cases: Array<[string, Extract<ResolvedClientAuth, { method: 'private_key_jwt' }>, string, string | undefined, string]> = [
      ['PKCS#8 PEM', pk(rsaPem), 'RS256', undefined, 'RSASSA-PKCS1-v1_5'],
      ['PKCS#1 PEM, PS512, kid', pk(rsaPkcs1Pem, { alg: 'PS512', kid: 'k-1' }), 'PS512', 'k-1', 'RSA-PSS'],
      ['RSA JWK with alg and kid', pk({ ...rsaJwk, alg: 'RS384', kid: 'jwk-kid' }), 'RS384', 'jwk-kid', 'RSASSA-PKCS1-v1_5'],
      ['RSA JWK, kid option wins', pk({ ...rsaJwk, kid: 'jwk-kid' }, { kid: 'option-kid' }), 'RS256', 'option-kid', 'RSASSA-PKCS1-v1_5'],
      ['EC P-384 JWK', pk(ecJwk), 'ES384', undefined, 'ECDSA'],
      ['EC P-256 SEC1 PEM', pk(ec256.privateKey.export({ type: 'sec1', format: 'pem' }).toString()), 'ES256', undefined, 'ECDSA'],
      ['EC P-521 KeyObject', pk(ec521.privateKey as KeyObject, { alg: 'ES512' }), 'ES512', undefined, 'ECDSA'],
      ['RSA CryptoKey', pk(rsaCryptoKey), 'RS256', undefined, 'RSASSA-PKCS1-v1_5'],
      ['RSA-PSS CryptoKey', pk(pssCryptoKey, { alg: 'PS384' }), 'PS384', undefined, 'RSA-PSS'],
    ];
    for (const [name, auth, alg, kid, algorithm] of cases) {
      expect(auth.alg, name).toBe(alg);
      expect(auth.kid, name).toBe(kid);
      const key = await auth.signingKey();
      expect(key.type, name).toBe('private');
      expect(key.usages, name).toEqual(['sign']);
      expect(key.algorithm.name, name).toBe(algorithm);
      expect(await auth.signingKey(), name).toBe(key); // imported once
    }
  });

  it('keeps today’s clientSecret + Basic default and the other methods’ defaults', () => {
    expect(resolved({ clientSecret: SECRET })).toEqual({ method: 'client_secret_basic', secret: SECRET });
    expect(resolved({ clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_post' })).toEqual({ method: 'client_secret_post', secret: SECRET });
    expect(resolved({})).toEqual({ method: 'client_secret_basic', secret: undefined });
    expect(resolved({ clientAuth: { method: 'client_secret_post', clientSecret: SECRET } })).toEqual({ method: 'client_secret_post', secret: SECRET });
    expect(resolved({ clientAuth: { method: 'client_secret_jwt', clientSecret: SECRET } })).toEqual({ method: 'client_secret_jwt', secret: SECRET, alg: 'HS256' });
    expect(resolved({ clientAuth: { method: 'client_secret_jwt', clientSecret: SECRET, alg: 'HS512' } })).toMatchObject({ alg: 'HS512' });
  });
});
