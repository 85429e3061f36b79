import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildSsoTokenUrl, FinesseError, FinesseErrorCode, parseFinesseTokenResponse } from '@webex-oidc/finesse';
import { completeSsoLogin, type FinesseSimulator, type FinesseSimulatorOptions, startFinesseSimulator } from '@webex-oidc/sandbox';
import type { StoredTokenSet } from '@webex-oidc/token-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { readEnv } from '../src/env.js';
import { createLogger } from '../src/logger.js';
import {
  classifyFinesseFailure,
  createFinesseProvider,
  FINESSE_TLS_CONFIG_ERROR,
  fromFinesseTokenSet,
  toFinesseTokenSet,
} from '../src/providers/finesse-provider.js';
import type { TokenWorker } from '../src/token-worker.js';
import { createHarness, dumpPrefix, waitFor, type Harness } from './helpers.js';

/** A throwaway CA and a leaf certificate for 127.0.0.1 (PEM), made with the openssl binary. */
function makePki(dir: string): { caCert: string; key: string; cert: string } {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Worker Finesse Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '2', '-extfile', 'ext.cnf');
  return { caCert: readFileSync(join(dir, 'ca.crt'), 'utf8'), key: readFileSync(join(dir, 'leaf.key'), 'utf8'), cert: readFileSync(join(dir, 'leaf.crt'), 'utf8') };
}

const TTL_S = 4;
const pkiDir = mkdtempSync(join(tmpdir(), 'worker-finesse-pki-'));
let pki: { caCert: string; key: string; cert: string };
/** Every token seen in this file, for the plaintext scan at the end. */
const seen = new Set<string>();
const extraLogs: string[] = [];

/** One isolated world per scenario: Finesse simulator (HTTPS), Redis prefix + store, worker. */
interface Scenario {
  sim: FinesseSimulator;
  h: Harness;
  worker: TokenWorker;
}
const scenarios: Scenario[] = [];

async function scenario(name: string, sim: Partial<FinesseSimulatorOptions>, method: 'POST' | 'GET' = 'POST'): Promise<Scenario> {
  const s = await startFinesseSimulator({ accessTokenTtlSeconds: TTL_S, tls: { key: pki.key, cert: pki.cert }, ...sim });
  const h = await createHarness(`token-worker-finesse-${name}`);
  const provider = createFinesseProvider({ baseUrl: s.url, ca: pki.caCert, method, timeoutMs: 5_000 });
  const worker = await h.startWorker({ providers: [provider], retry: { baseMs: 200, maxMs: 1_000, expiryMarginMs: 500 } });
  const world = { sim: s, h, worker };
  scenarios.push(world);
  return world;
}

/** The agent signs in through the simulator's SSO hop (as a desktop's browser would) and hands the pair to the worker. */
async function signInAndStore({ sim, worker }: Scenario, username = 'jsmith'): Promise<StoredTokenSet> {
  const issuedAt = Date.now();
  const json = await completeSsoLogin(buildSsoTokenUrl({ baseUrl: sim.url, username }), { username, password: 'password', ca: pki.caCert });
  const pair = parseFinesseTokenResponse(json, { issuedAt });
  seen.add(pair.accessToken).add(pair.refreshToken ?? '');
  const { set } = await worker.addTokenSet({
    userId: pair.userId,
    clientId: 'finesse-desktop',
    clientType: 'desktop',
    provider: 'finesse',
    tokens: fromFinesseTokenSet(pair),
  });
  return set;
}

/** Waits until the set has been refreshed `times` times; records every token it sees. */
async function refreshedTimes({ h }: Scenario, id: string, times: number, timeoutMs = 20_000): Promise<StoredTokenSet> {
  return waitFor(async () => {
    const set = await h.store.get(id);
    if (set !== undefined) seen.add(set.tokens.accessToken).add(set.tokens.refreshToken ?? '');
    return set !== undefined && (set.metadata.refreshCount ?? 0) >= times ? set : undefined;
  }, timeoutMs, `${times} refreshes of ${id}`);
}

