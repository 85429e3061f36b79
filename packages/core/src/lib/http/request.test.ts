import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './request.js';

// A real server that accepts requests and never answers them.
let server: Server;
let url: URL;

beforeAll(async () => {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/access_token?code=secret`);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('send', () => {
  it('turns a timeout into a transient network_error that names the origin and path, not the query', async () => {
    const err = await send('token request', url, { method: 'POST' }, { timeout: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network_error', transient: true });
    expect((err as Error).message).toContain('timed out after 100 ms');
    expect((err as Error).message).not.toContain('secret');
  });

  it('turns the caller\'s abort into aborted, before the timeout', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const err = await send('token request', url, { method: 'POST' }, { timeout: 5_000, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('rejects at once with aborted when the caller\'s signal is already aborted', async () => {
    const err = await send('token request', url, { method: 'GET' }, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'aborted' });
  });

  it('answers normally when the server answers in time', async () => {
    const ok = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => ok.listen(0, '127.0.0.1', resolve));
    try {
      const response = await send('discovery request', new URL(`http://127.0.0.1:${(ok.address() as AddressInfo).port}/`), { method: 'GET' }, { timeout: 2_000 });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    } finally {
      ok.closeAllConnections();
      await new Promise<void>((resolve) => ok.close(() => resolve()));
    }
  });
});
