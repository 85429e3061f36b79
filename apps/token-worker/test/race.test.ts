import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@webex-oidc/sandbox';
import type { WebexConfig } from '@webex-oidc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dumpPrefix, waitFor, type Harness } from './helpers.js';
import { signIn, startTestSandbox, workerEnv } from './sandbox.js';
import type { TokenWorker } from '../src/token-worker.js';
import type { TokenSetSummary } from '@webex-oidc/token-store';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN_PATH = '/v1/access_token';
const SETS = 8;
let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;
let producer: TokenWorker;
const children: Array<{ child: ChildProcess; output: string[] }> = [];

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; output: string[] }> {
  const output: string[] = [];
  const child = fork(CLI, ['start'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const entry = { child, output };
  children.push(entry);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(entry));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output.join('')}`)));
  });
}

beforeAll(async () => {
  h = await createHarness('token-worker-race');
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: true }));
  producer = await h.startWorker({ producerOnly: true });
});
afterAll(async () => {
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
  await h?.cleanup();
  await sandbox?.close();
});

describe('4 worker processes on one Redis', () => {
  it('refresh each due set exactly once per due point with rotating refresh tokens, 0 invalid_grant', async () => {
    const sets: TokenSetSummary[] = [];
    for (let i = 0; i < SETS; i += 1) {
      const tokens = await signIn(sandbox, config, i % 2 === 0 ? 'alice@example.com' : 'bob@example.com');
      sets.push((await producer.addTokenSet({ userId: `user-${i}`, clientId: sandbox.client.clientId, clientType: 'desktop', tokens })).set);
    }
    const callsBefore = sandbox.requestCount(TOKEN_PATH);
    const env = { ...workerEnv(h, sandbox), TOKEN_WORKER_LOG_LEVEL: 'debug' };
    await Promise.all([startChild(env), startChild(env), startChild(env), startChild(env)]);
    // Two full refresh cycles for every set (due at 3 s, then ~3 s later).
    await waitFor(async () => {
      const all = await Promise.all(sets.map((s) => h.store.get(s.id)));
      return all.every((s) => (s?.metadata.refreshCount ?? 0) >= 2);
    }, 30_000, 'two refreshes per set');
    // Stop gracefully (SIGTERM): in-flight refreshes finish.
    await Promise.all(children.map(({ child }) => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); })));
    const all = await Promise.all(sets.map((s) => h.store.get(s.id)));
    const refreshes = all.reduce((sum, s) => sum + (s?.metadata.refreshCount ?? 0), 0);
    expect(all.every((s) => s?.status === 'active')).toBe(true);
    expect(sandbox.requestCount(TOKEN_PATH) - callsBefore).toBe(refreshes);
    const output = children.map((c) => c.output.join('')).join('');
    expect(output).not.toContain('invalid_grant');
    expect(children.every(({ child }) => child.exitCode === 0)).toBe(true);
    // Several processes took part.
    const pids = new Set([...output.matchAll(/"pid":(\d+).*?"msg":"token worker started"/g)].map((m) => m[1]));
    expect(pids.size).toBe(4);
    // No token in their logs or in Redis.
    const dump = await dumpPrefix(h.redis, h.prefix);
    for (const s of all) {
      for (const token of [s?.tokens.accessToken ?? '-', s?.tokens.refreshToken ?? '-']) {
        expect(output).not.toContain(token);
        expect(dump).not.toContain(token);
      }
    }
  });
});
