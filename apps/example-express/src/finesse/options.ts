import type { FinesseTokenSet } from '@webex-oidc/finesse';

/** SIMULATOR ONLY: how the desk makes an incoming call happen. */
export type SimulatorControl =
  | { baseUrl: string }
  | { simulateIncomingCall: (agentId: string, fromAddress: string) => string | Promise<string> };

/**
 * The Finesse agent desk of the example (`GET /finesse`): one agent, signed in by this server.
 * Give `password` (NON_SSO deployments, Basic auth) or `obtainTokens` (SSO).
 */
export interface FinesseDeskOptions {
  /** Finesse origin, e.g. `https://finesse1.example.com:8445` (or the simulator's URL). */
  baseUrl: string;
  /** The agent's login name or id: `cc_username` for SSO, the Basic-auth user otherwise. */
  username: string;
  /** The extension offered in the Sign in form. */
  extension: string;
  /** The agent's `loginId`, when known; otherwise resolved once from the SSO user. */
  agentId?: string | undefined;
  /** NON_SSO: the agent's password (Basic auth). */
  password?: string | undefined;
  /**
   * SSO: get the agent's first token pair. Called with the SSO URL (`/desktop/sso/token?cc_username=…`)
   * when the desk first needs Finesse and again after the refresh token is gone. A real deployment
   * sends the agent's browser through that URL (IdS and the identity provider) and parses the JSON
   * it ends on with `parseFinesseTokenResponse`; the demo finishes the simulator's login page
   * headlessly (`finesseSimulatorDesk`). From then on a `FinesseTokenManager` keeps the pair fresh.
   */
  obtainTokens?: ((ssoUrl: URL) => Promise<FinesseTokenSet>) | undefined;
  /** PEM CA for a Finesse with a private certificate. */
  ca?: string | undefined;
  /** Time limit per Finesse request, ms. Default the client's (15 000). */
  timeoutMs?: number | undefined;
  /**
   * SIMULATOR ONLY: adds a "Simulate incoming call" button. Either the simulator's origin (the
   * button calls its control route `POST /sandbox/finesse/agents/<id>/incoming-call`) or a function
   * that puts the call on the agent (e.g. the in-process simulator's `simulateIncomingCall`).
   * Real Finesse has nothing like it.
   */
  simulatorControl?: SimulatorControl | undefined;
  /** Require a Webex sign-in to this app before the desk can be used. Default `true`. */
  requireSignIn?: boolean | undefined;
}

/** Throws a `TypeError` naming the bad option. */
export function checkFinesseDeskOptions(options: FinesseDeskOptions): void {
  for (const key of ['baseUrl', 'username', 'extension'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') throw new TypeError(`finesse.${key} must be a non-empty string.`);
  }
  if ((options.password === undefined) === (options.obtainTokens === undefined)) {
    throw new TypeError('finesse needs exactly one of password (NON_SSO, Basic auth) or obtainTokens (SSO).');
  }
}

/** A desk failure that is not Finesse's answer (bad input, configuration, the simulator's control). */
export class DeskError extends Error {
  override readonly name = 'DeskError';
  constructor(
    /** Banner title. */
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}
