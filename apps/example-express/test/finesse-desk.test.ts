import { startFinesseSimulator, startSandbox, type FinesseSimulator, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { finesseSimulatorDesk } from '../src/demo.js';
import type { FinesseDeskOptions } from '../src/finesse/options.js';
import { Browser } from '@webex-oidc/testing';
import { signInAtSandbox, startExampleApp, type RunningApp } from './harness.js';

let sandbox: Sandbox;
let sim: FinesseSimulator;
let app: RunningApp | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  sim = await startFinesseSimulator({ port: 0, accessTokenTtlSeconds: 3 });
});
afterAll(async () => {
  await sim.close();
  await sandbox.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The example app with a desk, and a browser signed in to it. */
async function deskApp(finesse: FinesseDeskOptions): Promise<{ browser: Browser; running: RunningApp }> {
  const running = await startExampleApp(sandbox, { finesse });
  app = running;
  const browser = new Browser();
  const callback = await signInAtSandbox(sandbox, browser, running);
  expect((await browser.request(callback)).status).toBe(302);
  return { browser, running };
}

interface Desk {
  html: string;
  state: string | undefined;
  dialogs: Array<{ id: string; state: string }>;
  error: string | undefined;
}

async function desk(browser: Browser, running: RunningApp): Promise<Desk> {
  const res = await browser.request(`${running.url}/finesse`);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  expect(html).not.toContain('eyJ'); // no JWT (the simulator's tokens are JWTs) on the page
  return {
    html,
    state: /data-testid="finesse-state" data-state="([^"]*)"/.exec(html)?.[1],
    dialogs: [...html.matchAll(/data-testid="finesse-dialog" data-dialog-id="([^"]*)" data-state="([^"]*)"/g)].map((m) => ({ id: m[1] ?? '', state: m[2] ?? '' })),
    error: /data-testid="finesse-error">([\s\S]*?)<\/div>/.exec(html)?.[1],
  };
}

/** Presses a desk button: POST, expect the 303 back to the desk, return the desk. */
async function press(browser: Browser, running: RunningApp, action: string, form: Record<string, string> = {}): Promise<Desk> {
  const res = await browser.request(`${running.url}/finesse/${action}`, { method: 'POST', body: new URLSearchParams(form) });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/finesse');
  return desk(browser, running);
}

