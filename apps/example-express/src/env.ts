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
 * | `DASHBOARD_URL` | the token worker's dashboard: "Your sessions" reads its `/api/token-sets` and links it |
 * | `FINESSE_URL` | Finesse origin for the agent desk at `/finesse` (demo mode: an embedded simulator) |
 * | `FINESSE_USERNAME` | the agent's login name (default `jsmith` with the simulator) |
 * | `FINESSE_PASSWORD` | NON_SSO: the agent's password; with `FINESSE_SIMULATOR`: its IdS password |
 * | `FINESSE_EXTENSION` | extension offered in the Sign in form (default `1001001` with the simulator) |
 * | `FINESSE_SIMULATOR` | `true`: `FINESSE_URL` is the sandbox's simulator (headless SSO, incoming-call button) |
 * | `FINESSE_REQUIRE_SIGN_IN` | `false` lets the desk be used without signing in to this app (default `true`) |
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
  /** The token worker's dashboard URL. */
  dashboardUrl?: string | undefined;
  /** The agent desk; `undefined` → none (or, in demo mode, an embedded simulator). */
  finesse?: FinesseEnv | undefined;
}

/** The agent desk's settings from the environment. */
export interface FinesseEnv {
  url: string;
  username: string | undefined;
  password: string | undefined;
  extension: string | undefined;
  simulator: boolean;
  requireSignIn: boolean;
}

function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === undefined) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`${name} must be true or false, got "${value ?? ''}".`);
}

function readFinesse(env: NodeJS.ProcessEnv): FinesseEnv | undefined {
  const url = nonEmpty(env['FINESSE_URL']);
  if (url === undefined) return undefined;
  if (!/^https?:\/\//.test(url)) throw new Error(`FINESSE_URL must be an http(s) URL, got "${url}".`);
  const simulator = flag(env['FINESSE_SIMULATOR'], 'FINESSE_SIMULATOR', false);
  const finesse: FinesseEnv = {
    url,
    username: nonEmpty(env['FINESSE_USERNAME']),
    password: nonEmpty(env['FINESSE_PASSWORD']),
    extension: nonEmpty(env['FINESSE_EXTENSION']),
    simulator,
    requireSignIn: flag(env['FINESSE_REQUIRE_SIGN_IN'], 'FINESSE_REQUIRE_SIGN_IN', true),
  };
  if (!simulator) {
    for (const [name, value] of [['FINESSE_USERNAME', finesse.username], ['FINESSE_PASSWORD', finesse.password], ['FINESSE_EXTENSION', finesse.extension]] as const) {
      if (value === undefined) throw new Error(`${name} is required with FINESSE_URL (a real Finesse: NON_SSO agents only; SSO needs the agent's browser).`);
    }
  }
  return finesse;
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
    dashboardUrl: nonEmpty(env['DASHBOARD_URL']),
    finesse: readFinesse(env),
  };
}
