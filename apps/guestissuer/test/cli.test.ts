// The built CLI against the sandbox: round trip, quick, env credentials, --json, Service-App guests.
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let sandbox: Sandbox;
let creds: string[];
let base: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  creds = ['-i', sandbox.guestIssuer.issuerId, '-s', sandbox.guestIssuer.secret];
  base = ['--base-url', sandbox.apiBaseUrl];
});
afterAll(async () => {
  await sandbox.close();
});

describe('guestissuer round trip', () => {
  it('create → verify --jwt → login → verify --access, with a Unicode name', async () => {
    const created = await runCli(['create', 'guest-cli-1', 'Stève', ...creds]);
    expect(created.code).toBe(0);
    const guestToken = created.stdout.trim();
    expect(guestToken.split('.')).toHaveLength(3);
    expect(created.stderr).toContain("expires in 1 hour 30 minutes; exchange it with: guestissuer login <guestToken>");

    const verified = await runCli(['verify', '--jwt', guestToken]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('"alg":"HS256"');
    expect(verified.stdout).toContain('"name":"Stève"');
    expect(verified.stdout).toContain('"sub":"guest-cli-1"');
    expect(verified.stdout).toMatch(/expires: .*\(in 1 hour (29|30) minutes?.*\)/);
    expect(verified.stdout).toMatch(/status: +not expired/);

    const login = await runCli(['login', guestToken, ...base]);
    expect(login.code).toBe(0);
    const accessToken = login.stdout.trim();
    expect(accessToken).not.toBe('');
    expect(login.stderr).toMatch(/Access token valid for \d+ hours?/);

    const person = await runCli(['verify', '--access', accessToken, ...base]);
    expect(person.code).toBe(0);
    expect(person.stdout).toMatch(/displayName: +Stève/);
    expect(person.stdout).toMatch(/type: +appuser/);
    expect(person.stdout).toMatch(/emails: +guest-cli-1@[0-9a-f-]{36}/);
  });

  it('quick: create + login in one step', async () => {
    const quick = await runCli(['quick', 'guest-cli-2', 'Zoë', ...creds, ...base]);
    expect(quick.code).toBe(0);
    const person = await runCli(['verify', '--access', quick.stdout.trim(), ...base, '--json']);
    expect(JSON.parse(person.stdout)).toMatchObject({ displayName: 'Zoë', type: 'appuser' });
  });

  it('reads ISSUER and SECRET from the environment; create is the default command', async () => {
    const env = { ISSUER: sandbox.guestIssuer.issuerId, SECRET: sandbox.guestIssuer.secret };
    const created = await runCli(['guest-env', 'Stève'], env);
    expect(created.code).toBe(0);
    const login = await runCli(['login', created.stdout.trim(), ...base], env);
    expect(login.code).toBe(0);
    const quick = await runCli(['quick', 'guest-env', 'Stève', ...base], env);
    expect(quick.code).toBe(0);
    // flags win over the environment
    const wrong = await runCli(['quick', 'guest-env', 'Stève', '-s', Buffer.from('another secret entirely').toString('base64'), ...base], env);
    expect(wrong.code).toBe(1);
  });
});

describe('standard input', () => {
  it('`-` reads the guest token or access token from stdin', async () => {
    const created = await runCli(['create', 'guest-stdin', 'Stève', ...creds]);
    const login = await runCli(['login', '-', ...base], {}, `${created.stdout}`);
    expect(login.code).toBe(0);
    const person = await runCli(['verify', '--access', '-', ...base, '--json'], {}, login.stdout);
    expect(JSON.parse(person.stdout)).toMatchObject({ displayName: 'Stève' });
    const decoded = await runCli(['verify', '--jwt', '-', '--json'], {}, created.stdout);
    expect(JSON.parse(decoded.stdout)).toMatchObject({ claims: { sub: 'guest-stdin' } });
  });

  it('an empty stdin is a usage error', async () => {
    expect(await runCli(['login', '-', ...base])).toMatchObject({ code: 2, stderr: 'error: The guest token is empty (nothing on standard input).\n' });
  });
});

describe('verify --jwt checks the signature and issuer locally when it has them', () => {
  it('valid with -s / SECRET, refused (exit 2) for another secret, an altered token or another issuer', async () => {
    const guestToken = (await runCli(['create', 'guest-sig', 'Stève', ...creds])).stdout.trim();
    const withFlag = await runCli(['verify', '--jwt', guestToken, ...creds]);
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toMatch(/signature: +valid \(HS256, this issuer secret\)/);
    const fromEnv = await runCli(['verify', '--jwt', guestToken, '--json'], { ISSUER: sandbox.guestIssuer.issuerId, SECRET: sandbox.guestIssuer.secret });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ signature: 'valid', claims: { sub: 'guest-sig' } });
    const unchecked = await runCli(['verify', '--jwt', guestToken]);
    expect(unchecked.stdout).toMatch(/signature: +not checked \(pass -s or set SECRET/);

    const otherSecret = Buffer.from('another secret entirely, 32 byte').toString('base64');
    const wrong = await runCli(['verify', '--jwt', guestToken, '-s', otherSecret]);
    expect(wrong).toMatchObject({ code: 2, stdout: '' });
    expect(wrong.stderr).toMatch(/^error: The guest token's signature does not verify with this issuer secret \(-s \/ SECRET\)/);
    expect(wrong.stderr).not.toContain(otherSecret);
    expect(wrong.stderr).not.toContain(guestToken);

    const [header = '', payload = '', signature = ''] = guestToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), signature].join('.');
    expect((await runCli(['verify', '--jwt', altered])).code).toBe(0); // decodes without the secret
    const alteredChecked = await runCli(['verify', '--jwt', altered, ...creds, '--json']);
    expect(alteredChecked.code).toBe(2);
    expect(JSON.parse(alteredChecked.stderr)).toMatchObject({ error: { message: expect.stringMatching(/signature does not verify/) } });

    const otherIssuer = await runCli(['verify', '--jwt', guestToken, '-i', 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg']);
    expect(otherIssuer.code).toBe(2);
    expect(otherIssuer.stderr).toContain(`error: The guest token was issued by ${sandbox.guestIssuer.issuerId}, not by the Guest Issuer app Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg (-i / ISSUER).`);
  });
});

describe('--json', () => {
  it('create, verify --jwt, login, quick and verify --access print one JSON document each', async () => {
    const created = JSON.parse((await runCli(['create', 'guest-json', 'Stève', ...creds, '-d', '600', '--json'])).stdout) as Record<string, unknown>;
    expect(created).toMatchObject({ issuer: sandbox.guestIssuer.issuerId, subject: 'guest-json', name: 'Stève', expiresIn: 600 });
    expect(Date.parse(String(created.expiresAt))).toBeGreaterThan(Date.now());
    const guestToken = String(created.guestToken);

    const decoded = JSON.parse((await runCli(['verify', '--jwt', guestToken, '--json'])).stdout) as Record<string, unknown>;
    expect(decoded).toMatchObject({ header: { alg: 'HS256', typ: 'JWT' }, claims: { sub: 'guest-json', name: 'Stève' }, expired: false, signature: 'not_checked' });
    expect(decoded.expiresIn).toBeGreaterThan(590);

    const login = JSON.parse((await runCli(['login', guestToken, ...base, '--json'])).stdout) as Record<string, unknown>;
    expect(login).toMatchObject({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
    expect(Date.parse(String(login.expiresAt))).toBeGreaterThan(Date.now());

    const quick = JSON.parse((await runCli(['--json', 'quick', 'guest-json', 'Stève', ...creds, ...base])).stdout) as Record<string, unknown>;
    expect(quick).toMatchObject({ accessToken: expect.any(String), subject: 'guest-json', name: 'Stève', issuer: sandbox.guestIssuer.issuerId });

    const person = JSON.parse((await runCli(['verify', '--access', String(login.accessToken), ...base, '--json'])).stdout) as Record<string, unknown>;
    expect(person).toMatchObject({ id: expect.any(String), type: 'appuser', displayName: 'Stève' });
  });

  it('prints errors as JSON on stderr with --json', async () => {
    const result = await runCli(['login', 'abc', ...base, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'guest_token_invalid', reason: 'malformed' } });
  });
});

describe('Service-App guests', () => {
  it('guests-token prints the guest access token; guests-count counts', async () => {
    const token = sandbox.serviceApp.accessToken;
    const before = Number((await runCli(['guests-count', '--token', token, ...base])).stdout.trim());
    const created = await runCli(['guests-token', 'visitor-cli', 'Stève', '--token', token, ...base]);
    expect(created.code).toBe(0);
    const person = await runCli(['verify', '--access', created.stdout.trim(), ...base, '--json']);
    expect(JSON.parse(person.stdout)).toMatchObject({ displayName: 'Stève' });
    const json = JSON.parse((await runCli(['guests-token', 'visitor-cli-2', 'Zoë', ...base, '--json'], { SERVICE_APP_TOKEN: token })).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ subject: 'visitor-cli-2', displayName: 'Zoë', accessToken: expect.any(String), expiresIn: expect.any(Number) });
    const after = await runCli(['guests-count', ...base, '--json'], { SERVICE_APP_TOKEN: token });
    expect(JSON.parse(after.stdout)).toEqual({ count: before + 2 });
  });

  it('fails with exit 1 and Webex’s message for a wrong Service App token', async () => {
    const result = await runCli(['guests-token', 's', 'd', '--token', 'not-a-token', ...base]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Webex guest creation \(guests\/token\) failed \(HTTP 4\d\d\)/);
  });
});

describe('DEBUG=guest*', () => {
  it('traces each step without the secret or whole tokens', async () => {
    const result = await runCli(['quick', 'guest-debug', 'Stève', ...creds, ...base], { DEBUG: 'guest*' });
    expect(result.code).toBe(0);
    const accessToken = result.stdout.trim();
    expect(result.stderr).toMatch(/guestissuer:create issuer .* secret from -s \(\d+ key bytes\)/);
    expect(result.stderr).toMatch(/guestissuer:create signed HS256 guest token …\S{4} \(\d+ chars\) for sub=guest-debug name=Stève/);
    expect(result.stderr).toMatch(/guestissuer:login POST .*\/v1\/jwt\/login/);
    expect(result.stderr).toMatch(/guestissuer:login got access token …\S{4}/);
    expect(result.stderr).not.toContain(sandbox.guestIssuer.secret);
    expect(result.stderr).not.toContain(accessToken);
    expect(result.stderr).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
