/** `startFinesseSimulator`: a Finesse + IdS stand-in on a random loopback port, for tests and the demo. */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-routes.js';
import { handleControl } from './control-routes.js';
import { answerOutbound, incomingCall } from './dialog-rules.js';
import { type SimContext, send } from './http-util.js';
import { type AgentRecord, findAgent, nowIso, type SimState } from './model.js';
import { handleSso } from './sso-routes.js';
import { emptyStats, TokenAuthority } from './tokens.js';
import type {
  FinesseSimulatorOptions,
  FinesseSimulatorStats,
  SimulatedAgentInput,
  SimulatedAgentSnapshot,
  SimulatedDialogSnapshot,
  SimulatedReasonCode,
  SimulatedTokenResponse,
} from './types.js';

/** A running Finesse simulator. */
export interface FinesseSimulator {
  /** Origin to use as the client's `baseUrl`, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** `UCCE` or `UCCX`. */
  readonly deploymentType: 'UCCE' | 'UCCX';
  /** A copy of the counters. */
  stats(): FinesseSimulatorStats;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Issues a token pair for an agent directly (skips the browser hop; counts as `tokensIssued`). */
  issueTokens(agentId: string): Promise<SimulatedTokenResponse>;
  /** Puts an ALERTING call from `fromAddress` on a signed-in agent; returns the dialog id. */
  simulateIncomingCall(agentId: string, fromAddress: string, callVariables?: Record<string, string>): string;
  /** Answers the far end of an outbound call (when `autoAnswerOutbound` is false). */
  answerOutboundCall(dialogId: string): void;
  /** An agent's state, or `undefined` for an unknown id. */
  getAgent(agentId: string): SimulatedAgentSnapshot | undefined;
  /** A dialog, or `undefined` when it ended or never existed. */
  getDialog(dialogId: string): SimulatedDialogSnapshot | undefined;
  /** Makes every access token of the agent answer 401 (a refresh then issues a working one). */
  revokeAccessTokens(agentId: string): void;
  /** Makes every refresh token of the agent unusable (the agent must sign in again). */
  revokeRefreshTokens(agentId: string): void;
  /** Forgets every IdS login session (the next SSO fetch redirects to the login page). */
  endIdsSessions(): void;
  /** Answers the next `count` requests to `/desktop/sso/token` with `status` (e.g. 503). */
  failTokenRequests(count: number, status: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

const DEFAULT_AGENTS: SimulatedAgentInput[] = [
  { loginId: '1001', loginName: 'jsmith', firstName: 'Jane', lastName: 'Smith' },
  { loginId: '1002', loginName: 'bwayne', firstName: 'Bruce', lastName: 'Wayne' },
];

const DEFAULT_REASON_CODES: SimulatedReasonCode[] = [
  { id: 1, category: 'NOT_READY', code: '12', label: 'Lunch' },
  { id: 2, category: 'NOT_READY', code: '13', label: 'Break' },
  { id: 3, category: 'LOGOUT', code: '20', label: 'End of shift' },
];

function agentRecord(input: SimulatedAgentInput, authMode: 'SSO' | 'NON_SSO'): AgentRecord {
  return {
    loginId: input.loginId,
    loginName: input.loginName ?? input.loginId,
    password: input.password ?? 'password',
    firstName: input.firstName ?? 'Agent',
    lastName: input.lastName ?? input.loginId,
    teamId: input.teamId ?? '1',
    teamName: input.teamName ?? 'Default',
    authMode: input.authMode ?? authMode,
    state: 'LOGOUT',
    extension: '',
    reasonCodeId: -1,
    stateChangeTime: nowIso(),
    stateBeforeCall: 'NOT_READY',
  };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a Finesse simulator (HTTP, or HTTPS when `tls` is given) on a random loopback port. It
 * speaks the REST subset of `spec/finesse.md` with its status codes and XML, keeps agent and
 * dialog state with Finesse's rules, and plays IdS: RS256 JWT token pairs behind a login page,
 * refreshed by the POST and GET forms. Not a production server.
 */
export async function startFinesseSimulator(options: FinesseSimulatorOptions = {}): Promise<FinesseSimulator> {
  const authMode = options.authMode ?? 'SSO';
  const deploymentType = options.deploymentType ?? 'UCCE';
  const state: SimState = {
    deploymentType,
    autoAnswerOutbound: options.autoAnswerOutbound ?? true,
    agents: (options.agents ?? DEFAULT_AGENTS).map((a) => agentRecord(a, authMode)),
    reasonCodes: [...(options.reasonCodes ?? DEFAULT_REASON_CODES)],
    dialogs: new Map(),
    nextDialogId: 16_777_301,
  };
  const host = options.host ?? '127.0.0.1';
  const secure = options.tls !== undefined;
  const controlRoutes = options.controlRoutes ?? true;
  const ctx: SimContext = {
    state,
    tokens: await TokenAuthority.create(
      'https://ids.finesse.invalid/ids',
      'finesse.sim',
      options.accessTokenTtlSeconds ?? 300,
      options.refreshTokenTtlSeconds ?? 3600,
    ),
    stats: emptyStats(),
    sessions: new Map(),
    authMode,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    refreshTokenGoneResponse: options.refreshTokenGoneResponse ?? 'unauthorized',
    secure,
    host,
    tokenFailures: [],
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://finesse.invalid');
    void (async () => {
      try {
        if (await handleApi(ctx, req, res, url)) return;
        if (await handleSso(ctx, req, res, url)) return;
        if (controlRoutes && (await handleControl(ctx, req, res, url))) return;
        send(res, 404, 'text/plain', 'Not found');
      } catch {
        if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error');
        else res.destroy();
      }
    })();
  };
  const server: Server = secure && options.tls !== undefined ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  const address = await listen(server, host, options.port ?? 0);
  const agentOrThrow = (id: string): AgentRecord => {
    const agent = findAgent(state, id);
    if (agent === undefined) throw new Error(`Unknown agent ${id}`);
    return agent;
  };
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${secure ? 'https' : 'http'}://${urlHost}:${address.port}`,
    deploymentType,
    stats: () => ({ ...ctx.stats }),
    resetStats: () => {
      ctx.stats = emptyStats();
    },
    issueTokens: async (agentId) => {
      ctx.stats.tokensIssued += 1;
      return ctx.tokens.issue(agentOrThrow(agentId), true);
    },
    simulateIncomingCall: (agentId, fromAddress, callVariables = {}) =>
      incomingCall(state, agentOrThrow(agentId), fromAddress, callVariables).id,
    answerOutboundCall: (dialogId) => {
      const dialog = state.dialogs.get(dialogId);
      const agentExt = dialog?.participants.find((p) => p.mediaAddressType === 'AGENT_DEVICE')?.mediaAddress;
      answerOutbound(state, state.agents.find((a) => a.extension !== '' && a.extension === agentExt), dialogId);
    },
    getAgent: (agentId) => {
      const agent = findAgent(state, agentId);
      return agent === undefined
        ? undefined
        : { loginId: agent.loginId, loginName: agent.loginName, state: agent.state, extension: agent.extension, reasonCodeId: agent.reasonCodeId };
    },
    getDialog: (dialogId) => {
      const d = state.dialogs.get(dialogId);
      return d === undefined
        ? undefined
        : {
            id: d.id,
            state: d.state,
            fromAddress: d.fromAddress,
            toAddress: d.toAddress,
            dtmf: d.dtmf,
            callVariables: d.callVariables.map((v) => ({ ...v })),
            wrapUpReason: d.wrapUpReason,
            participants: d.participants.map((p) => ({ mediaAddress: p.mediaAddress, state: p.state })),
          };
    },
    revokeAccessTokens: (agentId) => ctx.tokens.revokeAll(agentOrThrow(agentId).loginId, { access: true, refresh: false }),
    revokeRefreshTokens: (agentId) => ctx.tokens.revokeAll(agentOrThrow(agentId).loginId, { access: false, refresh: true }),
    endIdsSessions: () => ctx.sessions.clear(),
    failTokenRequests: (count, status) => {
      for (let i = 0; i < count; i += 1) ctx.tokenFailures.push(status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      }),
  };
}
