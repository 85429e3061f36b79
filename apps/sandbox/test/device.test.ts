import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { basicAuth, postForm, sleep, userinfo } from './helpers.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, deviceInterval: 1, deviceCodeTtl: 3 });
});
afterAll(() => sandbox.close());

async function authorize(scope = 'spark:all'): Promise<Record<string, unknown>> {
  const answer = await postForm(sandbox.deviceAuthorizationUrl, { client_id: sandbox.client.clientId, scope });
  expect(answer.status).toBe(200);
  return answer.body;
}

function poll(deviceCode: unknown, auth = basicAuth(sandbox.client)) {
  return postForm(
    sandbox.deviceTokenUrl,
    { grant_type: DEVICE_GRANT, device_code: String(deviceCode), client_id: sandbox.client.clientId },
    auth ? { authorization: auth } : {},
  );
}

describe('device grant', () => {
  it('authorizes without client auth and answers Webex fields', async () => {
    const body = await authorize();
    expect(body.user_code).toMatch(/^\d{6}$/);
    expect(body.verification_uri).toBe(`${sandbox.url}/v1/device`);
    expect(body.verification_uri_complete).toBe(`${sandbox.url}/v1/device?user_code=${String(body.user_code)}`);
    expect(body.expires_in).toBe(3);
    expect(body.interval).toBe(1);
    expect(body.device_code).toEqual(expect.any(String));
  });

  it('goes 428 pending → slow_down → approved → tokens without an ID token', async () => {
    const body = await authorize('openid email spark:all');
    const pending = await poll(body.device_code);
    expect(pending.status).toBe(428);
    expect(pending.body.error).toBe('authorization_pending');

    const tooFast = await poll(body.device_code);
    expect(tooFast.status).toBe(400);
    expect(tooFast.body.error).toBe('slow_down');

    await sandbox.approveDevice(String(body.user_code), { user: 'bob@example.com' });
    const done = await poll(body.device_code);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(done.body).not.toHaveProperty('id_token');
    const info = (await (await userinfo(sandbox, done.body.access_token)).json()) as Record<string, unknown>;
    expect(info.sub).toBe(sandbox.users[1]?.id);

    const again = await poll(body.device_code);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('requires HTTP Basic at /v1/device/token', async () => {
    const body = await authorize();
    const answer = await poll(body.device_code, '');
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    const wrong = await poll(body.device_code, `Basic ${Buffer.from('sandbox-client:nope').toString('base64')}`);
    expect(wrong.status).toBe(401);
  });

  it('answers access_denied after the user denies', async () => {
    const body = await authorize();
    await sandbox.approveDevice(String(body.user_code), { deny: true });
    const answer = await poll(body.device_code);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('access_denied');
  });

  it('answers expired_token once the device code expired', async () => {
    const body = await authorize();
    await sleep(3200);
    const answer = await poll(body.device_code);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('expired_token');
  });

  it('rejects approving an unknown user code', async () => {
    await expect(sandbox.approveDevice('000000')).rejects.toThrow(/device approval failed/);
  });
});
