import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { apiUrl, DEFAULT_API_BASE_URL } from './options.js';
import { fetchPerson } from './people.js';

let server: Server;
let apiBaseUrl: string;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let lastAuthorization: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    res.writeHead(req.url === '/v1/people/me' ? answer.status : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchPerson', () => {
  it('GETs /people/me with the Bearer token and returns the Person as sent', async () => {
    const person = { id: 'p1', emails: ['g1@org-uuid'], displayName: 'Stève', orgId: 'o1', type: 'appuser', extra: true };
    answer = { status: 200, body: person };
    expect(await fetchPerson({ apiBaseUrl }, 'at-1')).toEqual(person);
    expect(lastAuthorization).toBe('Bearer at-1');
  });
  it('maps 401 to invalid_token, keeping the tracking id', async () => {
    answer = { status: 401, body: { message: 'Invalid token', trackingId: 'T-401' } };
    await expect(fetchPerson({ apiBaseUrl }, 'bad')).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidToken, status: 401, trackingId: 'T-401', message: expect.stringContaining('Invalid token') }),
    );
  });
  it('rejects a Person without id', async () => {
    answer = { status: 200, body: { displayName: 'x' } };
    await expect(fetchPerson({ apiBaseUrl }, 'at')).rejects.toThrow(expect.objectContaining({ code: ErrorCode.InvalidResponse }));
  });
  it('rejects a missing token with a TypeError', async () => {
    await expect(fetchPerson({ apiBaseUrl }, '')).rejects.toThrow(TypeError);
  });
});

describe('apiUrl', () => {
  it('keeps the base path and defaults to webexapis.com/v1', () => {
    expect(apiUrl({}, 'people/me').href).toBe(`${DEFAULT_API_BASE_URL}/people/me`);
    expect(apiUrl({ apiBaseUrl: 'https://api-usgov.webex.com/v1/' }, 'jwt/login').href).toBe('https://api-usgov.webex.com/v1/jwt/login');
    expect(apiUrl({ apiBaseUrl: 'http://localhost:3000/v1?x=1#y' }, 'guests/count').href).toBe('http://localhost:3000/v1/guests/count');
  });
});
