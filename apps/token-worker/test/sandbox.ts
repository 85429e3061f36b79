import { authorizationCodeGrant, buildAuthorizationUrl, type WebexConfig, type WebexTokenSet } from '@webex-oidc/core';
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { redisTestUrl } from '@webex-oidc/testing';
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

/**
 * The `TOKEN_WORKER_*` environment of a worker on the harness's Redis prefixes and keyring, with
 * the sandbox's client, a random HTTP port on loopback and no reconciliation loop.
 */
export function workerEnv(h: Harness, sandbox: Sandbox): Record<string, string> {
  return {
    TOKEN_WORKER_REDIS_URL: redisTestUrl(),
    TOKEN_WORKER_QUEUE_PREFIX: h.queuePrefix,
    TOKEN_WORKER_STORE_PREFIX: `${h.prefix}:ts`,
    TOKEN_WORKER_STORE_KEYS: `k1:${h.keyring.keys['k1'] ?? ''}`,
    TOKEN_WORKER_CLIENT_ID: sandbox.client.clientId,
    TOKEN_WORKER_CLIENT_SECRET: sandbox.client.clientSecret,
    TOKEN_WORKER_DISCOVERY_URL: sandbox.discoveryUrl,
    TOKEN_WORKER_ISSUERS: sandbox.issuer,
    TOKEN_WORKER_REVOCATION_ENDPOINT: sandbox.revocationUrl,
    TOKEN_WORKER_ALLOW_INSECURE_REQUESTS: 'true',
    TOKEN_WORKER_HTTP_PORT: '0',
    TOKEN_WORKER_HTTP_HOST: '127.0.0.1',
    TOKEN_WORKER_RECONCILE_INTERVAL_MS: '0',
  };
}
