import { afterEach, describe, expect, it } from 'vitest';
import { type FinesseSimulator, type FinesseSimulatorOptions, startFinesseSimulator } from '../src/finesse/index.js';

let sim: FinesseSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Answer {
  status: number;
  text: string;
}

async function start(options: FinesseSimulatorOptions = {}): Promise<{ s: FinesseSimulator; call: (method: string, path: string, body?: string) => Promise<Answer> }> {
  const s = await startFinesseSimulator(options);
  sim = s;
  const auth =
    options.authMode === 'NON_SSO'
      ? `Basic ${Buffer.from('1001:password').toString('base64')}`
      : `Bearer ${(await s.issueTokens('1001')).token}`;
  const call = async (method: string, path: string, body?: string): Promise<Answer> => {
    const res = await fetch(`${s.url}/finesse/api${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/xml' }) },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, text: await res.text() };
  };
  return { s, call };
}

const state = (s: string, extra = ''): string => `<User><state>${s}</state>${extra}</User>`;

describe('Finesse simulator: system and agent state', () => {
  it('serves SystemInfo and UserAuthMode without credentials', async () => {
    const s = await startFinesseSimulator({ deploymentType: 'UCCX' });
    sim = s;
    const info = await (await fetch(`${s.url}/finesse/api/SystemInfo`)).text();
    expect(info).toContain('<deploymentType>UCCX</deploymentType>');
    expect(info).toContain('<status>IN_SERVICE</status>');
    expect(await (await fetch(`${s.url}/finesse/api/UserAuthMode/1001`)).text()).toBe('<UserAuthMode><authMode>SSO</authMode></UserAuthMode>');
    expect((await fetch(`${s.url}/finesse/api/UserAuthMode/nobody`)).status).toBe(404);
  });

  it('signs in, goes READY, refuses LOGOUT from READY on UCCE, and signs out from NOT_READY', async () => {
    const { s, call } = await start();
    expect((await call('GET', '/User/1001')).text).toContain('<state>LOGOUT</state>');
    expect((await call('PUT', '/User/1001', state('LOGIN', '<extension>1001001</extension>'))).status).toBe(202);
    expect(s.getAgent('1001')).toMatchObject({ state: 'NOT_READY', extension: '1001001' });
    expect((await call('PUT', '/User/1001', state('READY'))).status).toBe(202);
    const refused = await call('PUT', '/User/1001', state('LOGOUT'));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<ErrorType>Invalid State</ErrorType>');
    expect((await call('PUT', '/User/1001', state('NOT_READY', '<reasonCodeId>2</reasonCodeId>'))).status).toBe(202);
    expect(s.getAgent('1001')).toMatchObject({ state: 'NOT_READY', reasonCodeId: 2 });
    expect((await call('PUT', '/User/1001', state('LOGOUT', '<reasonCodeId>3</reasonCodeId>'))).status).toBe(202);
    expect(s.getAgent('1001')).toMatchObject({ state: 'LOGOUT', extension: '', reasonCodeId: 3 });
  });

  it('allows LOGOUT from READY on UCCX (Basic auth, NON_SSO)', async () => {
    const { s, call } = await start({ deploymentType: 'UCCX', authMode: 'NON_SSO' });
    await call('PUT', '/User/1001', state('LOGIN', '<extension>1001001</extension>'));
    await call('PUT', '/User/1001', state('READY'));
    expect((await call('PUT', '/User/1001', state('LOGOUT'))).status).toBe(202);
    expect(s.getAgent('1001')?.state).toBe('LOGOUT');
  });

  it('answers the documented errors for bad state requests', async () => {
    const { call } = await start();
    const missing = await call('PUT', '/User/1001', '<User><extension>1</extension></User>');
    expect(missing.status).toBe(400);
    expect(missing.text).toBe(
      '<ApiErrors><ApiError><ErrorType>Parameter Missing</ErrorType><ErrorData>state</ErrorData><ErrorMessage>State Parameter missing</ErrorMessage></ApiError></ApiErrors>',
    );
    await call('PUT', '/User/1001', state('LOGIN', '<extension>1001001</extension>'));
    const noReason = await call('PUT', '/User/1001', state('NOT_READY'));
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('<ErrorData>finesse.api.reasoncode.require_reasoncode</ErrorData>');
    const badReason = await call('PUT', '/User/1001', state('NOT_READY', '<reasonCodeId>3</reasonCodeId>'));
    expect(badReason.text).toContain('<ErrorData>reasonCodeId</ErrorData>');
    const serverSet = await call('PUT', '/User/1001', state('TALKING'));
    expect(serverSet.status).toBe(400);
    expect(serverSet.text).toContain('<ErrorType>Invalid State</ErrorType>');
    expect((await call('GET', '/User/9999')).status).toBe(404);
    expect((await call('GET', '/User/1002')).status).toBe(401);
  });

  it('allows NOT_READY without a reason code when none are configured', async () => {
    const { s, call } = await start({ reasonCodes: [] });
    await call('PUT', '/User/1001', state('LOGIN', '<extension>1001001</extension>'));
    await call('PUT', '/User/1001', state('READY'));
    expect((await call('PUT', '/User/1001', state('NOT_READY'))).status).toBe(202);
    expect(s.getAgent('1001')?.state).toBe('NOT_READY');
  });

  it('resolves a login name on UCCE but not on UCCX, and lists reason codes by category', async () => {
    const ucce = await start();
    const byName = await ucce.call('GET', '/User/jsmith');
    expect(byName.status).toBe(200);
    expect(byName.text).toContain('<loginId>1001</loginId><loginName>jsmith</loginName>');
    const codes = await ucce.call('GET', '/User/1001/ReasonCodes?category=NOT_READY');
    expect(codes.text).toContain('<ReasonCodes category="NOT_READY"><ReasonCode><uri>/finesse/api/ReasonCode/1</uri>');
    expect(codes.text).not.toContain('End of shift');
    expect((await ucce.call('GET', '/User/1001/ReasonCodes?category=BOGUS')).status).toBe(400);
    expect((await ucce.call('GET', '/ReasonCode/3')).text).toContain('<label>End of shift</label>');
    await ucce.s.close();
    const uccx = await start({ deploymentType: 'UCCX' });
    expect((await uccx.call('GET', '/User/jsmith')).status).toBe(404);
  });
});
