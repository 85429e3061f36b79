import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import type { WebexConfig } from '@webex-oidc/core';
import { startSandbox, type Sandbox, type SandboxClient } from '@webex-oidc/sandbox';
import { redisTestUrl } from '@webex-oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.js';
import { loadConfig, type WorkerConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createHarness, dumpPrefix, waitFor, type Harness } from './helpers.js';
import { signIn } from './sandbox.js';

// The worker refreshes the sets of two JWT-authenticated integrations at the sandbox IdP, which
// registers them with `private_key_jwt` (its public key in `jwks`) and `client_secret_jwt`, and
// refuses any other client authentication for them: each refresh the sandbox answers is one
// whose client assertion it verified.

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN_PATH = '/v1/access_token';
const CALLBACK = 'http://127.0.0.1/callback';
const KID = 'worker-rsa-1';
const SECRET = randomBytes(32).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const keyClient: SandboxClient = {
  clientId: 'worker-key-app',
  clientSecret: 'not-used-by-private-key-jwt',
  redirectUris: [CALLBACK],
  tokenEndpointAuthMethod: 'private_key_jwt',
  jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] },
};
const hmacClient: SandboxClient = { clientId: 'worker-hmac-app', clientSecret: SECRET, redirectUris: [CALLBACK], tokenEndpointAuthMethod: 'client_secret_jwt' };

let h: Harness;
let sandbox: Sandbox;
let app: RunningApp;
let workerConfig: WorkerConfig;
let configFile: string;
const dir = mkdtempSync(join(tmpdir(), 'token-worker-sandbox-client-auth-'));
const keyFile = join(dir, 'client-key.pem');
const signedIn = new Map<string, WebexConfig>();
const logs: string[] = [];
const seen = new Set<string>();
const events: string[] = [];

