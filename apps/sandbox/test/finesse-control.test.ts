import { afterEach, describe, expect, it } from 'vitest';
import { type FinesseSimulator, type FinesseSimulatorOptions, startFinesseSimulator } from '../src/finesse/index.js';

let sim: FinesseSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: FinesseSimulatorOptions = {}): Promise<{ s: FinesseSimulator; bearer: string }> {
  const s = await startFinesseSimulator(options);
  sim = s;
  return { s, bearer: `Bearer ${(await s.issueTokens('1001')).token}` };
}

async function signInAgent(s: FinesseSimulator, bearer: string): Promise<void> {
  const res = await fetch(`${s.url}/finesse/api/User/1001`, {
    method: 'PUT',
    headers: { authorization: bearer, 'content-type': 'application/xml' },
    body: '<User><state>LOGIN</state><extension>1001001</extension></User>',
  });
  expect(res.status).toBe(202);
}

const control = (s: FinesseSimulator, agent: string, init: RequestInit): Promise<Response> =>
  fetch(`${s.url}/sandbox/finesse/agents/${agent}/incoming-call`, { method: 'POST', ...init });

describe('Finesse simulator control routes (simulator-only)', () => {
  it('puts an ALERTING call on a signed-in agent, visible through the REST API', async () => {
    const { s, bearer } = await start();
    await signInAgent(s, bearer);
    const res = await control(s, '1001', { body: new URLSearchParams({ fromAddress: '+15550100' }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { dialogId: string; agentId: string; fromAddress: string };
    expect(body).toMatchObject({ agentId: '1001', fromAddress: '+15550100' });
    expect(s.getDialog(body.dialogId)).toMatchObject({ state: 'ALERTING', fromAddress: '+15550100', toAddress: '1001001' });
    expect(s.getAgent('1001')?.state).toBe('RESERVED');
    const dialogs = await (await fetch(`${s.url}/finesse/api/User/1001/Dialogs`, { headers: { authorization: bearer } })).text();
    expect(dialogs).toContain(`<id>${body.dialogId}</id>`);
    expect(dialogs).toContain('<action>ANSWER</action>');
  });

  it('takes JSON with call variables and resolves UCCE login names', async () => {
    const { s, bearer } = await start();
    await signInAgent(s, bearer);
    const res = await control(s, 'jsmith', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fromAddress: '5550101', callVariables: { callVariable1: 'order 42' } }),
    });
    expect(res.status).toBe(201);
    const { dialogId } = (await res.json()) as { dialogId: string };
    const dialog = await (await fetch(`${s.url}/finesse/api/Dialog/${dialogId}`, { headers: { authorization: bearer } })).text();
    expect(dialog).toContain('<value>order 42</value>');
  });

  it('answers 409 for a signed-out agent, 404 for an unknown one, 400 without fromAddress, 405 for GET', async () => {
    const { s } = await start();
    const signedOut = await control(s, '1001', { body: new URLSearchParams({ fromAddress: '5550100' }) });
    expect(signedOut.status).toBe(409);
    expect(await signedOut.json()).toMatchObject({ error: 'agent_not_signed_in' });
    expect((await control(s, 'nobody', { body: new URLSearchParams({ fromAddress: '5550100' }) })).status).toBe(404);
    expect((await control(s, '1001', { body: new URLSearchParams({}) })).status).toBe(400);
    expect((await control(s, '1001', { body: new URLSearchParams({ fromAddress: '<script>' }) })).status).toBe(400);
    expect((await control(s, '1001', { headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
    expect((await fetch(`${s.url}/sandbox/finesse/agents/1001/incoming-call`)).status).toBe(405);
    expect(s.stats().apiRequests).toBe(0);
  });

  it('is absent when controlRoutes is false', async () => {
    const { s, bearer } = await start({ controlRoutes: false });
    await signInAgent(s, bearer);
    expect((await control(s, '1001', { body: new URLSearchParams({ fromAddress: '5550100' }) })).status).toBe(404);
    expect(s.getAgent('1001')?.state).toBe('NOT_READY');
  });
});
