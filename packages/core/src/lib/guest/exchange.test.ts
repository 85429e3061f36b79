import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { exchangeGuestToken } from './exchange.js';
import { createGuestToken } from './guest-token.js';
import { readBody } from '../../../test/support/read-body.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: string;
}

let server: Server;
let apiBaseUrl: string;
let seen: Seen[] = [];
let answer: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const guest = (expiresIn?: number): Promise<string> =>
  createGuestToken({ issuerId: 'issuer-1', secret: SECRET, subject: 'g1', name: 'Stève', expiresIn });

describe('exchangeGuestToken', () => {
  it('POSTs to {apiBaseUrl}/jwt/login with the guest JWT as Bearer and an empty body', async () => {
    answer = { status: 200, body: { token: 'access-1', expiresIn: 21600 } };
    const jwt = await guest();
    const now = Date.now();
    const result = await exchangeGuestToken({ apiBaseUrl, now }, jwt);
    expect(result).toEqual({ accessToken: 'access-1', expiresIn: 21600, expiresAt: now + 21_600_000, issuedAt: now });
    expect(seen).toEqual([{ method: 'POST', url: '/v1/jwt/login', authorization: `Bearer ${jwt}`, body: '' }]);
  });

  it('accepts a base URL with a trailing slash', async () => {
    answer = { status: 200, body: { token: 'access-1', expiresIn: 60 } };
    await exchangeGuestToken({ apiBaseUrl: `${apiBaseUrl}/` }, await guest());
    expect(seen[0]?.url).toBe('/v1/jwt/login');
  });

  it('refuses an expired guest token locally, without calling Webex', async () => {
    const jwt = await createGuestToken({ issuerId: 'i', secret: SECRET, subject: 's', name: 'n', expiresIn: 10, now: 0 });
    await expect(exchangeGuestToken({ apiBaseUrl }, jwt)).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.GuestTokenInvalid, reason: 'expired', message: expect.stringContaining('expired at 1970-01-01T00:00:10.000Z') }),
    );
    expect(seen).toEqual([]);
  });

  it('refuses a malformed token locally', async () => {
    await expect(exchangeGuestToken({ apiBaseUrl }, 'abc')).rejects.toThrow(expect.objectContaining({ reason: 'malformed' }));
    expect(seen).toEqual([]);
  });

  it("maps a 401 to guest_token_invalid with Webex's text and tracking id, and no token in the message", async () => {
    answer = {
      status: 401,
      body: { message: 'The request requires a valid access token set in the Authorization request header.', errors: [{ description: 'JWT signature invalid' }], trackingId: 'ROUTER_ABC' },
    };
    const jwt = await guest();
    const err = await exchangeGuestToken({ apiBaseUrl }, jwt).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.GuestTokenInvalid, reason: 'rejected', status: 401, trackingId: 'ROUTER_ABC', transient: false });
    expect((err as Error).message).toContain('JWT signature invalid');
    expect((err as Error).message).toContain('ROUTER_ABC');
    expect((err as Error).message).not.toContain(jwt);
  });

  it('keeps 429 transient with retryAfter', async () => {
    answer = { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '3' } };
    await expect(exchangeGuestToken({ apiBaseUrl }, await guest())).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.RateLimited, retryAfter: 3, transient: true }),
    );
  });

  it.each([{}, { token: 'x' }, { token: '', expiresIn: 5 }, { token: 'x', expiresIn: -1 }, 'not json'])(
    'rejects an answer without {token, expiresIn}: %j',
    async (body) => {
      answer = { status: 200, body };
      await expect(exchangeGuestToken({ apiBaseUrl }, await guest())).rejects.toThrow(expect.objectContaining({ code: ErrorCode.InvalidResponse }));
    },
  );

  it('reports an unreachable base URL as network_error', async () => {
    await expect(exchangeGuestToken({ apiBaseUrl: 'http://127.0.0.1:1/v1', timeout: 2000 }, await guest())).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.NetworkError, transient: true }),
    );
  });

  it('rejects a base URL that is not http(s) with a TypeError', async () => {
    await expect(exchangeGuestToken({ apiBaseUrl: 'ftp://x/v1' }, await guest())).rejects.toThrow(TypeError);
    await expect(exchangeGuestToken({ apiBaseUrl: 'not a url' }, await guest())).rejects.toThrow(expect.objectContaining({ code: 'ERR_INVALID_URL' }));
  });
});
