import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createWebexConfig } from '@webex-oidc/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-reader.js';
import { describeClientAuth, loadConfig, webexConfigOptions, type WorkerConfig } from './config.js';

const STORE_KEY = Buffer.alloc(32, 1).toString('base64');
const SECRET = `S3CR3T-${randomBytes(12).toString('hex')}`;
const base = { TOKEN_WORKER_STORE_KEYS: `k1:${STORE_KEY}` };
const dir = mkdtempSync(join(tmpdir(), 'token-worker-client-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function pkcs8(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec2 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsaPem = pkcs8(rsa.privateKey);
const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
const ecJwk = { ...ec.privateKey.export({ format: 'jwk' }), kid: 'ec-1' };
const ec2Jwk = { ...ec2.privateKey.export({ format: 'jwk' }), kid: 'ec-2' };
const files = {
  pkcs8: file('rsa-pkcs8.pem', rsaPem),
  pkcs1: file('rsa-pkcs1.pem', rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()),
  sec1: file('ec-sec1.pem', ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString()),
  jwk: file('ec.jwk.json', JSON.stringify(ecJwk)),
  jwks: file('keys.jwks.json', `\n${JSON.stringify({ keys: [ecJwk, ec2Jwk] }, null, 2)}\n`),
  publicPem: file('rsa-public.pem', rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString()),
  encrypted: file(
    'rsa-encrypted.pem',
    rsa.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pass' }).toString(),
  ),
  smallRsa: file('rsa-1024.pem', pkcs8(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey)),
  ed25519: file('ed25519.pem', pkcs8(generateKeyPairSync('ed25519').privateKey)),
  // Broken JSON that holds key material: JSON.parse's message would quote it.
  brokenJson: file('broken.json', `{"kty":"RSA","d":"${String(rsaJwk.d)}",}`),
  empty: file('empty.pem', '  \n'),
  notAKey: file('not-a-key.pem', `-----BEGIN SOMETHING-----\n${SECRET}\n-----END SOMETHING-----\n`),
};
const folder = join(dir, 'a-folder');
mkdirSync(folder);

/** Every fragment of key material and secret that must never show in problems, logs or a logged config. */
const MATERIAL = [
  SECRET,
  String(rsaJwk.d),
  String(ecJwk.d),
  String(ec2Jwk.d),
  ...rsaPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
];

function expectNoMaterial(text: string): void {
  for (const fragment of MATERIAL) expect(text).not.toContain(fragment);
}

function problemsOf(env: Record<string, string>, fileConfig: Record<string, unknown> = {}): string[] {
  try {
    loadConfig({ ...base, ...env }, fileConfig);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = [...(err as ConfigError).problems];
    expectNoMaterial(problems.join('\n'));
    expectNoMaterial((err as Error).message + inspect(err));
    return problems;
  }
  return expect.unreachable('the configuration should be invalid');
}

/** The problems of one env client with these settings. */
function envProblems(settings: Record<string, string>): string {
  return problemsOf({ TOKEN_WORKER_CLIENT_ID: 'env-app', ...settings }).join('\n');
}

/** The problems of one file client. */
function fileProblems(client: Record<string, unknown>): string {
  return problemsOf({}, { clients: [{ clientId: 'file-app', ...client }] }).join('\n');
}

/** A logged or serialised configuration shows no secret and no key (they stay readable, not enumerable). */
function expectHidden(config: WorkerConfig): void {
  expectNoMaterial(inspect(config, { depth: Infinity }));
  expectNoMaterial(JSON.stringify(config));
  expectNoMaterial(JSON.stringify({ ...config.clients[0], auth: { ...config.clients[0]?.auth } }));
}

describe('client authentication from the environment', () => {
  it('defaults to the client secret with HTTP Basic, as before, and never shows the secret', () => {
    const config = loadConfig({ ...base, TOKEN_WORKER_CLIENT_ID: 'env-app', TOKEN_WORKER_CLIENT_SECRET: SECRET });
    const [client] = config.clients;
    expect(client?.auth).toEqual({ method: 'client_secret_basic' });
    expect(client?.clientSecret).toBe(SECRET);
    expect(webexConfigOptions(client!).clientAuth).toEqual({ method: 'client_secret_basic', clientSecret: SECRET });
    expectHidden(config);
  });

  it('takes client_secret_post and client_secret_jwt (with an alg) with the same secret variable', () => {
    const post = loadConfig({ ...base, TOKEN_WORKER_CLIENT_ID: 'env-app', TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_post' });
    expect(webexConfigOptions(post.clients[0]!).clientAuth).toEqual({ method: 'client_secret_post', clientSecret: SECRET });
    const jwt = loadConfig({
      ...base,
      TOKEN_WORKER_CLIENT_ID: 'env-app',
      TOKEN_WORKER_CLIENT_SECRET: SECRET,
      TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_jwt',
      TOKEN_WORKER_CLIENT_AUTH_ALG: 'HS512',
    });
    expect(jwt.clients[0]?.auth).toEqual({ method: 'client_secret_jwt', alg: 'HS512' });
    expect(webexConfigOptions(jwt.clients[0]!).clientAuth).toEqual({ method: 'client_secret_jwt', clientSecret: SECRET, alg: 'HS512' });
    expect(describeClientAuth(jwt.clients[0]!)).toEqual({ method: 'client_secret_jwt', alg: 'HS512' });
    expectHidden(jwt);
  });

  it('takes private_key_jwt with the key from a PEM file (PKCS#8, PKCS#1, SEC1) and an optional kid and alg', () => {
    const config = loadConfig({
      ...base,
      TOKEN_WORKER_CLIENT_ID: 'env-app',
      TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt',
      TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.pkcs8,
      TOKEN_WORKER_CLIENT_AUTH_KID: 'rsa-2025',
      TOKEN_WORKER_CLIENT_AUTH_ALG: 'PS256',
    });
    const [client] = config.clients;
    expect(client?.clientSecret).toBeUndefined();
    expect(client?.auth).toEqual({ method: 'private_key_jwt', privateKeyFile: files.pkcs8, kid: 'rsa-2025', alg: 'PS256' });
    expect(webexConfigOptions(client!).clientAuth).toEqual({ method: 'private_key_jwt', key: rsaPem, kid: 'rsa-2025', alg: 'PS256' });
    expect(describeClientAuth(client!)).toEqual({ method: 'private_key_jwt', alg: 'PS256', kid: 'rsa-2025', privateKeyFile: files.pkcs8 });
    expectHidden(config);
    // What startApp builds from it is a valid core configuration that does not show the key either.
    expectNoMaterial(inspect(createWebexConfig(webexConfigOptions(client!)), { depth: Infinity }));
    for (const path of [files.pkcs1, files.sec1]) {
      const other = loadConfig({ ...base, TOKEN_WORKER_CLIENT_ID: 'env-app', TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: path });
      expect(other.clients[0]?.auth).toMatchObject({ method: 'private_key_jwt', privateKeyFile: path });
    }
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({
      ...base,
      TOKEN_WORKER_CLIENT_ID: 'env-app',
      TOKEN_WORKER_CLIENT_SECRET: SECRET,
      TOKEN_WORKER_CLIENT_AUTH_METHOD: '',
      TOKEN_WORKER_CLIENT_AUTH_ALG: '',
      TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: '',
    });
    expect(config.clients[0]?.auth).toEqual({ method: 'client_secret_basic' });
  });

  it('refuses an unknown method, echoing it only when it looks like a method name', () => {
    expect(envProblems({ TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_METHOD: 'tls_client_auth' })).toMatch(
      /TOKEN_WORKER_CLIENT_AUTH_METHOD must be one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt; got "tls_client_auth"/,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_METHOD: SECRET })).toMatch(/got an unsupported value/);
  });

  it('wants the secret for the secret methods, the key file for private_key_jwt, and refuses what a method does not use', () => {
    expect(envProblems({})).toMatch(/TOKEN_WORKER_CLIENT_SECRET is required with client_secret_basic \(the default; TOKEN_WORKER_CLIENT_AUTH_METHOD chooses another method\)/);
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_jwt' })).toMatch(/TOKEN_WORKER_CLIENT_SECRET is required with client_secret_jwt/);
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt' })).toMatch(/TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE is required with private_key_jwt/);
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.pkcs8, TOKEN_WORKER_CLIENT_SECRET: SECRET })).toMatch(
      /TOKEN_WORKER_CLIENT_SECRET is not used with private_key_jwt \(the client signs with its private key\): remove it/,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_jwt', TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_KID: 'k' })).toMatch(
      /TOKEN_WORKER_CLIENT_AUTH_KID is not used with client_secret_jwt \(only with private_key_jwt\)/,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_post', TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_ALG: 'HS256' })).toMatch(
      /TOKEN_WORKER_CLIENT_AUTH_ALG is not used with client_secret_post/,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.pkcs8 })).toMatch(
      /TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE need TOKEN_WORKER_CLIENT_AUTH_METHOD \(client_secret_jwt or private_key_jwt\)/,
    );
  });

  it('surfaces what core refuses about the alg, prefixed with the setting', () => {
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'client_secret_jwt', TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_AUTH_ALG: 'RS256' })).toMatch(
      /^TOKEN_WORKER_CLIENT_AUTH_ALG: "options\.clientAuth\.alg" must be "HS256", "HS384", "HS512" for client_secret_jwt/m,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.pkcs8, TOKEN_WORKER_CLIENT_AUTH_ALG: 'HS256' })).toMatch(
      /^TOKEN_WORKER_CLIENT_AUTH_ALG: "options\.clientAuth\.alg" "HS256" is an HMAC algorithm/m,
    );
    expect(envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.sec1, TOKEN_WORKER_CLIENT_AUTH_ALG: 'ES384' })).toMatch(
      /^TOKEN_WORKER_CLIENT_AUTH_ALG: "options\.clientAuth\.alg" "ES384" does not fit this EC key, whose curve signs ES256/m,
    );
  });

  it('never takes a private key from the environment, and wants TOKEN_WORKER_CLIENT_ID for the auth variables', () => {
    const inline = envProblems({ TOKEN_WORKER_CLIENT_SECRET: SECRET, TOKEN_WORKER_CLIENT_PRIVATE_KEY: rsaPem });
    expect(inline).toMatch(/TOKEN_WORKER_CLIENT_PRIVATE_KEY is not read: a private key is never taken from the environment; .* set TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE/);
    const orphan = problemsOf({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.pkcs8 }, { clients: [{ clientId: 'a', clientSecret: SECRET }] });
    expect(orphan).toEqual([
      'TOKEN_WORKER_CLIENT_AUTH_METHOD / TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE configure the env client and need TOKEN_WORKER_CLIENT_ID; file clients take clients[].auth.',
    ]);
  });
});

