import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/cjs-app/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let sandbox: Sandbox;
let child: ChildProcess | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});

afterAll(async () => {
  child?.kill();
  await sandbox?.close();
});

describe('CommonJS consumers', () => {
  it('a tsc-compiled CommonJS Nest app requires the module, boots and answers', async () => {
    await promisify(execFile)(process.execPath, [tsc, '-p', fixture], { cwd: fixture });
    const compiled = await readFile(`${fixture}dist/main.cjs`, 'utf8');
    expect(compiled).toContain('require("@webex-oidc/nestjs")');
    expect(compiled).not.toMatch(/^import /m);

    const proc = spawn(process.execPath, [`${fixture}dist/main.cjs`], {
      env: { ...process.env, SANDBOX_URL: sandbox.url, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1].replace('[::1]', '127.0.0.1'));
      });
      proc.on('exit', (code) => reject(new Error(`CommonJS app exited with ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`CommonJS app did not start: ${stderr}`)), 20_000).unref();
    });

    const hello = await fetch(`${url}/hello`);
    expect(hello.status).toBe(200);
    expect(await hello.json()).toEqual({ hello: 'world', module: 'object' });
    const me = await fetch(`${url}/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ code: 'not_signed_in' });
    const login = await fetch(`${url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(new RegExp(`^${sandbox.url}/`));
  });
});
