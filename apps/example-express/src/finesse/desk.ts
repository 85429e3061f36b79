import {
  basicAuth,
  buildSsoTokenUrl,
  FinesseClient,
  FinesseTokenManager,
  type FinesseDialog,
  type FinesseReasonCode,
  type FinesseUser,
} from '@webex-oidc/finesse';
import { DeskError, type FinesseDeskOptions } from './options.js';

/** What the desk page shows about the SSO tokens (times and counts only). */
export interface DeskTokenInfo {
  mode: 'sso' | 'basic';
  /** When the access token is next refreshed, epoch ms (SSO). */
  refreshDueAt?: number | undefined;
  /** When the access token expires, epoch ms (SSO). */
  expiresAt?: number | undefined;
  refreshes: number;
  lastRefreshAt?: number | undefined;
}

/** Everything the desk page shows. */
export interface DeskSnapshot {
  user: FinesseUser;
  dialogs: FinesseDialog[];
  notReadyCodes: FinesseReasonCode[];
  logoutCodes: FinesseReasonCode[];
  tokens: DeskTokenInfo;
}

interface Connection {
  client: FinesseClient;
  tokens: FinesseTokenManager | undefined;
  reasonCodes?: { notReady: FinesseReasonCode[]; logout: FinesseReasonCode[] } | undefined;
}

/**
 * One agent's connection to Finesse: signs in through SSO on first use (or Basic auth), keeps the
 * SSO tokens fresh with a `FinesseTokenManager`, and starts over when the refresh token is gone.
 */
export class FinesseDesk {
  readonly #options: FinesseDeskOptions;
  #connection: Promise<Connection> | undefined;
  #refreshes = 0;
  #lastRefreshAt: number | undefined;
  #current: Connection | undefined;

  constructor(options: FinesseDeskOptions) {
    this.#options = options;
  }

  /** The connected client (signing in to Finesse SSO first if needed; concurrent callers share it). */
  async client(): Promise<FinesseClient> {
    return (await this.#connect()).client;
  }

  #connect(): Promise<Connection> {
    if (this.#connection === undefined) {
      const pending = this.#open();
      this.#connection = pending;
      pending.then(
        (connection) => {
          this.#current = connection;
        },
        () => {
          if (this.#connection === pending) this.#connection = undefined;
        },
      );
    }
    return this.#connection;
  }

  async #open(): Promise<Connection> {
    const { baseUrl, ca, timeoutMs, agentId, username } = this.#options;
    const connection = { baseUrl, ...(ca === undefined ? {} : { ca }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
    const clientOptions = agentId === undefined ? {} : { agentId };
    if (this.#options.password !== undefined) {
      const client = new FinesseClient({ ...connection, ...clientOptions, auth: basicAuth(username, this.#options.password) });
      if ((await client.getUserAuthMode(username)) === 'SSO') {
        await client.close();
        throw new DeskError('Finesse wants SSO', `Agent ${username} signs in with SSO: configure finesse.obtainTokens (the demo uses finesseSimulatorDesk), not a password.`);
      }
      return { client, tokens: undefined };
    }
    const obtain = this.#options.obtainTokens;
    if (obtain === undefined) throw new TypeError('finesse.obtainTokens is required without a password.');
    const tokenSet = await obtain(buildSsoTokenUrl({ baseUrl, username }));
    const tokens = new FinesseTokenManager({ ...connection, tokenSet });
    tokens.on('refreshed', () => {
      this.#refreshes += 1;
      this.#lastRefreshAt = Date.now();
    });
    tokens.on('refresh_failed', () => undefined); // retried by the manager; shown through the next failing call
    tokens.on('reauth_required', () => this.#reset(tokens));
    tokens.start();
    return { client: new FinesseClient({ ...connection, ...clientOptions, auth: tokens }), tokens };
  }

  /** Forgets a connection whose refresh token is gone: the next request signs in again. */
  #reset(tokens: FinesseTokenManager): void {
    const current = this.#current;
    if (current?.tokens !== tokens) return;
    this.#current = undefined;
    this.#connection = undefined;
    void tokens.close();
    void current.client.close();
  }

  /** Agent, calls, reason codes and token times, read from Finesse now. */
  async snapshot(): Promise<DeskSnapshot> {
    const connection = await this.#connect();
    const { client } = connection;
    if (connection.reasonCodes === undefined) {
      const [notReady, logout] = await Promise.all([client.getReasonCodes('NOT_READY'), client.getReasonCodes('LOGOUT')]);
      connection.reasonCodes = { notReady, logout };
    }
    const [user, dialogs] = await Promise.all([client.getUser(), client.getDialogs()]);
    return { user, dialogs, notReadyCodes: connection.reasonCodes.notReady, logoutCodes: connection.reasonCodes.logout, tokens: this.#tokenInfo(connection) };
  }

  #tokenInfo(connection: Connection): DeskTokenInfo {
    if (connection.tokens === undefined) return { mode: 'basic', refreshes: 0 };
    return {
      mode: 'sso',
      refreshDueAt: connection.tokens.refreshDueAt,
      expiresAt: connection.tokens.tokenSet.expiresAt,
      refreshes: this.#refreshes,
      lastRefreshAt: this.#lastRefreshAt,
    };
  }

  /** Stops the refresh timer and closes the connections. */
  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    this.#connection = undefined;
    await current?.tokens?.close();
    await current?.client.close();
  }
}
