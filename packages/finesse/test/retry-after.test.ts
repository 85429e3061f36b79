import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FinesseError, FinesseErrorCode, refreshFinesseTokens } from '../src/index.js';

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** A real HTTP server that answers every request with `status` and `headers`. */
async function answering(status: number, headers: Record<string, string>): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end('slow down');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const tokenSet = {
  accessToken: 'a.b.c',
  refreshToken: 'd.e.f',
  issuedAt: Date.now(),
  expiresAt: Date.now() + 60_000,
  userId: 'jsmith',
  realm: undefined,
  userPrincipal: undefined,
};

describe('Retry-After on refresh answers', () => {
  it('a 429 with Retry-After in seconds is transient and carries retryAfterMs', async () => {
    const baseUrl = await answering(429, { 'retry-after': '7' });
    const err = await refreshFinesseTokens({ baseUrl }, tokenSet).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(FinesseError);
    expect(err).toMatchObject({ code: FinesseErrorCode.ApiError, status: 429, transient: true, retryAfterMs: 7_000 });
  });

  it('a 503 with an HTTP-date Retry-After gives the delay until that date; none gives undefined', async () => {
    const baseUrl = await answering(503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() });
    const err = (await refreshFinesseTokens({ baseUrl }, tokenSet).then(() => undefined, (e: unknown) => e)) as FinesseError;
    expect(err.transient).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const plain = await answering(503, {});
    const none = (await refreshFinesseTokens({ baseUrl: plain }, tokenSet).then(() => undefined, (e: unknown) => e)) as FinesseError;
    expect(none).toMatchObject({ status: 503, transient: true, retryAfterMs: undefined });
  });
});