describe('private key files', () => {
  const keyEnv = (path: string, extra: Record<string, string> = {}) =>
    envProblems({ TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: path, ...extra });

  it('reports a missing or unreadable file with its path and the system error', () => {
    const missing = join(dir, 'nope.pem');
    expect(keyEnv(missing)).toMatch(new RegExp(`^cannot read TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE ${missing}: ENOENT`, 'm'));
    expect(keyEnv(folder)).toMatch(new RegExp(`^cannot read TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE ${folder}: EISDIR`, 'm'));
  });

  it('reports an empty file, and JSON that does not parse without quoting it', () => {
    expect(keyEnv(files.empty)).toMatch(/TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE .*empty\.pem is empty/);
    expect(keyEnv(files.brokenJson)).toMatch(/broken\.json is neither a PEM private key nor valid JSON/);
  });

  it('surfaces core\'s message for a key core refuses, behind the setting and the path', () => {
    const cases: Array<[string, RegExp]> = [
      [files.publicPem, /"options\.clientAuth\.key" is a public key \(or certificate\)/],
      [files.encrypted, /"options\.clientAuth\.key" is an encrypted PEM/],
      [files.smallRsa, /"options\.clientAuth\.key" is a 1024-bit RSA key; RS\* and PS\* need at least 2048 bits/],
      [files.ed25519, /"options\.clientAuth\.key" is a ed25519 key/],
      [files.notAKey, /"options\.clientAuth\.key" is not a PEM private key/],
    ];
    for (const [path, message] of cases) {
      const problems = keyEnv(path);
      expect(problems).toMatch(message);
      expect(problems.startsWith(`TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE ${path}: "options.clientAuth.key"`), problems).toBe(true);
    }
  });

  it('takes a private JWK, or a JWK set with the key chosen by kid', () => {
    const fromJwk = loadConfig({ ...base, TOKEN_WORKER_CLIENT_ID: 'env-app', TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt', TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.jwk });
    expect(webexConfigOptions(fromJwk.clients[0]!).clientAuth).toEqual({ method: 'private_key_jwt', key: ecJwk });
    expectHidden(fromJwk);
    const fromSet = loadConfig({
      ...base,
      TOKEN_WORKER_CLIENT_ID: 'env-app',
      TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt',
      TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: files.jwks,
      TOKEN_WORKER_CLIENT_AUTH_KID: 'ec-2',
    });
    expect(webexConfigOptions(fromSet.clients[0]!).clientAuth).toEqual({ method: 'private_key_jwt', key: ec2Jwk, kid: 'ec-2' });
    expectHidden(fromSet);
    expect(keyEnv(files.jwks)).toMatch(/keys\.jwks\.json is a JWK set of 2 keys; set TOKEN_WORKER_CLIENT_AUTH_KID to the kid of the one to sign with/);
    expect(keyEnv(files.jwks, { TOKEN_WORKER_CLIENT_AUTH_KID: 'ec-9' })).toMatch(/is a JWK set with no key whose kid matches TOKEN_WORKER_CLIENT_AUTH_KID/);
    const publicJwk = file('public.jwk.json', JSON.stringify(ec.publicKey.export({ format: 'jwk' })));
    expect(keyEnv(publicJwk)).toMatch(/public\.jwk\.json: "options\.clientAuth\.key" is a public key/);
  });
});

describe('client authentication in the config file', () => {
  it('reads clients[].auth next to clients[].clientSecret, for each method', () => {
    const config = loadConfig(base, {
      clients: [
        { clientId: 'basic-app', clientSecret: SECRET },
        { clientId: 'post-app', clientSecret: SECRET, auth: { method: 'client_secret_post' } },
        { clientId: 'hmac-app', clientSecret: SECRET, auth: { method: 'client_secret_jwt' } },
        { clientId: 'key-app', auth: { method: 'private_key_jwt', privateKeyFile: files.pkcs8, kid: 'rsa-1' } },
        { clientId: 'jwk-app', auth: { method: 'private_key_jwt', privateKeyFile: files.jwks, kid: 'ec-1', alg: 'ES256' } },
      ],
    });
    expect(config.clients.map((client) => describeClientAuth(client))).toEqual([
      { method: 'client_secret_basic' },
      { method: 'client_secret_post' },
      { method: 'client_secret_jwt' },
      { method: 'private_key_jwt', kid: 'rsa-1', privateKeyFile: files.pkcs8 },
      { method: 'private_key_jwt', alg: 'ES256', kid: 'ec-1', privateKeyFile: files.jwks },
    ]);
    expect(config.clients.map((client) => webexConfigOptions(client).clientAuth)).toEqual([
      { method: 'client_secret_basic', clientSecret: SECRET },
      { method: 'client_secret_post', clientSecret: SECRET },
      { method: 'client_secret_jwt', clientSecret: SECRET },
      { method: 'private_key_jwt', key: rsaPem, kid: 'rsa-1' },
      { method: 'private_key_jwt', key: ecJwk, kid: 'ec-1', alg: 'ES256' },
    ]);
    expectHidden(config);
  });

  it('refuses an inline private key or secret in auth without echoing it', () => {
    expect(fileProblems({ auth: { method: 'private_key_jwt', privateKey: rsaPem } })).toMatch(
      /clients\[0\]\.auth\.privateKey is not a setting: private keys are never taken inline; .* set clients\[0\]\.auth\.privateKeyFile to its path/,
    );
    expect(fileProblems({ auth: { method: 'private_key_jwt', key: rsaJwk } })).toMatch(/clients\[0\]\.auth\.key is not a setting: private keys are never taken inline/);
    expect(fileProblems({ auth: { method: 'client_secret_jwt', clientSecret: SECRET } })).toMatch(
      /clients\[0\]\.auth\.clientSecret is not a setting: the client secret goes in clients\[0\]\.clientSecret/,
    );
    expect(fileProblems({ clientSecret: SECRET, auth: { method: 'client_secret_jwt', algorithm: 'HS256' } })).toMatch(
      /clients\[0\]\.auth\.algorithm is not a setting; auth takes method, alg, kid, privateKeyFile/,
    );
  });

  it('names each bad input by its path', () => {
    expect(fileProblems({ clientSecret: SECRET, auth: 'private_key_jwt' })).toMatch(/clients\[0\]\.auth must be an object such as \{"method": "private_key_jwt"/);
    expect(fileProblems({ clientSecret: SECRET, auth: {} })).toMatch(/clients\[0\]\.auth\.method is required: one of client_secret_basic, /);
    expect(fileProblems({ clientSecret: SECRET, auth: { method: 'private-key-jwt' } })).toMatch(/clients\[0\]\.auth\.method must be one of .*; got "private-key-jwt"/);
    expect(fileProblems({ clientSecret: SECRET, auth: { method: 7 } })).toMatch(/clients\[0\]\.auth\.method must be a non-empty string/);
    expect(fileProblems({ auth: { method: 'client_secret_jwt' } })).toMatch(/clients\[0\]\.clientSecret is required with client_secret_jwt/);
    expect(fileProblems({})).toMatch(/clients\[0\]\.clientSecret is required with client_secret_basic \(the default; clients\[0\]\.auth\.method chooses another method\)/);
    expect(fileProblems({ clientSecret: SECRET, auth: { method: 'private_key_jwt', privateKeyFile: files.pkcs8 } })).toMatch(
      /clients\[0\]\.clientSecret is not used with private_key_jwt/,
    );
    expect(fileProblems({ auth: { method: 'private_key_jwt', privateKeyFile: files.publicPem } })).toMatch(
      new RegExp(`^clients\\[0\\]\\.auth\\.privateKeyFile ${files.publicPem}: "options\\.clientAuth\\.key" is a public key`, 'm'),
    );
    expect(fileProblems({ auth: { method: 'private_key_jwt', privateKeyFile: files.pkcs8, kid: '' } })).toMatch(/clients\[0\]\.auth\.kid must be a non-empty string/);
    expect(fileProblems({ clientSecret: SECRET, discoveryUrl: 'http://idp.example/.well-known/openid-configuration' })).toMatch(
      /^clients\[0\] \(client "file-app"\): "options\.discoveryUrl" is not https/m,
    );
  });

  it('lists the problems of every client at once', () => {
    const problems = problemsOf(
      {},
      {
        clients: [
          { clientId: 'a', auth: { method: 'private_key_jwt', privateKeyFile: join(dir, 'missing.pem') } },
          { clientId: 'b', auth: { method: 'client_secret_jwt' } },
          { clientId: 'c', clientSecret: SECRET, auth: { method: 'client_secret_jwt', alg: 'ES256' } },
          { clientId: 'd', clientSecret: SECRET },
        ],
      },
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^cannot read clients\[0\]\.auth\.privateKeyFile /);
    expect(problems[1]).toMatch(/^clients\[1\]\.clientSecret is required with client_secret_jwt/);
    expect(problems[2]).toMatch(/^clients\[2\]\.auth\.alg: "options\.clientAuth\.alg" must be "HS256", "HS384", "HS512"/);
  });
});
