// The only file of this app that reads process.env.
import type { AppOptions } from './app.options.js';

function bool(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'yes';
}

/** Reads the app's settings from the environment (defaults suit the sandbox on port 4000). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): AppOptions & { port: number } {
  const port = Number(env['PORT'] ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`PORT must be a port number; got ${env['PORT']}.`);
  const mode = env['MODE'] ?? 'session';
  if (mode !== 'session' && mode !== 'bearer' && mode !== 'both') {
    throw new TypeError(`MODE must be session, bearer or both; got ${mode}.`);
  }
  const clientId = env['CLIENT_ID'];
  if (clientId === undefined || clientId === '') throw new TypeError('CLIENT_ID is required (the sandbox prints its client id).');
  const discoveryUrl = env['WEBEX_DISCOVERY_URL'] ?? 'https://webexapis.com/v1/.well-known/openid-configuration';
  const allowInsecureRequests = bool(env['ALLOW_INSECURE']);
  // Webex's REST base is the discovery URL without its well-known suffix (https://webexapis.com/v1).
  const apiBaseUrl = discoveryUrl.replace(/\/\.well-known\/openid-configuration$/, '');
  // WEBEX_ISSUERS: comma-separated allow-list. For a local sandbox (ALLOW_INSECURE) default to its
  // idbroker-style issuer; otherwise core's Webex defaults apply.
  const issuerList = env['WEBEX_ISSUERS']?.split(',').map((s) => s.trim()).filter(Boolean);
  const issuers = issuerList ?? (allowInsecureRequests ? [`${new URL(discoveryUrl).origin}/idb`] : undefined);
  return {
    port,
    mode,
    discoveryUrl,
    apiBaseUrl,
    ...(issuers !== undefined && { issuers }),
    clientId,
    clientSecret: env['CLIENT_SECRET'],
    redirectUri: env['REDIRECT_URI'] ?? `http://localhost:${port}/auth/callback`,
    allowInsecureRequests,
    sessionSecret: env['SESSION_SECRET'] ?? 'example-nest-dev-secret-change-me',
  };
}