/** Follows one set and keeps each distinct token pair (access token → set) it goes through. */
function track({ h }: Scenario, id: string): { history: StoredTokenSet[]; stop(): void } {
  const history: StoredTokenSet[] = [];
  let on = true;
  void (async () => {
    while (on) {
      const set = await h.store.get(id).catch(() => undefined);
      if (set !== undefined && history.at(-1)?.tokens.accessToken !== set.tokens.accessToken) history.push(set);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return { history, stop: () => (on = false) };
}

beforeAll(() => {
  pki = makePki(pkiDir);
});
afterAll(async () => {
  for (const { h, sim } of scenarios.splice(0)) {
    await h.cleanup();
    await sim.close();
  }
  rmSync(pkiDir, { recursive: true, force: true });
});

describe('classifyFinesseFailure', () => {
  const err = (code: FinesseErrorCode, status?: number, retryAfterMs?: number) =>
    new FinesseError(code, 'x', { ...(status === undefined ? {} : { status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

  it('permanent: reauth_required, 401, 400; TLS is a transient configuration error', () => {
    expect(classifyFinesseFailure(err(FinesseErrorCode.ReauthRequired, 401))).toEqual({ kind: 'permanent', code: 'reauth_required' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ReauthRequired, 302))).toEqual({ kind: 'permanent', code: 'reauth_required' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.Unauthorized, 401))).toEqual({ kind: 'permanent', code: 'unauthorized' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 400))).toEqual({ kind: 'permanent', code: 'reauth_required' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 401))).toEqual({ kind: 'permanent', code: 'reauth_required' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.TlsError))).toEqual({ kind: 'transient', code: FINESSE_TLS_CONFIG_ERROR });
  });

  it('429 → rate_limited with Retry-After; 5xx, network, timeout, abort, odd answers → transient', () => {
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 429, 7_000))).toEqual({ kind: 'rate_limited', code: 'rate_limited', retryAfterMs: 7_000 });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 429))).toEqual({ kind: 'rate_limited', code: 'rate_limited', retryAfterMs: undefined });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 503, 2_000))).toEqual({ kind: 'transient', code: 'finesse_api_error', retryAfterMs: 2_000 });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 500))).toMatchObject({ kind: 'transient', code: 'finesse_api_error' });
    expect(classifyFinesseFailure(err(FinesseErrorCode.ApiError, 404))).toMatchObject({ kind: 'transient' });
    for (const code of [FinesseErrorCode.NetworkError, FinesseErrorCode.Timeout, FinesseErrorCode.Aborted, FinesseErrorCode.InvalidResponse]) {
      expect(classifyFinesseFailure(err(code))).toMatchObject({ kind: 'transient', code });
    }
    expect(classifyFinesseFailure(new Error('boom'))).toEqual({ kind: 'transient', code: 'unexpected' });
    expect(classifyFinesseFailure('nope')).toEqual({ kind: 'transient', code: 'unexpected' });
  });

  it('maps a stored set to a Finesse pair and back, keeping the refresh token when none comes back', () => {
    const stored = {
      userId: 'jsmith',
      tokens: { accessToken: 'A1', tokenType: 'Bearer' as const, issuedAt: 1_000, expiresAt: 5_000, refreshToken: 'R1', refreshExpiresAt: 99_000, scope: undefined },
    } as unknown as StoredTokenSet;
    const pair = toFinesseTokenSet(stored);
    expect(pair).toEqual({ accessToken: 'A1', refreshToken: 'R1', issuedAt: 1_000, expiresAt: 5_000, userId: 'jsmith', realm: undefined, userPrincipal: undefined });
    const back = fromFinesseTokenSet({ ...pair, accessToken: 'A2', refreshToken: undefined, issuedAt: 4_000, expiresAt: 8_000 }, stored.tokens);
    expect(back).toMatchObject({ accessToken: 'A2', refreshToken: 'R1', issuedAt: 4_000, expiresAt: 8_000, refreshExpiresAt: 99_000, tokenType: 'Bearer' });
    expect(fromFinesseTokenSet({ ...pair, refreshToken: 'R2' }, stored.tokens).refreshToken).toBe('R2');
  });

  it('rejects a bad baseUrl at creation; revoke is a no-op that resolves', async () => {
    expect(() => createFinesseProvider({ baseUrl: 'finesse.example.com' })).toThrow(/baseUrl/);
    expect(() => createFinesseProvider({ baseUrl: 'ftp://finesse.example.com' })).toThrow(/baseUrl/);
    await expect(createFinesseProvider({ baseUrl: 'https://finesse.invalid:8445' }).revoke({} as StoredTokenSet)).resolves.toBeUndefined();
  });
});

