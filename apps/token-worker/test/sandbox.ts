import { authorizationCodeGrant, buildAuthorizationUrl, type WebexConfig, type WebexTokenSet } from '@webex-oidc/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import type { Harness } from './helpers.js';

/** Starts the sandbox IdP and registers its client with the harness. */
export async function startTestSandbox(h: Harness, options: { accessTokenTtl: number; rotateRefreshTokens: boolean; refreshTokenTtl?: number }): Promise<{ sandbox: Sandbox; config: WebexConfig }> {
  const sandbox = await startSandbox({ port: 0, quiet: true, ...options });
  const config = h.addClient({
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    discoveryUrl: sandbox.discoveryUrl,
    issuers: [sandbox.issuer],
    revocationEndpoint: sandbox.revocationUrl,
    redirectUri: 'http://127.0.0.1/callback',
    allowInsecureRequests: true,
  });
  return { sandbox, config };
}

/** A real sign-in through the sandbox: authorization URL → headless login → code exchange. */
export async function signIn(sandbox: Sandbox, config: WebexConfig, user?: string): Promise<WebexTokenSet> {
  const { url, checks } = await buildAuthorizationUrl(config, { scope: 'openid email profile' });
  const callback = await sandbox.signIn(url, user === undefined ? {} : { user });
  const { tokens } = await authorizationCodeGrant(config, callback, checks);
  return tokens;
}
