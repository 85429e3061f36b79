import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('CommonJS consumers', () => {
  it('can require() the package (Node >= 20.19 require(esm))', () => {
    const script = [
      "const m = require('@webex-oidc/finesse');",
      "const url = m.buildSsoTokenUrl({ baseUrl: 'https://finesse.example.com:8445', username: 'j smith' });",
      'const err = new m.FinesseError(m.FinesseErrorCode.TlsError, "x");',
      'console.log(JSON.stringify({ client: typeof m.FinesseClient, manager: typeof m.FinesseTokenManager, refresh: typeof m.refreshFinesseTokens, url: url.href, code: err.code, isErr: m.isFinesseError(err, "tls_error") }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--no-warnings', '-e', script], { cwd: packageDir, encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual({
      client: 'function',
      manager: 'function',
      refresh: 'function',
      url: 'https://finesse.example.com:8445/desktop/sso/token?cc_username=j+smith&return_refresh_token=true',
      code: 'tls_error',
      isErr: true,
    });
  });
});
