import { type FinesseSimulator } from '@webex-oidc/sandbox';
import { describe, expect, it } from 'vitest';
import { basicAuth, FinesseClient, FinesseTokenManager } from '../src/index.js';
import { directTokens, ssoSignIn, simulatorPerTest } from './helpers.js';

const { start, closers } = simulatorPerTest();

function clientFor(s: FinesseSimulator, manager: FinesseTokenManager, agentId?: string): FinesseClient {
  const client = new FinesseClient({ baseUrl: s.url, auth: manager, ...(agentId === undefined ? {} : { agentId }) });
  closers.push(() => client.close(), () => manager.close());
  return client;
}

describe('FinesseClient against the simulator: an agent shift', () => {
  it('signs in via SSO, resolves loginId from the login name, and walks READY → call → NOT_READY → LOGOUT', async () => {
    const s = await start();
    const tokenSet = await ssoSignIn(s, 'jsmith');
    expect(tokenSet.userId).toBe('jsmith');
    const client = clientFor(s, new FinesseTokenManager({ baseUrl: s.url, tokenSet }));

    expect(await client.resolveAgentId()).toBe('1001');
    const info = await client.getSystemInfo();
    expect(info).toMatchObject({ deploymentType: 'UCCE', status: 'IN_SERVICE', systemAuthMode: 'SSO' });
    expect(await client.getUserAuthMode('jsmith')).toBe('SSO');

    await client.signIn({ extension: '1001001' });
    const user = await client.getUser();
    expect(user).toMatchObject({ loginId: '1001', loginName: 'jsmith', extension: '1001001', state: 'NOT_READY', reasonCodeId: -1, roles: ['Agent'] });
    await client.setReady();
    expect(s.getAgent('1001')?.state).toBe('READY');

    const dialogId = s.simulateIncomingCall('1001', '5551234', { callVariable1: 'order 42' });
    const [ringing] = await client.getDialogs();
    expect(ringing).toMatchObject({ id: dialogId, state: 'ALERTING', fromAddress: '5551234', toAddress: '1001001' });
    expect(ringing?.callVariables).toEqual([{ name: 'callVariable1', value: 'order 42' }]);
    expect(ringing?.participants.find((p) => p.mediaAddress === '1001001')).toMatchObject({ state: 'ALERTING', actions: ['ANSWER'] });

    await client.answer(dialogId);
    expect((await client.getUser()).state).toBe('TALKING');
    await client.hold(dialogId);
    expect((await client.getDialogs())[0]?.participants.find((p) => p.mediaAddress === '1001001')?.state).toBe('HELD');
    expect((await client.getUser()).state).toBe('HOLD');
    await client.retrieve(dialogId);
    expect((await client.getUser()).state).toBe('TALKING');
    await client.drop(dialogId);
    expect(await client.getDialogs()).toEqual([]);
    expect((await client.getUser()).state).toBe('READY');

    const lunch = (await client.getReasonCodes('NOT_READY')).find((code) => code.label === 'Lunch');
    expect(lunch).toMatchObject({ id: 1, code: '12', category: 'NOT_READY', forAll: true });
    await client.setNotReady(lunch?.id);
    expect(await client.getUser()).toMatchObject({ state: 'NOT_READY', reasonCodeId: 1 });
    const endOfShift = await client.getReasonCode(3);
    expect(endOfShift).toMatchObject({ category: 'LOGOUT', label: 'End of shift' });
    await client.logout(endOfShift.id);
    expect(s.getAgent('1001')).toMatchObject({ state: 'LOGOUT', extension: '', reasonCodeId: 3 });
  });

  it('makes a call and drives consult, transfer, conference, single-step transfer and DTMF', async () => {
    const s = await start();
    const client = clientFor(s, new FinesseTokenManager({ baseUrl: s.url, tokenSet: await directTokens(s) }), '1001');
    await client.signIn({ extension: '1001001' });

    await client.makeCall('1002002');
    const [outbound] = await client.getDialogs();
    expect(outbound).toMatchObject({ fromAddress: '1001001', toAddress: '1002002', state: 'ACTIVE' });
    const id = outbound?.id ?? '';
    await client.sendDtmf(id, '12*#');
    expect(s.getDialog(id)?.dtmf).toBe('12*#');
    await client.consult(id, '1003003');
    const both = await client.getDialogs();
    expect(both.map((d) => d.toAddress).sort()).toEqual(['1002002', '1003003']);
    expect(both.find((d) => d.id === id)?.participants.find((p) => p.mediaAddress === '1001001')?.actions).toEqual([
      'RETRIEVE',
      'DROP',
      'TRANSFER',
      'CONFERENCE',
    ]);
    await client.conference(id);
    expect((await client.getDialogs()).map((d) => d.participants.length)).toEqual([3]);
    await client.singleStepTransfer(id, '1004004');
    expect(await client.getDialogs()).toEqual([]);

    await client.makeCall('1005005');
    const second = (await client.getDialogs())[0]?.id ?? '';
    await client.consult(second, '1006006');
    await client.transfer(second);
    expect(await client.getDialogs()).toEqual([]);
    expect(s.getAgent('1001')?.state).toBe('NOT_READY');
  });

  it('uses Basic auth on a non-SSO UCCX deployment, where LOGOUT from READY is allowed', async () => {
    const s = await start({ deploymentType: 'UCCX', authMode: 'NON_SSO' });
    const client = new FinesseClient({ baseUrl: s.url, auth: basicAuth('1001', 'password') });
    closers.push(() => client.close());
    expect(await client.getUserAuthMode('1001')).toBe('NON_SSO');
    expect((await client.getSystemInfo()).deploymentType).toBe('UCCX');
    await client.signIn({ extension: '1001001' });
    await client.setReady();
    await client.logout();
    expect(s.getAgent('1001')?.state).toBe('LOGOUT');
  });
});
