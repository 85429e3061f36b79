import type { WebexAuthMode } from '@webex-oidc/nestjs';

/** Settings of the example app (what `createApp` takes; `env.ts` reads them from the environment). */
export interface AppOptions {
  /** Discovery URL of the IdP (the sandbox's or Webex's). */
  discoveryUrl: string;
  /** OAuth client id. */
  clientId: string;
  /** OAuth client secret. */
  clientSecret?: string | undefined;
  /** Full URL of this app's `/auth/callback`. */
  redirectUri: string;
  /** Allow plain http to the IdP (the sandbox). */
  allowInsecureRequests?: boolean;
  /** `session` (browser sign-in), `bearer` (API) or `both`. Default `session`. */
  mode?: WebexAuthMode;
  /** Secret that signs the session cookie. */
  sessionSecret?: string;
  /** Bearer validation cache TTL in ms. */
  bearerCacheTtl?: number;
  /** Granted scopes of bearer tokens, when the app knows them. */
  resolveScopes?: (accessToken: string) => string[] | undefined | Promise<string[] | undefined>;
  /** Shortest wait between discovery attempts while the IdP is down (ms). */
  discoveryMinDelay?: number;
  /** Webex REST base URL (people/me). */
  apiBaseUrl?: string;
  /** Token revocation endpoint. */
  revocationEndpoint?: string;
  /** ID-token issuer allow-list. */
  issuers?: Array<string | RegExp>;
  /** Nest logger levels; `false` silences Nest. */
  logger?: false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/** Injection token of the {@link AppOptions}. */
export const APP_OPTIONS = Symbol('APP_OPTIONS');
