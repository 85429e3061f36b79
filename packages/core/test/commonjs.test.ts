import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('CommonJS consumers', () => {
  it("require('@webex-oidc/core') works (Node >= 20.19 require(esm)) and exposes the API", async () => {
    const script = `
      const core = require('@webex-oidc/core');
      const config = core.createWebexConfig({ clientId: 'cjs-client' });
      const out = {
        fns: ['createWebexConfig', 'discover', 'buildAuthorizationUrl', 'authorizationCodeGrant', 'buildImplicitUrl',
              'implicitCallback', 'startDeviceAuthorization', 'pollDeviceAuthorization', 'deviceGrant', 'refreshTokens',
              'revokeToken', 'fetchUserinfo', 'webfinger', 'validateIdToken'].filter((n) => typeof core[n] !== 'function'),
        code: core.ErrorCode.IdTokenInvalid,
        isError: new core.WebexOidcError('invalid_grant', 'x') instanceof Error,
        clientId: config.options.clientId,
      };
      process.stdout.write(JSON.stringify(out));
    `;
    const { stdout } = await run(process.execPath, ['--no-warnings', '-e', script], { cwd: packageDir });
    expect(JSON.parse(stdout)).toEqual({ fns: [], code: 'id_token_invalid', isError: true, clientId: 'cjs-client' });
  });
});
