import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { countServiceAppGuests, createServiceAppGuest } from './service-app.js';
import { readBody } from '../../../test/support/read-body.js';

let server: Server;
let apiBaseUrl: string;
let seen: Array<{ method?: string; url?: string; authorization?: string; contentType?: string; body: string }> = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

describe('createServiceAppGuest', () => {
  it('POSTs {subject, displayName} as JSON to /guests/token with the Service App token', async () => {
    answer = {
      status: 200,
      body: { id: 'person-1', subject: 'ext-1', displayName: 'Stève', email: 'x@appid.ciscospark.com', accessToken: 'guest-at', expiresIn: 64799 },
    };
    const before = Date.now();
    const guest = await createServiceAppGuest({ apiBaseUrl }, 'svc-token', { subject: 'ext-1', displayName: 'Stève' });
    expect(guest).toMatchObject({ id: 'person-1', subject: 'ext-1', displayName: 'Stève', email: 'x@appid.ciscospark.com', accessToken: 'guest-at', expiresIn: 64799 });
    expect(guest.expiresAt).toBeGreaterThanOrEqual(before + 64_799_000);
    expect(seen).toEqual([
      { method: 'POST', url: '/v1/guests/token', authorization: 'Bearer svc-token', contentType: 'application/json', body: '{"subject":"ext-1","displayName":"Stève"}' },
    ]);
  });

  it("surfaces Webex's error text and tracking id", async () => {
    answer = { status: 403, body: { message: 'Missing scope guest-issuer:write', trackingId: 'T-1' } };
    await expect(createServiceAppGuest({ apiBaseUrl }, 'svc', { subject: 's', displayName: 'd' })).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.RequestFailed, status: 403, trackingId: 'T-1', message: expect.stringContaining('Missing scope guest-issuer:write') }),
    );
  });

  it('rejects empty arguments before calling', async () => {
    await expect(createServiceAppGuest({ apiBaseUrl }, '', { subject: 's', displayName: 'd' })).rejects.toThrow(TypeError);
    await expect(createServiceAppGuest({ apiBaseUrl }, 't', { subject: ' ', displayName: 'd' })).rejects.toThrow(/subject/);
    await expect(createServiceAppGuest({ apiBaseUrl }, 't', { subject: 's', displayName: '' })).rejects.toThrow(/displayName/);
    expect(seen).toEqual([]);
  });

  it('rejects an answer without a token', async () => {
    answer = { status: 200, body: { id: 'p' } };
    await expect(createServiceAppGuest({ apiBaseUrl }, 't', { subject: 's', displayName: 'd' })).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidResponse }),
    );
  });
});

describe('countServiceAppGuests', () => {
  it('GETs /guests/count and reads {count}', async () => {
    answer = { status: 200, body: { count: 7 } };
    expect(await countServiceAppGuests({ apiBaseUrl }, 'svc')).toBe(7);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/guests/count', authorization: 'Bearer svc' });
  });
  it('rejects a body without a count', async () => {
    answer = { status: 200, body: { total: 7 } };
    await expect(countServiceAppGuests({ apiBaseUrl }, 'svc')).rejects.toThrow(expect.objectContaining({ code: ErrorCode.InvalidResponse }));
  });
});
