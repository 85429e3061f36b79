import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FinesseSimulator, startFinesseSimulator } from '@webex-oidc/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth, FinesseClient, FinesseError, FinesseErrorCode, FinesseTokenManager, type FinesseTokenSet } from '../src/index.js';
import { directTokens, simulatorPerTest, finesseError } from './helpers.js';

let server: Server | undefined;
const { start, closers } = simulatorPerTest();
async function stopServer(): Promise<void> {
  const current = server;
  server = undefined;
  current?.closeAllConnections();
  await new Promise<void>((resolve) => (current === undefined ? resolve() : current.close(() => resolve())));
}

afterEach(stopServer);

async function setup(options: Parameters<typeof startFinesseSimulator>[0] = {}): Promise<{ s: FinesseSimulator; client: FinesseClient; tokens: FinesseTokenSet }> {
  const s = await start(options);
  const tokens = await directTokens(s);
  const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: tokens });
  const client = new FinesseClient({ baseUrl: s.url, auth: manager, agentId: '1001' });
  closers.push(() => client.close(), () => manager.close());
  return { s, client, tokens };
}


function expectNoSecrets(err: FinesseError, tokens: FinesseTokenSet): void {
  const text = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
  expect(text).not.toContain(tokens.accessToken);
  expect(text).not.toContain(tokens.refreshToken ?? '<none>');
}

async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('typed errors for each documented Finesse error case', () => {
  it('LOGOUT from READY on UCCE → finesse_api_error 400 Invalid State', async () => {
    const { client, tokens } = await setup();
    await client.signIn({ extension: '1001001' });
    await client.setReady();
    const err = await finesseError(client.logout());
    expect(err).toMatchObject({ code: FinesseErrorCode.ApiError, status: 400, errorType: 'Invalid State', errorData: 'state', transient: false });
    expect(err.message).toContain('Invalid State');
    expectNoSecrets(err, tokens);
  });

  it('NOT_READY without a reason code when codes are configured → require_reasoncode', async () => {
    const { client } = await setup();
    await client.signIn({ extension: '1001001' });
    const err = await finesseError(client.setNotReady());
    expect(err).toMatchObject({ code: 'finesse_api_error', status: 400, errorData: 'finesse.api.reasoncode.require_reasoncode' });
  });

  it('MAKE_CALL to the own extension → 400 Invalid Destination', async () => {
    const { client } = await setup();
    await client.signIn({ extension: '1001001' });
    const err = await finesseError(client.makeCall('1001001'));
    expect(err).toMatchObject({ code: 'finesse_api_error', status: 400, errorType: 'Invalid Destination', errorData: 'toAddress' });
  });

  it('an unknown dialog → 404 with Finesse\'s message; an action not allowed now → Invalid State', async () => {
    const { s, client } = await setup();
    await client.signIn({ extension: '1001001' });
    const unknown = await finesseError(client.answer('999999'));
    expect(unknown).toMatchObject({ status: 404, errorMessage: 'Invalid dialogId specified for dialog' });
    expect(unknown.apiErrors).toHaveLength(1);
    const id = s.simulateIncomingCall('1001', '5550000');
    const early = await finesseError(client.hold(id));
    expect(early).toMatchObject({ status: 400, errorType: 'Invalid State', errorData: 'requestedAction' });
  });

  it('an unknown user → 404 User Not Found; a LOGIN while signed in → Invalid State', async () => {
    const { client } = await setup();
    expect(await finesseError(client.getUser('nobody'))).toMatchObject({ code: 'finesse_api_error', status: 404, errorType: 'User Not Found' });
    await client.signIn({ extension: '1001001' });
    expect(await finesseError(client.signIn({ extension: '1001001' }))).toMatchObject({ status: 400, errorType: 'Invalid State' });
  });

  it('wrong Basic credentials → unauthorized, not retried', async () => {
    const s = await start({ authMode: 'NON_SSO' });
    const client = new FinesseClient({ baseUrl: s.url, auth: basicAuth('1001', 'wrong'), agentId: '1001' });
    closers.push(() => client.close());
    const err = await finesseError(client.getUser());
    expect(err).toMatchObject({ code: FinesseErrorCode.Unauthorized, status: 401, errorType: 'Authorization Failure' });
    expect(err.message).not.toContain('wrong');
    expect(s.stats().apiRequests).toBe(1);
  });

  it('bad arguments → invalid_argument before anything is sent', async () => {
    const { s, client } = await setup();
    await client.signIn({ extension: '1001001' });
    const before = s.stats().apiRequests;
    expect(await finesseError(client.sendDtmf('1', '12<x>'))).toMatchObject({ code: 'invalid_argument' });
    expect(await finesseError(client.setNotReady('lunch'))).toMatchObject({ code: 'invalid_argument' });
    expect(await finesseError(client.makeCall(''))).toMatchObject({ code: 'invalid_argument' });
    expect(await finesseError(client.getReasonCodes('BREAK' as 'NOT_READY'))).toMatchObject({ code: 'invalid_argument' });
    expect(() => new FinesseClient({ baseUrl: 'not a url', auth: basicAuth('a', 'b') })).toThrow(FinesseError);
    expect(() => new FinesseClient({ baseUrl: s.url, auth: basicAuth('a', 'b'), timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(s.stats().apiRequests).toBe(before);
  });

  it('escapes values placed in XML', async () => {
    let received = '';
    const url = await rawServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received = body;
        res.writeHead(202).end();
      });
    });
    const client = new FinesseClient({ baseUrl: url, auth: basicAuth('a', 'b'), agentId: '1' });
    closers.push(() => client.close());
    await client.consult('7', '1</toAddress><requestedAction>DROP', { targetMediaAddress: '1001&1' });
    expect(received).toBe(
      '<Dialog><targetMediaAddress>1001&amp;1</targetMediaAddress><requestedAction>CONSULT_CALL</requestedAction><toAddress>1&lt;/toAddress&gt;&lt;requestedAction&gt;DROP</toAddress></Dialog>',
    );
  });

  it('a closed port → network_error (transient); a stalled server → timeout; non-XML → invalid_response', async () => {
    const closedUrl = await rawServer((_req, res) => res.end());
    await stopServer();
    const offline = new FinesseClient({ baseUrl: closedUrl, auth: basicAuth('a', 'b'), agentId: '1' });
    closers.push(() => offline.close());
    expect(await finesseError(offline.getUser())).toMatchObject({ code: FinesseErrorCode.NetworkError, transient: true });

    const stalledUrl = await rawServer(() => {
      // never answers
    });
    const slow = new FinesseClient({ baseUrl: stalledUrl, auth: basicAuth('a', 'b'), agentId: '1', timeoutMs: 200 });
    closers.push(() => slow.close());
    expect(await finesseError(slow.getUser())).toMatchObject({ code: FinesseErrorCode.Timeout, transient: true });
    await stopServer();

    const htmlUrl = await rawServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>login'));
    const html = new FinesseClient({ baseUrl: htmlUrl, auth: basicAuth('a', 'b'), agentId: '1' });
    closers.push(() => html.close());
    expect(await finesseError(html.getUser())).toMatchObject({ code: FinesseErrorCode.InvalidResponse, status: 200 });
  });

  it('an aborted signal is reported as aborted', async () => {
    const { s, tokens } = await setup();
    const { refreshFinesseTokens } = await import('../src/index.js');
    const controller = new AbortController();
    controller.abort();
    const err = await finesseError(refreshFinesseTokens({ baseUrl: s.url, signal: controller.signal }, tokens));
    expect(err.code).toBe(FinesseErrorCode.Aborted);
  });
});
