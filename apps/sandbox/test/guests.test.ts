import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { signInAndExchange, userinfo } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

function guestJwt(
  claims: { sub?: string; name?: string; iss?: string; exp?: number } = {},
  secret = sandbox.guestIssuer.secret,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: claims.name ?? 'Stève Guest' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? 'guest-1')
    .setIssuer(claims.iss ?? sandbox.guestIssuer.issuerId)
    .setExpirationTime(claims.exp ?? now + 5400)
    .sign(Buffer.from(secret, 'base64'));
}

function jwtLogin(jwt: string): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}/jwt/login`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } });
}

function get(path: string, token: string): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

function createGuest(token: string, body: unknown): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}/guests/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectWebexError(res: Response, status: number, text: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { message: string; errors: Array<{ description: string }>; trackingId: string };
  expect(body.message).toMatch(text);
  expect(body.errors[0]?.description).toMatch(text);
  expect(body.trackingId).toBe(res.headers.get('trackingid'));
}

describe('Guest Issuer JWT login', () => {
  it('exchanges a valid guest JWT for a token that people/me and userinfo accept', async () => {
    const res = await jwtLogin(await guestJwt({ sub: 'guest-42', name: 'Stève Guest' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresIn: number };
    expect(body.expiresIn).toBe(21600);
    const me = await get('/people/me', body.token);
    expect(me.status).toBe(200);
    const person = (await me.json()) as Record<string, unknown>;
    expect(person).toMatchObject({ type: 'appuser', displayName: 'Stève Guest', id: expect.any(String), orgId: expect.any(String) });
    expect(person.emails).toEqual([expect.stringMatching(/^guest-42@[0-9a-f-]{36}$/)]);
    expect((await userinfo(sandbox, body.token)).status).toBe(200);

    // Same sub → same person.
    const again = (await (await jwtLogin(await guestJwt({ sub: 'guest-42' }))).json()) as { token: string };
    expect(again.token).not.toBe(body.token);
    expect(((await (await get('/people/me', again.token)).json()) as Record<string, unknown>).id).toBe(person.id);
  });

  it('refuses an expired guest JWT', async () => {
    const res = await jwtLogin(await guestJwt({ exp: Math.floor(Date.now() / 1000) - 10 }));
    await expectWebexError(res, 401, /expired/);
  });

  it('refuses a guest JWT with a bad signature', async () => {
    const res = await jwtLogin(await guestJwt({}, Buffer.from('not the secret').toString('base64')));
    await expectWebexError(res, 401, /signature/);
  });

  it('refuses a guest JWT from another issuer, and a request without one', async () => {
    await expectWebexError(await jwtLogin(await guestJwt({ iss: 'someone-else' })), 401, /invalid/);
    await expectWebexError(
      await fetch(`${sandbox.apiBaseUrl}/jwt/login`, { method: 'POST' }),
      401,
      /guest token/,
    );
  });
});

describe('people/me', () => {
  it('answers a person for a user token and 401 without one', async () => {
    const { body } = await signInAndExchange(sandbox, { scope: 'openid spark:all' });
    const res = await get('/people/me', String(body.access_token));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      type: 'person',
      emails: ['alice@example.com'],
      displayName: 'Alice Example',
      firstName: 'Alice',
      lastName: 'Example',
    });
    await expectWebexError(await get('/people/me', 'nope'), 401, /access token/);
  });
});

describe('Service App guests', () => {
  it('creates guests: same subject → same id and another token; counts them', async () => {
    const token = sandbox.serviceApp.accessToken;
    const first = await createGuest(token, { subject: 'ext-1', displayName: 'Guest One' });
    expect(first.status).toBe(200);
    const a = (await first.json()) as Record<string, unknown>;
    expect(a).toMatchObject({
      subject: 'ext-1',
      displayName: 'Guest One',
      email: expect.stringMatching(/@appid\.ciscospark\.com$/),
      accessToken: expect.any(String),
      expiresIn: 64799,
    });
    const b = (await (await createGuest(token, { subject: 'ext-1', displayName: 'Guest One' })).json()) as Record<string, unknown>;
    expect(b.id).toBe(a.id);
    expect(b.accessToken).not.toBe(a.accessToken);
    await createGuest(token, { subject: 'ext-2', displayName: 'Guest Two' });

    const count = await get('/guests/count', token);
    expect(await count.json()).toEqual({ count: 2 });

    const me = (await (await get('/people/me', String(a.accessToken))).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ id: a.id, type: 'appuser', displayName: 'Guest One' });
  });

  it('requires the guest-issuer scope and a valid body', async () => {
    const { body } = await signInAndExchange(sandbox, { scope: 'openid spark:all' });
    await expectWebexError(await createGuest(String(body.access_token), { subject: 's', displayName: 'd' }), 403, /guest-issuer:write/);
    await expectWebexError(await get('/guests/count', String(body.access_token)), 403, /guest-issuer:read/);
    await expectWebexError(await createGuest(sandbox.serviceApp.accessToken, { subject: 's' }), 400, /displayName/);
    await expectWebexError(await createGuest('nope', { subject: 's', displayName: 'd' }), 401, /access token/);
  });
});
