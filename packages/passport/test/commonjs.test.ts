import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('CommonJS consumers', () => {
  it("can require('@webex-oidc/passport') (Node >= 20.19 require(esm)) and construct the strategy", async () => {
    const script = `
      const passport = require('passport');
      const { WebexStrategy, WebexOidcError, ErrorCode } = require('@webex-oidc/passport');
      const strategy = new WebexStrategy(
        { clientID: 'id', clientSecret: 'secret', callbackURL: 'https://app.example/callback' },
        (tokens, profile, done) => done(null, profile),
      );
      passport.use(strategy);
      console.log(JSON.stringify({
        name: strategy.name,
        authenticate: typeof strategy.authenticate,
        error: new WebexOidcError(ErrorCode.InvalidGrant, 'x') instanceof Error,
      }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: packageDir });
    expect(JSON.parse(stdout.trim())).toEqual({ name: 'webex', authenticate: 'function', error: true });
  });
});
