// Starts the sandbox IdP on a random loopback port and builds configurations for it.
import { startSandbox, type Sandbox, type SandboxOptions } from '@webex-oidc/sandbox';
import { createWebexConfig, DEFAULT_ISSUERS, type WebexConfig, type WebexConfigOptions } from '../../src/index.js';

export const REDIRECT_URI = 'http://127.0.0.1:3999/auth/callback';

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, quiet: true, deviceInterval: 1, ...options });
}

/** A configuration for the sandbox; its issuer plus Webex's default list are allowed. */
export function configFor(sb: Sandbox, extra: Partial<WebexConfigOptions> = {}): WebexConfig {
  return createWebexConfig({
    clientId: sb.client.clientId,
    clientSecret: sb.client.clientSecret,
    redirectUri: REDIRECT_URI,
    discoveryUrl: sb.discoveryUrl,
    apiBaseUrl: sb.apiBaseUrl,
    revocationEndpoint: sb.revocationUrl,
    issuers: [sb.issuer, ...DEFAULT_ISSUERS],
    allowInsecureRequests: true,
    timeout: 10_000,
    ...extra,
  });
}

export { failure } from './failure.js';
