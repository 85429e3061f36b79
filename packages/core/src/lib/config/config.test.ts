import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createWebexConfig } from './config.js';
import { compileIssuerAllowList, DEFAULT_ISSUERS } from './issuer-allow-list.js';

describe('createWebexConfig', () => {
  it('rejects bad options with Node-style TypeErrors', () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'ERR_INVALID_ARG_TYPE'],
      [{}, 'ERR_INVALID_ARG_TYPE'],
      [{ clientId: '' }, 'ERR_INVALID_ARG_VALUE'],
      [{ clientId: 'c', discoveryUrl: 'not a url' }, 'ERR_INVALID_ARG_VALUE'],
      [{ clientId: 'c', discoveryUrl: 'http://127.0.0.1/x' }, 'ERR_INVALID_ARG_VALUE'],
      [{ clientId: 'c', timeout: -1 }, 'ERR_INVALID_ARG_VALUE'],
      [{ clientId: 'c', timeout: '5' }, 'ERR_INVALID_ARG_TYPE'],
      [{ clientId: 'c', issuers: [] }, 'ERR_INVALID_ARG_VALUE'],
      [{ clientId: 'c', tokenEndpointAuthMethod: 'private_key_jwt' }, 'ERR_INVALID_ARG_VALUE'],
    ];
    for (const [options, code] of cases) {
      let thrown: unknown;
      try {
        createWebexConfig(options as never);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(TypeError);
      expect((thrown as { code?: string }).code, JSON.stringify(options)).toBe(code);
    }
  });

  it('never puts the client secret in an error message', () => {
    try {
      createWebexConfig({ clientId: 'c', clientSecret: 'top-secret', revocationEndpoint: 'ftp://x' });
    } catch (err) {
      expect((err as Error).message).not.toContain('top-secret');
      return;
    }
    throw new Error('expected a TypeError');
  });

  it('does no I/O and freezes its options', () => {
    let calls = 0;
    const config = createWebexConfig({
      clientId: 'c',
      fetch: (() => {
        calls += 1;
        return Promise.reject(new Error('no'));
      }) as typeof fetch,
    });
    expect(calls).toBe(0);
    expect(Object.isFrozen(config.options)).toBe(true);
  });
});

describe('issuer allow-list', () => {
  const list = compileIssuerAllowList(DEFAULT_ISSUERS);
  it('matches the global issuer and one-label clusters only', () => {
    expect(list.test('https://idbroker.webex.com/idb')).toBe(true);
    expect(list.test('https://idbroker-b-us.webex.com/idb')).toBe(true);
    expect(list.test('https://idbroker-a.b.webex.com/idb')).toBe(false);
    expect(list.test('https://idbroker-b-us.webex.com/idb/')).toBe(false);
    expect(list.test('https://idbroker-x.webex.com.evil.io/idb')).toBe(false);
    expect(list.test('https://evil.io/https://idbroker.webex.com/idb')).toBe(false);
    expect(list.test('http://idbroker.webex.com/idb')).toBe(false);
    expect(list.test(undefined)).toBe(false);
  });
  it('accepts RegExps as given', () => {
    const custom = compileIssuerAllowList([/^https:\/\/idbroker\.webex\.com\/idb$/g]);
    expect(custom.test('https://idbroker.webex.com/idb')).toBe(true);
    expect(custom.test('https://idbroker.webex.com/idb')).toBe(true); // no lastIndex drift with /g
  });

  it('keeps the client secret usable but out of console.log / JSON of the config', () => {
    const config = createWebexConfig({ clientId: 'c', clientSecret: 'CLIENT-SECRET-42' });
    expect(config.options.clientSecret).toBe('CLIENT-SECRET-42');
    expect(config.options.clientId).toBe('c');
    expect(inspect(config, { depth: Infinity })).not.toContain('CLIENT-SECRET-42');
    expect(JSON.stringify(config)).not.toContain('CLIENT-SECRET-42');
    expect(Object.isFrozen(config.options)).toBe(true);
  });

  it('keeps clientAuth secrets and keys usable but out of console.log / JSON of the config', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = privateKey.export({ format: 'jwk' });
    const pemBody = pem.split('\n').filter((line) => line.length > 40);
    const jwtSecret = createWebexConfig({ clientId: 'c', clientAuth: { method: 'client_secret_jwt', clientSecret: 'HMAC-SECRET-42', alg: 'HS512' } });
    const withPem = createWebexConfig({ clientId: 'c', clientAuth: { method: 'private_key_jwt', key: pem, kid: 'key-1' } });
    const withJwk = createWebexConfig({ clientId: 'c', clientAuth: { method: 'private_key_jwt', key: { ...jwk, kty: 'RSA' } } });
    const withKeyObject = createWebexConfig({ clientId: 'c', clientAuth: { method: 'private_key_jwt', key: privateKey, alg: 'PS256' } });
    for (const config of [jwtSecret, withPem, withJwk, withKeyObject]) {
      for (const printed of [inspect(config, { depth: Infinity, showHidden: false }), JSON.stringify(config), inspect(config.options.clientAuth)]) {
        expect(printed).not.toContain('HMAC-SECRET-42');
        for (const line of pemBody) expect(printed).not.toContain(line);
        expect(printed).not.toContain(String(jwk.d));
        expect(printed).not.toContain(String(jwk.p));
        expect(printed).toContain(config.options.clientAuth?.method ?? '-');
      }
      expect(Object.isFrozen(config.options.clientAuth)).toBe(true);
    }
    // Readable where the application needs them, and the method, alg and kid show when logged.
    expect(jwtSecret.options.clientAuth).toMatchObject({ method: 'client_secret_jwt', clientSecret: 'HMAC-SECRET-42', alg: 'HS512' });
    expect(withPem.options.clientAuth).toMatchObject({ method: 'private_key_jwt', key: pem, kid: 'key-1' });
    expect(withKeyObject.options.clientAuth).toMatchObject({ key: privateKey });
    expect(JSON.parse(JSON.stringify(withPem.options))).toMatchObject({ clientAuth: { method: 'private_key_jwt', kid: 'key-1' } });
    expect(JSON.stringify(jwtSecret.options.clientAuth)).toBe('{"method":"client_secret_jwt","alg":"HS512"}');
  });
});
