/**
 * `node apps/demo/dist/main.js` as `npm run demo` runs it: a real child process on random ports,
 * every printed URL answers, SIGINT stops it with exit code 0; a taken port and a missing Redis
 * end it with exit code 1 and a message that says what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '@webex-oidc/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { redisAnswers } from '../src/redis.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const env = readEnv();
const children: ChildProcess[] = [];
const servers: Server[] = [];

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function run(extraEnv: Record<string, string>, pathOverride?: string): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: pathOverride ?? process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DEMO_APP_PORT: '0',
      DEMO_WORKER_PORT: '0',
      DEMO_SANDBOX_PORT: '0',
      DEMO_FINESSE_PORT: '0',
      REDIS_URL: env.redisUrl,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}

async function waitForOutput(r: Run, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!r.output().includes(text)) {
    if (r.child.exitCode !== null) throw new Error(`demo exited (${r.child.exitCode}) before printing "${text}":\n${r.output()}`);
    if (Date.now() > deadline) throw new Error(`demo did not print "${text}" within ${timeoutMs} ms:\n${r.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printedUrl(output: string, label: string): string {
  const match = new RegExp(`^\\s*${label}\\s+(http://\\S+)`, 'm').exec(output);
  if (match?.[1] === undefined) throw new Error(`no "${label}" URL in:\n${output}`);
  return match[1];
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
});

describe('npm run demo (dist/main.js)', () => {
  it('prints URLs that answer and stops cleanly with exit code 0 on SIGINT', { timeout: 60_000 }, async () => {
    const r = run({});
    await waitForOutput(r, 'Ctrl-C stops everything.');
    const out = r.output();
    expect(out).toContain('alice@example.com');
    expect(out).toContain('at most 10 sessions');
    const app = printedUrl(out, 'example app');
    const dashboard = printedUrl(out, 'token dashboard');
    const finessePage = printedUrl(out, 'Finesse desktop');
    const sandbox = printedUrl(out, 'sandbox IdP');
    const finesse = printedUrl(out, 'Finesse simulator');
    for (const url of [app, dashboard, `${sandbox}/v1/.well-known/openid-configuration`]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
    }
    // The desk wants a Webex sign-in to the app first, and says so.
    const desk = await fetch(finessePage);
    expect(desk.status).toBe(401);
    expect(await desk.text()).toContain('Sign in to this app first');
    // The simulator answers (401 without a token is an answer).
    expect((await fetch(`${finesse}/finesse/api/SystemInfo`)).status).toBeLessThan(500);
    expect((await fetch(new URL('/healthz', dashboard))).status).toBe(200);
    expect(new URL(app).hostname).toBe('127.0.0.1');

    r.child.kill('SIGINT');
    expect(await r.exit).toBe(0);
    expect(r.output()).toContain('demo: stopped.');
    await expect(fetch(app)).rejects.toThrow();
  });

  it('names the variable to change when a port is taken, and exits 1', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const r = run({ DEMO_WORKER_PORT: String(port) });
    expect(await r.exit).toBe(1);
    expect(r.output()).toContain(`Port ${port} (token worker dashboard) on 127.0.0.1 is taken`);
    expect(r.output()).toContain('DEMO_WORKER_PORT=<port> npm run demo');
  });

  it('says how to install Redis, and exits 1, when nothing answers and redis-server is not installed', async () => {
    const port = await freePort();
    const r = run({ REDIS_URL: `redis://127.0.0.1:${port}` }, '/nonexistent');
    expect(await r.exit).toBe(1);
    expect(r.output()).toContain(`Redis does not answer on 127.0.0.1:${port} and redis-server is not installed`);
    expect(r.output()).toContain('sudo apt-get install -y redis-server');
  });

  it('starts a private redis-server when nothing answers, and stops it on SIGTERM', { timeout: 60_000 }, async () => {
    const probe = spawn('redis-server', ['--version']);
    const [code] = (await once(probe, 'exit').catch(() => [127])) as [number | null];
    expect(code, 'redis-server must be installed for this test (.ci/run installs it)').toBe(0);
    const port = await freePort();
    const r = run({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await waitForOutput(r, 'Ctrl-C stops everything.');
    expect(r.output()).toContain(`Started a private redis-server on 127.0.0.1:${port}`);
    const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    expect(await redisAnswers('127.0.0.1', port, 500)).toBe(false);
  });
});
