/** Public types of the Finesse simulator. */

/** A Finesse deployment type the simulator can play. */
export type SimulatedDeploymentType = 'UCCE' | 'UCCX';

/** An agent known to the simulator. */
export interface SimulatedAgentInput {
  /** The id used in API paths (`<loginId>`). */
  loginId: string;
  /** Login name; on UCCE it may differ from `loginId` (the SSO `user_id` is the login name). Default `loginId`. */
  loginName?: string;
  /** Password for the IdS login page and (NON_SSO) Basic auth. Default `password`. */
  password?: string;
  firstName?: string;
  lastName?: string;
  teamId?: string;
  teamName?: string;
  /** Default: the simulator's `authMode`. */
  authMode?: 'SSO' | 'NON_SSO';
}

/** A reason code known to the simulator. */
export interface SimulatedReasonCode {
  /** Database id (last segment of `/finesse/api/ReasonCode/<id>`). */
  id: number;
  category: 'NOT_READY' | 'LOGOUT';
  /** The `<code>` value. */
  code: string;
  label: string;
  forAll?: boolean;
}

/** Options of {@link startFinesseSimulator}. */
export interface FinesseSimulatorOptions {
  /** `UCCE` (default) or `UCCX`. UCCE allows LOGOUT only from NOT_READY and resolves login names. */
  deploymentType?: SimulatedDeploymentType;
  /** System auth mode and default per-agent mode. Default `SSO`. */
  authMode?: 'SSO' | 'NON_SSO';
  /** Agents. Default: `1001`/`jsmith` and `1002`/`bwayne` (password `password`). */
  agents?: SimulatedAgentInput[];
  /** Reason codes. Default: NOT_READY 1 (Lunch), 2 (Break); LOGOUT 3 (End of shift). `[]` = none configured. */
  reasonCodes?: SimulatedReasonCode[];
  /** Access-token lifetime in seconds (`expires_in`). Default 300. */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime in seconds. Default 3600. */
  refreshTokenTtlSeconds?: number;
  /** Issue a new refresh token on every refresh (the old one stops working). Default false, like Finesse. */
  rotateRefreshTokens?: boolean;
  /** How a refresh with a gone refresh token is answered: 401 (default) or a redirect to the IdS login page. */
  refreshTokenGoneResponse?: 'unauthorized' | 'redirect';
  /** Whether an outbound call (MAKE_CALL, CONSULT_CALL) is answered at once. Default true; else see `answerOutboundCall`. */
  autoAnswerOutbound?: boolean;
  /** PEM key and certificate: serve HTTPS instead of HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Listen address. Default `127.0.0.1`. */
  host?: string;
  /** Port. Default 0 (random). */
  port?: number;
  /**
   * Serve the simulator-only control routes (`POST /sandbox/finesse/agents/<id>/incoming-call`),
   * which real Finesse does not have. Default true.
   */
  controlRoutes?: boolean;
}

/** What the simulator counted since start (or `resetStats`). */
export interface FinesseSimulatorStats {
  /** Successful IdS login-page sign-ins. */
  idsLogins: number;
  /** First token pairs issued by `/desktop/sso/token` (and `issueTokens`). */
  tokensIssued: number;
  /** Successful refreshes (both forms). */
  refreshes: number;
  refreshesByPost: number;
  refreshesByGet: number;
  /** Refresh requests refused (bad, expired or revoked refresh token, or injected failures). */
  refreshesRejected: number;
  /** POST refreshes that presented an access token that had already been refreshed. */
  duplicateRefreshes: number;
  /** `/finesse/api/**` requests. */
  apiRequests: number;
  /** 401 answers on `/finesse/api/**`. */
  unauthorized: number;
  /** API requests that carried an access token past its expiry. */
  expiredTokenUses: number;
}

/** The SSO token JSON the simulator answers with. */
export interface SimulatedTokenResponse {
  token: string;
  refresh_token?: string;
  expires_in: number;
  user_id: string;
  realm: string;
  user_principal: string;
}

/** A snapshot of an agent's state. */
export interface SimulatedAgentSnapshot {
  loginId: string;
  loginName: string;
  state: string;
  extension: string;
  reasonCodeId: number;
}

/** A snapshot of a dialog. */
export interface SimulatedDialogSnapshot {
  id: string;
  state: string;
  fromAddress: string;
  toAddress: string;
  /** DTMF digits sent on the call so far. */
  dtmf: string;
  /** The call variables, in the order the dialog lists them. */
  callVariables: { name: string; value: string }[];
  /** Set by UPDATE_CALL_DATA. */
  wrapUpReason: string | undefined;
  participants: { mediaAddress: string; state: string }[];
}
