// The built CLI: every bad input gets a clear message and the documented exit code
// (2 = bad usage/input, nothing sent; 1 = Webex refused or unreachable); --help everywhere.
import { createGuestToken } from '@webex-oidc/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let base: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  base = ['--base-url', sandbox.apiBaseUrl];
});
afterAll(async () => {
  await sandbox.close();
});

describe('usage errors (exit 2)', () => {
  it('missing issuer id and/or secret', async () => {
    const secret = sandbox.guestIssuer.secret;
    const noId = await runCli(['create', 'u', 'U', '-s', secret]);
    expect(noId).toMatchObject({ code: 2, stdout: '' });
    expect(noId.stderr).toBe('error: Missing the Guest Issuer app id (-i <issuerAppId> or env ISSUER).\n');
    const noSecret = await runCli(['create', 'u', 'U', '-i', 'x']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('Missing the Guest Issuer secret (-s <issuerAppSecret> or env SECRET)');
    const neither = await runCli(['quick', 'u', 'U', ...base], { ISSUER: '', SECRET: '  ' });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('app id (-i <issuerAppId> or env ISSUER) and the Guest Issuer secret');
  });

  it('an empty user id or user name', async () => {
    const creds = ['-i', 'x', '-s', sandbox.guestIssuer.secret];
    expect(await runCli(['create', '', 'U', ...creds])).toMatchObject({ code: 2, stderr: 'error: The user id must not be empty.\n' });
    expect(await runCli(['create', 'u', ' ', ...creds])).toMatchObject({ code: 2, stderr: 'error: The user name must not be empty.\n' });
  });

  it('a secret that is not base64, never echoed', async () => {
    for (const secret of ['not base64!', 'abcde', 'ab$cd']) {
      const result = await runCli(['create', 'u', 'U', '-i', 'x', '-s', secret]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: The guest issuer secret is not valid base64/);
      expect(result.stderr).not.toContain(secret);
    }
    const fromEnv = await runCli(['u', 'U'], { ISSUER: 'x', SECRET: '%%%' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('not valid base64');
  });

  it.each(['0', '-5', '1.5', 'abc', '', '90s'])('a delay that is not a positive integer: %j', async (delay) => {
    const result = await runCli(['create', 'u', 'U', '-i', 'x', '-s', sandbox.guestIssuer.secret, '-d', delay]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The expiration delay must be a positive whole number of seconds');
  });

  it.each([['abc'], ['a.b.c'], ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig']])('a malformed JWT: %s', async (jwt) => {
    const login = await runCli(['login', jwt, ...base]);
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(/^error: The guest token is malformed: /);
    const verify = await runCli(['verify', '--jwt', jwt]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/^error: The guest token is malformed: /);
  });

  it('an expired guest token: login refuses it without calling Webex; verify shows it as expired', async () => {
    const expired = await createGuestToken({
      ...sandbox.guestIssuer,
      subject: 'late',
      name: 'Stève',
      expiresIn: 60,
      now: Date.now() - 3_600_000,
    });
    const calls = sandbox.requestCount('/v1/jwt/login');
    const login = await runCli(['login', expired, ...base]);
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(/^error: The guest token expired at \S+Z; Webex refuses expired guest tokens, so create a new one\./);
    expect(sandbox.requestCount('/v1/jwt/login')).toBe(calls);
    const verify = await runCli(['verify', '--jwt', expired]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/status: +EXPIRED 59 minutes( \d+ seconds?)? ago: create a new guest token/);
  });

  it('verify with neither or both of --jwt / --access', async () => {
    expect(await runCli(['verify'])).toMatchObject({ code: 2, stderr: 'error: Pass --jwt <guestToken> or --access <accessToken>.\n' });
    expect(await runCli(['verify', '--jwt', 'a', '--access', 'b'])).toMatchObject({ code: 2, stderr: 'error: Pass either --jwt or --access, not both.\n' });
  });

  it('missing arguments, unknown options and commands, a bad --base-url', async () => {
    const noArgs = await runCli([]);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain("missing required argument 'userId'");
    expect((await runCli(['create', 'only-id'])).stderr).toContain("missing required argument 'userName'");
    expect((await runCli(['login'])).code).toBe(2);
    const unknown = await runCli(['login', 'x', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
    const badUrl = await runCli(['login', 'x.y.z', '--base-url', 'not a url']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("option '--base-url <url>' argument 'not a url' is invalid");
    expect((await runCli(['guests-token', 's', 'd', ...base])).stderr).toContain('Missing the Service App access token');
  });
});

describe('remote failures (exit 1)', () => {
  it("a rejected exchange shows Webex's error text and tracking id", async () => {
    const forged = await createGuestToken({
      issuerId: sandbox.guestIssuer.issuerId,
      secret: Buffer.from('the wrong secret, 32 bytes long!').toString('base64'),
      subject: 'forger',
      name: 'Mallory',
    });
    const result = await runCli(['login', forged, ...base]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: Webex guest token exchange \(jwt\/login\) failed \(HTTP 401\)\. Webex says: .+\. Tracking id: \S+\./);
    expect(result.stderr).not.toContain(forged);
    const json = await runCli(['login', forged, ...base, '--json']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'guest_token_invalid', status: 401, trackingId: expect.any(String) } });
  });

  it('an access token Webex refuses, and an unreachable Webex', async () => {
    const refused = await runCli(['verify', '--access', 'nope', ...base]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: Webex people\/me request failed \(HTTP 401\)/);
    const quick = await runCli(['quick', 'u', 'U', '-i', sandbox.guestIssuer.issuerId, '-s', sandbox.guestIssuer.secret, '--base-url', 'http://127.0.0.1:1/v1']);
    expect(quick.code).toBe(1);
    expect(quick.stderr).toContain('could not reach http://127.0.0.1:1/v1/jwt/login');
  });

  it('an injected 503 is reported as a remote failure', async () => {
    sandbox.setFaults([{ path: '/v1/jwt/login', status: 503, times: 1 }]);
    const result = await runCli(['quick', 'u', 'U', '-i', sandbox.guestIssuer.issuerId, '-s', sandbox.guestIssuer.secret, ...base]);
    sandbox.setFaults([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Webex is unavailable: retry later.');
  });
});

describe('--help', () => {
  it.each([
    [[], 'Usage: guestissuer [options] [command]'],
    [['create'], 'Usage: guestissuer create [options] <userId> <userName>'],
    [['login'], 'Usage: guestissuer login [options] <guestToken>'],
    [['quick'], 'Usage: guestissuer quick [options] <userId> <userName>'],
    [['verify'], 'Usage: guestissuer verify [options]'],
    [['guests-token'], 'Usage: guestissuer guests-token [options] <subject> <displayName>'],
    [['guests-count'], 'Usage: guestissuer guests-count [options]'],
  ])('%j --help', async (command, usage) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(usage);
    if (command.length > 0) expect(result.stdout).toContain('--json');
  });

  it('--version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: '0.0.0\n' });
  });
});
