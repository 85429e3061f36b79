import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeSsoLogin, type FinesseSimulator, startFinesseSimulator } from '@webex-oidc/sandbox';
import { afterEach, expect } from 'vitest';
import { buildSsoTokenUrl, FinesseError, type FinesseTokenSet, parseFinesseTokenResponse } from '../src/index.js';

/** What {@link simulatorPerTest} gives a test file. */
export interface SimulatorScope {
  /** Starts the running test's simulator; it is closed after the test, after the closers. */
  start(options?: Parameters<typeof startFinesseSimulator>[0]): Promise<FinesseSimulator>;
  /** Run after each test, before the simulator closes: clients, token managers. */
  readonly closers: Array<() => Promise<void>>;
  /** The test closed its simulator itself. */
  forget(): void;
}

/** One simulator per test, and the test's clients closed before it (call at the top of a test file). */
export function simulatorPerTest(): SimulatorScope {
  let sim: FinesseSimulator | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await sim?.close();
    sim = undefined;
  });
  return {
    closers,
    start: async (options) => (sim = await startFinesseSimulator(options)),
    forget: () => {
      sim = undefined;
    },
  };
}

/** The FinesseError `promise` rejects with (fails the test when it resolves or rejects otherwise). */
export async function finesseError(promise: Promise<unknown>): Promise<FinesseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FinesseError);
  return err as FinesseError;
}

/** Signs an agent in through the simulator's SSO hop, as a desktop's browser window would. */
export async function ssoSignIn(sim: FinesseSimulator, username = 'jsmith', ca?: string): Promise<FinesseTokenSet> {
  const url = buildSsoTokenUrl({ baseUrl: sim.url, username });
  const issuedAt = Date.now();
  const json = await completeSsoLogin(url, { username, password: 'password', ...(ca === undefined ? {} : { ca }) });
  return parseFinesseTokenResponse(json, { issuedAt });
}

/** A token pair issued directly (no browser hop). */
export async function directTokens(sim: FinesseSimulator, agentId = '1001'): Promise<FinesseTokenSet> {
  const issuedAt = Date.now();
  return parseFinesseTokenResponse(await sim.issueTokens(agentId), { issuedAt });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost signed by it (PEM strings). */
export interface TestPki {
  caCert: string;
  key: string;
  cert: string;
}

/** Generates a throwaway CA and leaf certificate with the openssl binary. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'finesse-pki-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  try {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Finesse Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
    );
    run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '2', '-extfile', 'ext.cnf');
    return {
      caCert: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
      cert: readFileSync(join(dir, 'leaf.crt'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
