import { afterEach, describe, expect, it } from 'vitest';
import { type FinesseSimulator, startFinesseSimulator } from '../src/finesse/index.js';

let sim: FinesseSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function signedIn(autoAnswerOutbound = true) {
  const s = await startFinesseSimulator({ autoAnswerOutbound });
  sim = s;
  const auth = `Bearer ${(await s.issueTokens('1001')).token}`;
  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${s.url}/finesse/api${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/xml' },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, text: await res.text() };
  };
  expect((await call('PUT', '/User/1001', '<User><state>LOGIN</state><extension>1001001</extension></User>')).status).toBe(202);
  return { s, call };
}

const action = (name: string, extra = ''): string =>
  `<Dialog><targetMediaAddress>1001001</targetMediaAddress><requestedAction>${name}</requestedAction>${extra}</Dialog>`;

describe('Finesse simulator: dialogs', () => {
  it('rings an incoming call and walks ANSWER, HOLD, RETRIEVE, DROP with per-state actions', async () => {
    const { s, call } = await signedIn();
    await call('PUT', '/User/1001', '<User><state>READY</state></User>');
    const id = s.simulateIncomingCall('1001', '5551234', { callVariable1: 'a<b' });
    expect(s.getAgent('1001')?.state).toBe('RESERVED');
    const list = await call('GET', '/User/1001/Dialogs');
    expect(list.text).toContain(`<id>${id}</id>`);
    expect(list.text).toContain('<state>ALERTING</state>');
    expect(list.text).toContain('<value>a&lt;b</value>');
    expect(list.text).toContain('<actions><action>ANSWER</action></actions><mediaAddress>1001001</mediaAddress>');
    const early = await call('PUT', `/Dialog/${id}`, action('HOLD'));
    expect(early.status).toBe(400);
    expect(early.text).toContain('<ErrorType>Invalid State</ErrorType>');
    expect((await call('PUT', `/Dialog/${id}`, action('ANSWER'))).status).toBe(202);
    expect(s.getAgent('1001')?.state).toBe('TALKING');
    expect((await call('PUT', `/Dialog/${id}`, action('HOLD'))).status).toBe(202);
    expect(s.getAgent('1001')?.state).toBe('HOLD');
    expect(s.getDialog(id)?.participants[1]?.state).toBe('HELD');
    expect((await call('PUT', `/Dialog/${id}`, action('RETRIEVE'))).status).toBe(202);
    expect((await call('PUT', `/Dialog/${id}`, action('SEND_DTMF', '<actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams>'))).status).toBe(202);
    expect(s.getDialog(id)?.dtmf).toBe('12#');
    expect((await call('PUT', `/Dialog/${id}`, action('DROP'))).status).toBe(202);
    expect(s.getDialog(id)).toBeUndefined();
    expect(s.getAgent('1001')?.state).toBe('READY');
    expect((await call('GET', '/User/1001/Dialogs')).text).toBe('<Dialogs></Dialogs>');
  });

  it('UPDATE_CALL_DATA: only while ACTIVE, listed in the ACTIVE actions, merges variables and the wrap-up reason', async () => {
    const { s, call } = await signedIn();
    const id = s.simulateIncomingCall('1001', '5551234', { callVariable1: 'order 42', callVariable2: 'keep' });
    const update = (vars: string, extra = ''): string =>
      `<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties>${extra}<callvariables>${vars}</callvariables></mediaProperties></Dialog>`;
    const variable = (name: string, value: string): string => `<CallVariable><name>${name}</name><value>${value}</value></CallVariable>`;

    const ringing = await call('PUT', `/Dialog/${id}`, update(variable('callVariable1', 'early')));
    expect(ringing.status).toBe(400);
    expect(ringing.text).toContain('<ErrorType>Invalid State</ErrorType>');
    expect(ringing.text).toContain('<ErrorData>requestedAction</ErrorData>');
    expect(s.getDialog(id)?.callVariables).toEqual([
      { name: 'callVariable1', value: 'order 42' },
      { name: 'callVariable2', value: 'keep' },
    ]);

    await call('PUT', `/Dialog/${id}`, action('ANSWER'));
    const active = await call('GET', `/Dialog/${id}`);
    expect(active.text).toContain(
      '<actions><action>HOLD</action><action>DROP</action><action>CONSULT_CALL</action><action>TRANSFER_SST</action><action>SEND_DTMF</action><action>UPDATE_CALL_DATA</action></actions><mediaAddress>1001001</mediaAddress>',
    );
    const body = update(
      variable('callVariable1', 'a&lt;b &amp; &quot;c&quot; Zoë') + variable('user.orderId', '42') + variable('user.items[2]', '') + variable('BAResponse', 'callback'),
      '<wrapUpReason>Sale</wrapUpReason>',
    );
    expect((await call('PUT', `/Dialog/${id}`, body)).status).toBe(202);
    expect(s.getDialog(id)).toMatchObject({
      wrapUpReason: 'Sale',
      callVariables: [
        { name: 'callVariable1', value: 'a<b & "c" Zoë' },
        { name: 'callVariable2', value: 'keep' },
        { name: 'user.orderId', value: '42' },
        { name: 'user.items[2]', value: '' },
        { name: 'BAResponse', value: 'callback' },
      ],
    });
    const read = await call('GET', `/Dialog/${id}`);
    expect(read.text).toContain('<mediaProperties><wrapUpReason>Sale</wrapUpReason><callvariables><CallVariable><name>callVariable1</name><value>a&lt;b &amp; &quot;c&quot; Zoë</value>');

    // with the agent's own targetMediaAddress it is accepted too; another device is not a participant
    const withTarget = `<Dialog><targetMediaAddress>1001001</targetMediaAddress><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables>${variable('callVariable3', 'x')}</callvariables></mediaProperties></Dialog>`;
    expect((await call('PUT', `/Dialog/${id}`, withTarget)).status).toBe(202);
    expect((await call('PUT', `/Dialog/${id}`, withTarget.replace('1001001', '1002002'))).status).toBe(400);

    const before = s.getDialog(id)?.callVariables;
    const badName = await call('PUT', `/Dialog/${id}`, update(variable('callVariable2', 'ok') + variable('callVariable11', 'x')));
    expect(badName.status).toBe(400);
    expect(badName.text).toContain('<ErrorType>Invalid Input</ErrorType><ErrorData>callVariable11</ErrorData>');
    const tooLong = await call('PUT', `/Dialog/${id}`, update(variable('callVariable2', 'x'.repeat(41))));
    expect(tooLong.text).toContain('<ErrorType>Invalid Input</ErrorType>');
    expect(s.getDialog(id)?.callVariables).toEqual(before); // all or nothing
    const missing = await call('PUT', `/Dialog/${id}`, '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction></Dialog>');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<ErrorType>Parameter Missing</ErrorType><ErrorData>mediaProperties</ErrorData>');

    await call('PUT', `/Dialog/${id}`, action('HOLD'));
    const held = await call('PUT', `/Dialog/${id}`, update(variable('callVariable1', 'held')));
    expect(held.status).toBe(400);
    expect(held.text).toContain('<ErrorType>Invalid State</ErrorType>');
    const unknown = await call('PUT', '/Dialog/424242', update(variable('callVariable1', 'x')));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<ErrorMessage>Invalid dialogId specified for dialog</ErrorMessage>');
  });

  it('answers 404 for an unknown dialog', async () => {
    const { call } = await signedIn();
    const answer = await call('PUT', '/Dialog/424242', action('ANSWER'));
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('<ErrorMessage>Invalid dialogId specified for dialog</ErrorMessage>');
  });

  it('makes a call, refuses the own extension as destination, and keeps INITIATED until answered', async () => {
    const { s, call } = await signedIn(false);
    const own = await call('POST', '/User/1001/Dialogs', '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001001</fromAddress><toAddress>1001001</toAddress></Dialog>');
    expect(own.status).toBe(400);
    expect(own.text).toContain('<ErrorType>Invalid Destination</ErrorType>');
    const ok = await call('POST', '/User/1001/Dialogs', '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001001</fromAddress><toAddress>1002002</toAddress></Dialog>');
    expect(ok.status).toBe(202);
    const list = await call('GET', '/User/1001/Dialogs');
    expect(list.text).toContain('<toAddress>1002002</toAddress><state>INITIATED</state>');
    const id = /<id>(\d+)<\/id>/.exec(list.text)?.[1] ?? '';
    expect((await call('PUT', `/Dialog/${id}`, action('HOLD'))).status).toBe(400);
    s.answerOutboundCall(id);
    expect(s.getAgent('1001')?.state).toBe('TALKING');
    expect((await call('PUT', `/Dialog/${id}`, action('HOLD'))).status).toBe(202);
  });

  it('consults, then transfers; consults, then conferences; single-step transfers', async () => {
    const { s, call } = await signedIn();
    const first = s.simulateIncomingCall('1001', '5550001');
    await call('PUT', `/Dialog/${first}`, action('ANSWER'));
    expect((await call('PUT', `/Dialog/${first}`, action('TRANSFER'))).status).toBe(400);
    expect((await call('PUT', `/Dialog/${first}`, action('CONSULT_CALL', '<toAddress>1002002</toAddress>'))).status).toBe(202);
    expect((await call('GET', '/User/1001/Dialogs')).text.match(/<Dialog>/g)).toHaveLength(2);
    expect((await call('PUT', `/Dialog/${first}`, action('TRANSFER'))).status).toBe(202);
    expect((await call('GET', '/User/1001/Dialogs')).text).toBe('<Dialogs></Dialogs>');

    const second = s.simulateIncomingCall('1001', '5550002');
    await call('PUT', `/Dialog/${second}`, action('ANSWER'));
    await call('PUT', `/Dialog/${second}`, action('CONSULT_CALL', '<toAddress>1003003</toAddress>'));
    expect((await call('PUT', `/Dialog/${second}`, action('CONFERENCE'))).status).toBe(202);
    expect(s.getDialog(second)?.participants.map((p) => p.mediaAddress).sort()).toEqual(['1001001', '1003003', '5550002']);
    expect((await call('PUT', `/Dialog/${second}`, action('TRANSFER_SST', '<toAddress>1004004</toAddress>'))).status).toBe(202);
    expect(s.getDialog(second)).toBeUndefined();
    expect(s.getAgent('1001')?.state).toBe('NOT_READY');
  });
});
