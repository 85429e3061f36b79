import { type FinesseSimulator } from '@webex-oidc/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { FinesseClient, FinesseErrorCode, FinesseTokenManager } from '../src/index.js';
import { directTokens, hasOpenssl, makeTestPki, type TestPki, simulatorPerTest, finesseError } from './helpers.js';

const { start, closers } = simulatorPerTest();

// Over HTTPS with a throwaway CA, as against a real Finesse on 8445 (plain HTTP only without openssl).
let pki: TestPki | undefined;
beforeAll(() => {
  pki = hasOpenssl() ? makeTestPki() : undefined;
});

async function activeCall(callVariables: Record<string, string> = {}): Promise<{ s: FinesseSimulator; client: FinesseClient; dialogId: string }> {
  const s = await start(pki === undefined ? {} : { tls: { key: pki.key, cert: pki.cert } });
  if (pki !== undefined) expect(s.url).toMatch(/^https:/);
  const ca = pki === undefined ? {} : { ca: pki.caCert };
  const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: await directTokens(s), ...ca });
  const client = new FinesseClient({ baseUrl: s.url, auth: manager, agentId: '1001', ...ca });
  closers.push(() => client.close(), () => manager.close());
  await client.signIn({ extension: '1001001' });
  const dialogId = s.simulateIncomingCall('1001', '5551234', callVariables);
  return { s, client, dialogId };
}


