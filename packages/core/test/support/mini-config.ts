import { createWebexConfig, type WebexConfig, type WebexConfigOptions } from '../../src/index.js';
import type { MiniIdp } from './mini-idp.js';

export function miniConfig(idp: MiniIdp, extra: Partial<WebexConfigOptions> = {}): WebexConfig {
  return createWebexConfig({
    clientId: idp.clientId,
    clientSecret: 'mini-secret',
    discoveryUrl: `${idp.url}/.well-known/openid-configuration`,
    apiBaseUrl: idp.url,
    revocationEndpoint: `${idp.url}/revoke`,
    allowInsecureRequests: true,
    timeout: 2_000,
    ...extra,
  });
}