/** Key material and the secret: never in logs, the logged configuration, `check-config` output or Redis. */
const MATERIAL = [SECRET, String(privateKey.export({ format: 'jwk' }).d), ...PEM.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'))];

function expectNoMaterial(text: string): void {
  for (const fragment of MATERIAL) expect(text).not.toContain(fragment);
}

function env(): Record<string, string> {
  return {
    TOKEN_WORKER_REDIS_URL: redisTestUrl(),
    TOKEN_WORKER_QUEUE_PREFIX: h.queuePrefix,
    TOKEN_WORKER_STORE_PREFIX: `${h.prefix}:ts`,
    TOKEN_WORKER_STORE_KEYS: `k1:${h.keyring.keys['k1'] ?? ''}`,
    TOKEN_WORKER_HTTP_PORT: '0',
    TOKEN_WORKER_HTTP_HOST: '127.0.0.1',
    TOKEN_WORKER_RECONCILE_INTERVAL_MS: '0',
  };
}

beforeAll(async () => {
  h = await createHarness('token-worker-client-auth');
  writeFileSync(keyFile, PEM, { mode: 0o600 });
  sandbox = await startSandbox({ port: 0, quiet: true, accessTokenTtl: 4, rotateRefreshTokens: true, clients: [keyClient, hmacClient] });
  const idp = { discoveryUrl: sandbox.discoveryUrl, issuers: [sandbox.issuer], revocationEndpoint: sandbox.revocationUrl, allowInsecureRequests: true };
  // The app's own sign-in (a web adapter would do this): core configurations with the same credentials.
  signedIn.set(keyClient.clientId, h.addClient({ ...idp, clientId: keyClient.clientId, redirectUri: CALLBACK, clientAuth: { method: 'private_key_jwt', key: PEM, kid: KID } }));
  signedIn.set(hmacClient.clientId, h.addClient({ ...idp, clientId: hmacClient.clientId, redirectUri: CALLBACK, clientAuth: { method: 'client_secret_jwt', clientSecret: SECRET } }));
  // The worker's configuration file, as an operator writes it: the key as a file path, the secret next to the client.
  const file = {
    clients: [
      { clientId: keyClient.clientId, auth: { method: 'private_key_jwt', privateKeyFile: keyFile, kid: KID }, ...idp },
      { clientId: hmacClient.clientId, clientSecret: SECRET, auth: { method: 'client_secret_jwt', alg: 'HS512' }, ...idp },
    ],
    policy: { web: { maxRefreshTokensPerUser: 10 } },
  };
  configFile = join(dir, 'token-worker.json');
  writeFileSync(configFile, JSON.stringify(file), { mode: 0o600 });
  workerConfig = loadConfig(env(), file);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await startApp(workerConfig, { logger: createLogger({ level: 'debug', destination: sink }) });
  app.worker.subscribe((event) => events.push(event.type));
});
afterAll(async () => {
  await app?.stop();
  await h?.cleanup();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function add(clientId: string, user: string) {
  const tokens = await signIn(sandbox, signedIn.get(clientId)!, user);
  seen.add(tokens.accessToken).add(tokens.refreshToken ?? '').add(tokens.idToken ?? '');
  const { set } = await app.worker.addTokenSet({ userId: user, clientId, clientType: 'web', tokens });
  return set;
}

async function refreshedTimes(id: string, times: number) {
  return waitFor(async () => {
    const set = await h.store.get(id);
    if (set) seen.add(set.tokens.accessToken).add(set.tokens.refreshToken ?? '');
    return set !== undefined && (set.metadata.refreshCount ?? 0) >= times ? set : undefined;
  }, 20_000, `${times} refreshes of ${id}`);
}

describe('JWT client authentication against the sandbox IdP', () => {
  it('refreshes the sets of a private_key_jwt client (key from a file) and a client_secret_jwt client', async () => {
    const calls = sandbox.requestCount(TOKEN_PATH);
    const keySet = await add(keyClient.clientId, 'alice@example.com');
    const hmacSet = await add(hmacClient.clientId, 'bob@example.com');
    const [keyTwice, hmacTwice] = await Promise.all([refreshedTimes(keySet.id, 2), refreshedTimes(hmacSet.id, 2)]);
    for (const [before, after] of [
      [keySet, keyTwice],
      [hmacSet, hmacTwice],
    ] as const) {
      expect(after.status).toBe('active');
      expect(after.tokens.accessToken).not.toBe(before.tokens.accessToken);
      expect(after.tokens.refreshToken).not.toBe(before.tokens.refreshToken); // rotated at every refresh
    }
    // 2 sign-ins + at least 2 refreshes per set, every one client-authenticated by assertion.
    expect(sandbox.requestCount(TOKEN_PATH) - calls).toBeGreaterThanOrEqual(6);
    // No refresh failed on the way (an assertion the sandbox refused would be a 401 invalid_client).
    const results = (await app.worker.metrics.refreshes.get()).values.filter((v) => v.value > 0).map((v) => `${v.labels.provider}:${v.labels.result}`);
    expect(new Set(results)).toEqual(new Set(['webex:ok']));
    expect(events.filter((type) => type !== 'refreshed')).toEqual([]);
  });

  it('logs each client\'s method, alg and kid, never the secret, the key or a token', async () => {
    const lines = logs.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const configured = lines.filter((line) => line.msg === 'webex client configured').map((line) => [line.clientId, line.clientAuth]);
    expect(configured).toEqual([
      [keyClient.clientId, { method: 'private_key_jwt', kid: KID, privateKeyFile: keyFile }],
      [hmacClient.clientId, { method: 'client_secret_jwt', alg: 'HS512' }],
    ]);
    const text = logs.join('');
    expectNoMaterial(text);
    expectNoMaterial(inspect(workerConfig, { depth: Infinity }) + JSON.stringify(workerConfig));
    const dump = await dumpPrefix(h.redis, h.prefix);
    expectNoMaterial(dump);
    seen.delete('');
    expect(seen.size).toBeGreaterThan(6);
    for (const token of seen) {
      expect(text).not.toContain(token);
      expect(dump).not.toContain(token);
    }
  });

  it('check-config names the clients\' methods, or every problem with exit 78, never showing the secret or key', async () => {
    const run = (args: string[], extraEnv: Record<string, string> = {}) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(process.execPath, [CLI, 'check-config', ...args], { env: { PATH: process.env.PATH ?? '', ...env(), ...extraEnv } }, (err, stdout, stderr) => {
          resolve({ code: err === null ? 0 : Number(err.code), out: stdout + stderr });
        });
      });
    const ok = await run(['-c', configFile]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^configuration ok: 2 client\(s\) \(worker-key-app: private_key_jwt, worker-hmac-app: client_secret_jwt\), queue /);
    expectNoMaterial(ok.out);
    const publicFile = join(dir, 'public.pem');
    writeFileSync(publicFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const bad = await run([], {
      TOKEN_WORKER_CLIENT_ID: keyClient.clientId,
      TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt',
      TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: publicFile,
      TOKEN_WORKER_CLIENT_SECRET: SECRET,
      TOKEN_WORKER_CLIENT_PRIVATE_KEY: PEM,
    });
    expect(bad.code).toBe(78);
    expect(bad.out).toMatch(/TOKEN_WORKER_CLIENT_PRIVATE_KEY is not read/);
    expect(bad.out).toMatch(/TOKEN_WORKER_CLIENT_SECRET is not used with private_key_jwt/);
    expectNoMaterial(bad.out);
    const wrongKey = await run([], {
      TOKEN_WORKER_CLIENT_ID: keyClient.clientId,
      TOKEN_WORKER_CLIENT_AUTH_METHOD: 'private_key_jwt',
      TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE: publicFile,
    });
    expect(wrongKey.code).toBe(78);
    expect(wrongKey.out).toContain(`TOKEN_WORKER_CLIENT_PRIVATE_KEY_FILE ${publicFile}: "options.clientAuth.key" is a public key (or certificate)`);
  });
});