describe('updateCallData (UPDATE_CALL_DATA) against the simulator', () => {
  it('sets call, ECC and Outbound variables and the wrap-up reason on an ACTIVE call; reading the dialog back shows them', async () => {
    const { s, client, dialogId } = await activeCall({ callVariable1: 'order 42', callVariable2: 'keep me' });
    await client.answer(dialogId);
    const [before] = await client.getDialogs();
    expect(before?.participants.find((p) => p.mediaAddress === '1001001')?.actions).toContain('UPDATE_CALL_DATA');
    expect(before?.wrapUpReason).toBeUndefined();

    await client.updateCallData(dialogId, {
      variables: { callVariable1: 'order 43', 'user.orderId': 'A-17', 'user.items[0]': 'laptop', BAResponse: 'callback' },
      wrapUpReason: 'Sale',
    });
    const [after] = await client.getDialogs();
    expect(after?.id).toBe(dialogId);
    expect(after?.wrapUpReason).toBe('Sale');
    expect(after?.callVariables).toEqual([
      { name: 'callVariable1', value: 'order 43' },
      { name: 'callVariable2', value: 'keep me' },
      { name: 'user.orderId', value: 'A-17' },
      { name: 'user.items[0]', value: 'laptop' },
      { name: 'BAResponse', value: 'callback' },
    ]);

    // the list form, clearing one variable; other variables keep their values
    await client.updateCallData(dialogId, { variables: [{ name: 'callVariable2', value: '' }] });
    const cleared = (await client.getDialogs())[0]?.callVariables;
    expect(cleared).toContainEqual({ name: 'callVariable2', value: '' });
    expect(cleared).toContainEqual({ name: 'callVariable1', value: 'order 43' });
    expect(s.getDialog(dialogId)?.wrapUpReason).toBe('Sale');

    // an explicit targetMediaAddress (the agent's own device) is accepted as well
    await client.updateCallData(dialogId, { variables: { callVariable3: 'x' }, targetMediaAddress: '1001001' });
    expect(s.getDialog(dialogId)?.callVariables).toContainEqual({ name: 'callVariable3', value: 'x' });
  });

  it('is refused with Finesse\'s 400 Invalid State on a call that is still ALERTING (or HELD), and nothing changes', async () => {
    const { s, client, dialogId } = await activeCall({ callVariable1: 'order 42' });
    const [ringing] = await client.getDialogs();
    expect(ringing?.participants.find((p) => p.mediaAddress === '1001001')?.actions).toEqual(['ANSWER']);

    const err = await finesseError(client.updateCallData(dialogId, { variables: { callVariable1: 'too early' } }));
    expect(err).toMatchObject({
      code: FinesseErrorCode.ApiError,
      status: 400,
      errorType: 'Invalid State',
      errorData: 'requestedAction',
      transient: false,
    });
    expect(err.message).toContain('Invalid State');
    expect(s.getDialog(dialogId)?.callVariables).toEqual([{ name: 'callVariable1', value: 'order 42' }]);

    await client.answer(dialogId);
    await client.hold(dialogId);
    expect(await finesseError(client.updateCallData(dialogId, { variables: { callVariable1: 'on hold' } }))).toMatchObject({ status: 400, errorType: 'Invalid State' });

    const unknown = await finesseError(client.updateCallData('999999', { variables: { callVariable1: 'x' } }));
    expect(unknown).toMatchObject({ code: FinesseErrorCode.ApiError, status: 404, errorMessage: 'Invalid dialogId specified for dialog' });
  });

  it('round-trips markup, quotes, ampersands and non-ASCII text exactly (escaped on the wire, decoded by Finesse)', async () => {
    const { s, client, dialogId } = await activeCall();
    await client.answer(dialogId);
    const note = `</value><name>callVariable9</name> & &amp; "double" 'single' ]]> Zoë, 東京, 😀`;
    const short = `<&"'>é`; // 9 bytes in UTF-8
    await client.updateCallData(dialogId, { variables: { callVariable1: short, 'user.note': note }, wrapUpReason: `A&B <ok> "é"` });
    // what the server stored is the original text, not an escaped or double-escaped form
    expect(s.getDialog(dialogId)).toMatchObject({
      wrapUpReason: `A&B <ok> "é"`,
      callVariables: [
        { name: 'callVariable1', value: short },
        { name: 'user.note', value: note },
      ],
    });
    const [read] = await client.getDialogs();
    expect(read?.callVariables).toEqual([
      { name: 'callVariable1', value: short },
      { name: 'user.note', value: note },
    ]);
    expect(read?.wrapUpReason).toBe(`A&B <ok> "é"`);
  });

  it('rejects bad input with invalid_argument and an actionable message before any request', async () => {
    const { s, client, dialogId } = await activeCall();
    await client.answer(dialogId);
    const before = s.stats().apiRequests;

    const wrongCase = await finesseError(client.updateCallData(dialogId, { variables: { callvariable1: 'x' } }));
    expect(wrongCase.code).toBe(FinesseErrorCode.InvalidArgument);
    expect(wrongCase.message).toContain('Did you mean "callVariable1"?');
    expect((await finesseError(client.updateCallData(dialogId, { variables: { customerName: 'x' } }))).message).toMatch(/user\.<name>/);
    expect((await finesseError(client.updateCallData(dialogId, { variables: { callVariable11: 'x' } }))).message).toMatch(/callVariable1 to callVariable10 only/);
    expect((await finesseError(client.updateCallData(dialogId, { variables: { callVariable1: 'x'.repeat(41) } }))).message).toMatch(/allows 40 bytes/);
    expect((await finesseError(client.updateCallData(dialogId, { variables: { 'user.blob': 'x'.repeat(2000) } }))).message).toMatch(/allows 2000/);
    expect((await finesseError(client.updateCallData(dialogId, { variables: { callVariable1: 'bell\u0007' } }))).message).toMatch(/U\+0007/);
    expect((await finesseError(client.updateCallData(dialogId, { variables: {} }))).message).toMatch(/at least one call variable/);
    expect((await finesseError(client.updateCallData(dialogId, { wrapUpReason: 'x'.repeat(40) }))).message).toMatch(/allows 39/);
    expect((await finesseError(client.updateCallData('', { variables: { callVariable1: 'x' } }))).message).toMatch(/dialogId/);
    expect((await finesseError(client.dialogAction(dialogId, 'UPDATE_CALL_DATA'))).message).toMatch(/use updateCallData/);
    for (const err of await Promise.all([
      finesseError(client.updateCallData(dialogId, { variables: [{ name: 'callVariable1', value: 'a' }, { name: 'callVariable1', value: 'b' }] })),
      finesseError(client.updateCallData(dialogId, { variables: { callVariable1: 7 as unknown as string } })),
    ])) {
      expect(err.code).toBe(FinesseErrorCode.InvalidArgument);
    }
    expect(s.stats().apiRequests).toBe(before);
    expect(s.getDialog(dialogId)?.callVariables).toEqual([]);
  });
});
