import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { freePort } from '@webex-oidc/testing';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Browser, sandboxOptions, startTestApp, type TestApp } from './helpers.js';

/** Polls `fn` until it returns true (bounded). */
async function eventually(fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(100);
  }
  throw new Error('condition not met in time');
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('lazy discovery', () => {
  it('boots with the IdP down, answers 503 until it is up, then signs in', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app: TestApp = await startTestApp((appUrl) =>
      sandboxOptions(base, { discovery: { minDelay: 200, maxDelay: 400 } }, `${appUrl}/auth/callback`),
    );
    cleanups.push(() => app.close());

    const open = await fetch(`${app.url}/open`);
    expect(open.status).toBe(200);
    expect((await fetch(`${app.url}/me`)).status).toBe(401); // needs no IdP
    const down = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await down.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'idp_unavailable' });
    expect(body['message']).toMatch(/unreachable.*retry in \d+ s/);

    const sandbox: Sandbox = await startSandbox({ port, quiet: true });
    cleanups.push(() => sandbox.close());
    await eventually(async () => (await fetch(`${app.url}/auth/login`, { redirect: 'manual' })).status === 302);

    const browser = new Browser(app.url);
    expect((await browser.signIn(sandbox)).status).toBe(302);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('recovers when injected discovery faults are cleared', async () => {
    const sandbox = await startSandbox({ port: 0, quiet: true });
    cleanups.push(() => sandbox.close());
    const discoveryPath = new URL(sandbox.discoveryUrl).pathname;
    sandbox.setFaults([{ path: discoveryPath, status: 503 }]);
    const app = await startTestApp((appUrl) =>
      sandboxOptions(sandbox.url, { discovery: { minDelay: 500, maxDelay: 1000 } }, `${appUrl}/auth/callback`),
    );
    cleanups.push(() => app.close());

    const res = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'idp_unavailable' });
    const attempts = sandbox.requestCount(discoveryPath);
    expect(attempts).toBeGreaterThan(0);
    // inside the backoff window, requests fail fast without hitting the IdP again
    expect((await fetch(`${app.url}/auth/login`, { redirect: 'manual' })).status).toBe(503);
    expect(sandbox.requestCount(discoveryPath)).toBe(attempts);

    sandbox.setFaults([]);
    await eventually(async () => (await fetch(`${app.url}/auth/login`, { redirect: 'manual' })).status === 302);
    const browser = new Browser(app.url);
    expect((await browser.signIn(sandbox)).status).toBe(302);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('answers 503 within maxWait when the IdP accepts connections but never answers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const blackHole = createServer((socket) => {
      sockets.add(socket); // hold the connection open, say nothing
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });
    const address = blackHole.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const app = await startTestApp((appUrl) =>
      sandboxOptions(base, { discovery: { maxWait: 300, warmUp: false } }, `${appUrl}/auth/callback`),
    );
    cleanups.push(() => app.close());

    const started = Date.now();
    const res = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'idp_unavailable', message: expect.stringContaining('did not answer') });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sockets.size).toBeGreaterThan(0);
  });
});

