/**
 * The one place this app reads `process.env`.
 *
 * | variable | meaning |
 * | --- | --- |
 * | `PORT` | port to listen on (default 3000) |
 * | `WEBEX_CLIENT_ID` | integration client id; unset → demo mode against an embedded sandbox IdP |
 * | `WEBEX_CLIENT_SECRET` | integration client secret |
 * | `WEBEX_REDIRECT_URI` | registered redirect URI (default `http://localhost:$PORT/callback`) |
 * | `WEBEX_DISCOVERY_URL` | discovery document (default Webex's; a sandbox's for local runs) |
 * | `WEBEX_ISSUERS` | comma-separated issuer allow-list (default Webex's issuers) |
 * | `WEBEX_SCOPES` | extra scopes, space-separated (e.g. `spark:people_read`) |
 * | `ALLOW_INSECURE` | `true` to allow plain-http IdP endpoints (a local sandbox only) |
 * | `SESSION_SECRET` | session cookie secret (default random per process) |
 */
export interface Env {
  port: number;
  /** `undefined` → demo mode (embedded sandbox). */
  webex:
    | {
        clientId: string;
        clientSecret: string;
        discoveryUrl: string | undefined;
        issuers: string[] | undefined;
        allowInsecure: boolean;
      }
    | undefined;
  redirectUri: string;
  scope: string | undefined;
  sessionSecret: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Read and check the environment; throws with a message naming the bad variable. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const portText = nonEmpty(env['PORT']) ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, got "${portText}".`);
  }
  const clientId = nonEmpty(env['WEBEX_CLIENT_ID']);
  const clientSecret = nonEmpty(env['WEBEX_CLIENT_SECRET']);
  if (clientId !== undefined && clientSecret === undefined) {
    throw new Error('WEBEX_CLIENT_SECRET is required when WEBEX_CLIENT_ID is set.');
  }
  const issuers = nonEmpty(env['WEBEX_ISSUERS'])
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    port,
    webex:
      clientId === undefined || clientSecret === undefined
        ? undefined
        : {
            clientId,
            clientSecret,
            discoveryUrl: nonEmpty(env['WEBEX_DISCOVERY_URL']),
            issuers,
            allowInsecure: nonEmpty(env['ALLOW_INSECURE'])?.toLowerCase() === 'true',
          },
    redirectUri: nonEmpty(env['WEBEX_REDIRECT_URI']) ?? `http://localhost:${port}/callback`,
    scope: nonEmpty(env['WEBEX_SCOPES']),
    sessionSecret: nonEmpty(env['SESSION_SECRET']),
  };
}