describe('configuration', () => {
  const base = { TOKEN_WORKER_STORE_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` };

  it('FINESSE_* env (or the finesse file keys) configure the provider; no Webex client needed then', () => {
    writeFileSync(join(pkiDir, 'finesse-ca.pem'), pki.caCert);
    const env = readEnv({ ...base, FINESSE_BASE_URL: 'https://finesse1.example.com:8445', FINESSE_CA_FILE: join(pkiDir, 'finesse-ca.pem'), FINESSE_REFRESH_METHOD: 'get', PATH: '/bin' });
    expect(env.PATH).toBeUndefined();
    const config = loadConfig(env);
    expect(config.finesse).toEqual({ baseUrl: 'https://finesse1.example.com:8445', ca: pki.caCert, method: 'GET', timeoutMs: undefined });
    expect(config.clients).toEqual([]);
    const fromFile = loadConfig(base, { finesse: { baseUrl: 'https://f.example.com:8445', timeoutMs: 5_000 } });
    expect(fromFile.finesse).toEqual({ baseUrl: 'https://f.example.com:8445', ca: undefined, method: 'POST', timeoutMs: 5_000 });
    expect(loadConfig({ ...base, TOKEN_WORKER_CLIENT_ID: 'c', TOKEN_WORKER_CLIENT_SECRET: 's' }).finesse).toBeUndefined();
  });

  it('reports every Finesse problem at once', () => {
    expect(() =>
      loadConfig({ ...base, FINESSE_BASE_URL: 'finesse1:8445', FINESSE_CA_FILE: join(pkiDir, 'missing.pem'), FINESSE_REFRESH_METHOD: 'PUT' }),
    ).toThrow(/FINESSE_BASE_URL[\s\S]*FINESSE_REFRESH_METHOD[\s\S]*FINESSE_CA_FILE/);
    expect(() => loadConfig({ ...base, FINESSE_CA_FILE: '/etc/ca.pem' })).toThrow(/need FINESSE_BASE_URL[\s\S]*no Webex client/);
  });
});

describe('the worker refreshes Finesse sets against the simulator (HTTPS, private CA)', () => {
  describe.concurrent('scenarios (each with its own simulator and Redis prefix)', () => {
    it('refreshes at 75 % several times, one token request per refresh, keeping the refresh token (POST form)', async () => {
      const world = await scenario('keep', { rotateRefreshTokens: false });
      const set = await signInAndStore(world);
      expect(set.provider).toBe('finesse');
      world.sim.resetStats();
      const trail = track(world, set.id);
      const third = await refreshedTimes(world, set.id, 3);
      trail.stop();
      const stats = world.sim.stats();
      const again = await world.h.store.get(set.id);
      expect(again?.metadata.refreshCount).toBe(3); // nothing happened between the reads
      expect(stats).toMatchObject({ refreshes: 3, refreshesByPost: 3, refreshesRejected: 0, duplicateRefreshes: 0, tokensIssued: 0 });
      expect(third.tokens.refreshToken).toBe(set.tokens.refreshToken);
      expect(third.status).toBe('active');
      expect(third.expiresAt - third.issuedAt).toBe(TTL_S * 1000);
      const pairs = [set, ...trail.history.slice(1)];
      expect(pairs.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < pairs.length; i += 1) {
        const previous = pairs[i - 1];
        const next = pairs[i];
        if (previous === undefined || next === undefined) continue;
        const at = next.issuedAt - previous.issuedAt; // the refresh request went out at `at` ms into the old token's life
        expect(at).toBeGreaterThanOrEqual(0.75 * TTL_S * 1000 - 0.02 * TTL_S * 1000 - 50);
        expect(next.issuedAt).toBeLessThan(previous.expiresAt);
      }
      const refreshed = world.h.events.filter((e) => e.type === 'refreshed' && e.tokenSetId === set.id);
      expect(refreshed.length).toBeGreaterThanOrEqual(3);
      expect(refreshed[0]).toMatchObject({ provider: 'finesse', userId: 'jsmith' });
    });

    it('takes the new refresh token when the simulator rotates them (GET form, cc_username = userId)', async () => {
      const world = await scenario('rotate', { rotateRefreshTokens: true }, 'GET');
      const set = await signInAndStore(world);
      const once = await refreshedTimes(world, set.id, 1);
      expect(once.tokens.refreshToken).not.toBe(set.tokens.refreshToken);
      const twice = await refreshedTimes(world, set.id, 2);
      expect(twice.tokens.refreshToken).not.toBe(once.tokens.refreshToken);
      expect(twice.status).toBe('active');
      expect(world.sim.stats()).toMatchObject({ refreshesByGet: 2, refreshesRejected: 0 });
    });

    it('a revoked refresh token → reauth_required and the event, no more refreshes', async () => {
      const world = await scenario('revoked', {});
      const set = await signInAndStore(world);
      world.sim.revokeRefreshTokens('1001');
      const done = await waitFor(async () => {
        const s = await world.h.store.get(set.id);
        return s?.status === 'reauth_required' ? s : undefined;
      }, 15_000, 'reauth_required');
      expect(done.metadata.refreshCount ?? 0).toBe(0);
      // The event goes out and the job completes just after the status write.
      await waitFor(() => world.h.events.some((e) => e.type === 'reauth_required' && e.tokenSetId === set.id), 5_000, 'reauth_required event');
      expect(world.h.events).toContainEqual(expect.objectContaining({ type: 'reauth_required', tokenSetId: set.id, provider: 'finesse', reason: 'reauth_required' }));
      await waitFor(async () => (await world.worker.queue.getJob(set.id)) === undefined, 5_000, 'job completed');
      expect(world.sim.stats()).toMatchObject({ refreshes: 0, refreshesRejected: 1 });
    });

    it('429 and 5xx faults on token requests are retried; the set is refreshed, not lost', async () => {
      const world = await scenario('faults', {});
      const set = await signInAndStore(world);
      world.sim.failTokenRequests(1, 429);
      world.sim.failTokenRequests(2, 503);
      const once = await refreshedTimes(world, set.id, 1);
      expect(once.status).toBe('active');
      expect(once.tokens.refreshToken).toBe(set.tokens.refreshToken);
      const twice = await refreshedTimes(world, set.id, 2);
      expect(twice.status).toBe('active');
      expect(twice.metadata.lastError).toBeUndefined();
      const results = (await world.worker.metrics.refreshes.get()).values.map((v) => `${String(v.labels.provider)}:${String(v.labels.result)}`);
      expect(results).toEqual(expect.arrayContaining(['finesse:rate_limited', 'finesse:failed', 'finesse:ok']));
      expect(world.h.events.filter((e) => e.type === 'reauth_required')).toHaveLength(0);
      expect(world.h.logs.join('')).toMatch(/"code":"finesse_api_error"/);
      expect(world.sim.stats()).toMatchObject({ refreshes: 2, refreshesRejected: 0 });
    });

    it('a Finesse certificate the worker does not trust is a transient TLS configuration error (the set is kept), logged as such', async () => {
      const sim = await startFinesseSimulator({ accessTokenTtlSeconds: TTL_S, tls: { key: pki.key, cert: pki.cert } });
      try {
        const lines: string[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        });
        const logger = createLogger({ destination: sink });
        const provider = createFinesseProvider({ baseUrl: sim.url, logger }); // no `ca`
        const pair = parseFinesseTokenResponse(await sim.issueTokens('1001'));
        seen.add(pair.accessToken).add(pair.refreshToken ?? '');
        const stored = { userId: pair.userId, tokens: fromFinesseTokenSet(pair) } as unknown as StoredTokenSet;
        const error = await provider.refresh(stored, { signal: new AbortController().signal }).then(() => undefined, (e: unknown) => e);
        expect(error).toMatchObject({ code: FinesseErrorCode.TlsError });
        expect(provider.classify(error)).toEqual({ kind: 'transient', code: FINESSE_TLS_CONFIG_ERROR });
        expect(provider.classify(error)).toEqual({ kind: 'transient', code: FINESSE_TLS_CONFIG_ERROR });
        expect(lines).toHaveLength(1); // at most once a minute
        expect(lines[0]).toMatch(/"code":"finesse_tls_config_error"/);
        expect(lines[0]).toMatch(/configuration error/);
        extraLogs.push(...lines);
        expect(sim.stats().refreshes).toBe(0);
      } finally {
        await sim.close();
      }
    });
  });

  it('leaves no token in Redis or in the logs', async () => {
    seen.delete('');
    expect(seen.size).toBeGreaterThanOrEqual(12);
    for (const { h } of scenarios) {
      const dump = await dumpPrefix(h.redis, h.prefix);
      expect(dump.length).toBeGreaterThan(0);
      const logs = h.logs.join('') + extraLogs.join('');
      expect(logs.length).toBeGreaterThan(0);
      for (const token of seen) {
        expect(dump).not.toContain(token);
        expect(logs).not.toContain(token);
        // JWTs: not even one of their parts (header aside, which is shared) in the clear
        const [, payload, signature] = token.split('.');
        if (payload !== undefined) expect(dump + logs).not.toContain(payload);
        if (signature !== undefined) expect(dump + logs).not.toContain(signature);
      }
    }
  });
});
