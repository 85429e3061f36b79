// `quiet: true` means nothing on stdout or stderr, including oidc-provider's own once-per-process
// NOTICE/WARNING lines. Vitest runs each test file in its own process (see @webex-oidc/vitest-config),
// so those lines have not been printed yet when this file starts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadProvider } from '../src/load-provider.js';
import { startSandbox, type Sandbox } from '../src/index.js';
import { authorizeUrl, basicAuth, postForm, signInAndExchange, tokenRequest } from './helpers.js';

const ORIGIN = { origin: 'http://127.0.0.1:3000' };
const printed: string[] = [];
let sandbox: Sandbox;

function capture(): void {
  const record = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(record);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    record(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    record(chunk);
    return true;
  });
}

beforeAll(async () => {
  capture();
  sandbox = await startSandbox({ quiet: true, deviceInterval: 1 });
});
afterAll(async () => {
  await sandbox.close();
  vi.restoreAllMocks();
});

function revoke(token: unknown, headers: Record<string, string> = {}) {
  return fetch(sandbox.revocationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(sandbox.client), ...headers },
    body: new URLSearchParams({ token: String(token), token_type_hint: 'access_token' }),
  });
}

describe('quiet: true', () => {
  it('prints nothing across sign-in, token, userinfo, revocation (also cross-origin), device, errors and faults', async () => {
    const { body } = await signInAndExchange(sandbox);
    const refresh = { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) };
    expect((await tokenRequest(sandbox, refresh)).status).toBe(200);
    const crossOriginToken = await postForm(`${sandbox.apiBaseUrl}/access_token`, refresh, { ...ORIGIN, authorization: basicAuth(sandbox.client) });
    expect(crossOriginToken.status).toBe(400); // no CORS for a confidential client's secret
    const crossOriginUserinfo = await fetch(`${sandbox.apiBaseUrl}/userinfo`, {
      headers: { ...ORIGIN, authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(crossOriginUserinfo.status).toBe(400);
    expect((await revoke(body.access_token, ORIGIN)).status).toBe(400);
    expect((await revoke(body.access_token)).status).toBe(200);
    expect((await revoke(body.refresh_token)).status).toBe(200);
    expect((await revoke('not-a-token')).status).toBe(200);
    const wrongSecret = await postForm(`${sandbox.apiBaseUrl}/access_token`, refresh, {
      authorization: basicAuth({ ...sandbox.client, clientSecret: 'wrong' }),
    });
    expect(wrongSecret.status).toBe(401);
    const device = await postForm(sandbox.deviceAuthorizationUrl, { client_id: sandbox.client.clientId, scope: 'spark:all' });
    const pending = await postForm(
      sandbox.deviceTokenUrl,
      { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: String(device.body.device_code) },
      { authorization: basicAuth(sandbox.client) },
    );
    expect(pending.status).toBe(428);
    const badClient = await fetch(authorizeUrl(sandbox, { client_id: 'nobody' }), { redirect: 'manual' });
    expect(badClient.status).toBe(400);
    sandbox.setFaults([{ path: '/v1/access_token', status: 503, times: 1 }]);
    expect((await tokenRequest(sandbox, refresh)).status).toBe(503);
    await sandbox.rotateKeys();
    const again = await signInAndExchange(sandbox);
    expect((await revoke(again.body.access_token)).status).toBe(200);

    expect(printed).toEqual([]);
  });

  it('would have seen oidc-provider output in this process (the capture works)', async () => {
    const Provider = await loadProvider();
    new Provider('http://127.0.0.1:1/unused', {}); // the in-memory adapter WARNING, printed every time
    expect(printed.join('\n')).toMatch(/oidc-provider WARNING/);
    printed.length = 0;
  });
});