describe('Finesse agent desk (/finesse) against the simulator', () => {
  it('drives an agent through sign in, a call, hold, not ready and logout, with SSO tokens kept fresh', async () => {
    const { browser, running } = await deskApp(finesseSimulatorDesk(sim.url));
    let page = await desk(browser, running);
    expect(page.state).toBe('LOGOUT');
    expect(page.html).toContain('data-testid="finesse-sign-in"');
    expect(page.html).not.toContain('data-testid="finesse-incoming-call"');
    expect(sim.stats().idsLogins).toBeGreaterThanOrEqual(1);

    page = await press(browser, running, 'sign-in', { extension: '1001001' });
    expect(page.state).toBe('NOT_READY');
    expect(page.html).toContain('<code data-testid="finesse-agent-extension">1001001</code>');
    expect(page.html).toContain('<option value="1">Lunch (12)</option>');
    page = await press(browser, running, 'ready');
    expect(page.state).toBe('READY');

    page = await press(browser, running, 'incoming-call', { fromAddress: '+15550123' });
    expect(page.html).toContain('data-testid="finesse-info">Incoming call from +15550123.');
    const [call] = page.dialogs;
    expect(call?.state).toBe('ALERTING');
    expect(page.state).toBe('RESERVED');
    expect(page.html).toContain('data-testid="finesse-answer"');
    expect(page.html).not.toContain('data-testid="finesse-hold"');
    expect(page.html).not.toContain('data-testid="finesse-call-data"'); // not while ringing
    const dialogId = call?.id ?? '';

    page = await press(browser, running, 'answer', { dialogId });
    expect(page.dialogs).toEqual([{ id: dialogId, state: 'ACTIVE' }]);
    expect(page.state).toBe('TALKING');
    expect(page.html).toContain('data-testid="finesse-participant" data-state="ACTIVE">+15550123');
    expect(page.html).toContain('data-testid="finesse-call-data"');
    page = await press(browser, running, 'call-data', { dialogId, name: 'callVariable2', value: 'VIP & <gold>' });
    expect(page.html).toContain('data-testid="finesse-info">Call data updated: callVariable2.');
    expect(page.html).toContain('callVariable2: VIP &#38; &#60;gold&#62;');
    expect(sim.getDialog(dialogId)?.callVariables).toContainEqual({ name: 'callVariable2', value: 'VIP & <gold>' });
    page = await press(browser, running, 'call-data', { dialogId, name: 'customer', value: 'x' });
    expect(page.error).toMatch(/Finesse does not accept the call variable name .+ \(invalid_argument\)/);
    page = await press(browser, running, 'hold', { dialogId });
    expect(page.dialogs).toEqual([{ id: dialogId, state: 'HELD' }]);
    expect(page.state).toBe('HOLD');
    expect(page.html).toContain('data-testid="finesse-retrieve"');
    page = await press(browser, running, 'retrieve', { dialogId });
    expect(page.dialogs).toEqual([{ id: dialogId, state: 'ACTIVE' }]);
    page = await press(browser, running, 'drop', { dialogId });
    expect(page.dialogs).toEqual([]);
    expect(page.state).toBe('READY');

    page = await press(browser, running, 'make-call', { toAddress: '5550199' });
    expect(page.dialogs).toHaveLength(1);
    page = await press(browser, running, 'drop', { dialogId: page.dialogs[0]?.id ?? '' });

    page = await press(browser, running, 'not-ready', { reasonCodeId: '1' });
    expect(page.state).toBe('NOT_READY');
    expect(page.html).toContain('reason Lunch');
    expect(sim.getAgent('1001')).toMatchObject({ state: 'NOT_READY', reasonCodeId: 1 });
    page = await press(browser, running, 'logout', { reasonCodeId: '3' });
    expect(page.state).toBe('LOGOUT');
    expect(sim.getAgent('1001')).toMatchObject({ state: 'LOGOUT', extension: '' });
    expect(page.error).toBeUndefined();

    // The token manager refreshes the 3 s SSO token at 75 % of its life, without a new IdS login.
    const logins = sim.stats().idsLogins;
    const deadline = Date.now() + 8_000;
    while (!/refreshed [1-9]\d* time/.test(page.html) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      page = await desk(browser, running);
    }
    expect(page.html).toMatch(/data-testid="finesse-tokens">Finesse SSO token: refreshed [1-9]\d* times?/);
    expect(sim.stats().refreshes).toBeGreaterThanOrEqual(1);
    expect(sim.stats().idsLogins).toBe(logins);
  });

  it("shows Finesse's errors as a banner and keeps working", async () => {
    const incoming: string[] = [];
    const options = finesseSimulatorDesk(sim.url, {}, { simulatorControl: { simulateIncomingCall: (agentId, from) => (incoming.push(from), sim.simulateIncomingCall(agentId, from)) } });
    const { browser, running } = await deskApp(options);
    let page = await press(browser, running, 'incoming-call', { fromAddress: '5550100' });
    expect(page.state).toBe('LOGOUT');
    expect(page.error).toContain('<strong>The simulator refused the call</strong> — Agent 1001 is not signed in');
    await press(browser, running, 'sign-in');
    page = await press(browser, running, 'ready');
    page = await press(browser, running, 'logout');
    expect(page.error).toMatch(/<strong>Invalid State<\/strong> — .+ \(HTTP 400, finesse_api_error\)/);
    expect(page.state).toBe('READY');
    page = await desk(browser, running);
    expect(page.error).toBeUndefined(); // shown once
    page = await press(browser, running, 'answer', { dialogId: '999' });
    expect(page.error).toContain('Invalid dialogId specified for dialog');
    page = await press(browser, running, 'make-call', { toAddress: '' });
    expect(page.error).toContain('<strong>Missing input</strong>');
    page = await press(browser, running, 'incoming-call', { fromAddress: '5550100' });
    expect(incoming).toEqual(['5550100', '5550100']);
    expect(page.dialogs).toHaveLength(1);
    await press(browser, running, 'answer', { dialogId: page.dialogs[0]?.id ?? '' });
    await press(browser, running, 'drop', { dialogId: page.dialogs[0]?.id ?? '' });
    await press(browser, running, 'not-ready', { reasonCodeId: '2' });
    page = await press(browser, running, 'logout');
    expect(page.state).toBe('LOGOUT');
    expect((await browser.request(`${running.url}/finesse/bogus`, { method: 'POST' })).status).toBe(404);
  });

  it('asks for a Webex sign-in first, and explains a password given for an SSO agent', async () => {
    const running = await startExampleApp(sandbox, { finesse: { baseUrl: sim.url, username: 'jsmith', password: 'password', extension: '1001001' } });
    app = running;
    const anonymous = await new Browser().request(`${running.url}/finesse`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('data-testid="finesse-sign-in-required"');
    expect((await new Browser().request(`${running.url}/finesse/ready`, { method: 'POST' })).status).toBe(401);
    const browser = new Browser();
    expect((await browser.request(await signInAtSandbox(sandbox, browser, running))).status).toBe(302);
    const res = await browser.request(`${running.url}/finesse`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('<strong>Finesse wants SSO</strong> — Agent jsmith signs in with SSO');
  });

  it('refuses incomplete desk options at createApp', () => {
    const base = { clientId: 'c', clientSecret: 's', redirectUri: 'http://127.0.0.1/callback' };
    expect(() => createApp({ ...base, finesse: { baseUrl: sim.url, username: 'jsmith', extension: '1' } })).toThrow(/exactly one of password/);
    expect(() => createApp({ ...base, finesse: { baseUrl: sim.url, username: '', extension: '1', password: 'p' } })).toThrow(/finesse.username/);
  });
});
