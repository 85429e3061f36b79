/** The Finesse REST client: system, agent state, reason codes and calls, with typed results. */
import { FinesseError, FinesseErrorCode, requireText } from '../errors.js';
import { type FinesseConnectionOptions, HttpTransport } from '../http/transport.js';
import { textOf } from '../xml.js';
import type { FinesseAuthProvider } from './auth.js';
import { type UpdateCallDataOptions, updateCallDataBody } from './call-data.js';
import { parseDialogs, parseReasonCode, parseReasonCodes, parseSystemInfo, parseUser } from './parse.js';
import {
  checkGenericDialogAction,
  checkReasonCodeId,
  dialogActionBody,
  type DialogActionParams,
  makeCallBody,
  userStateBody,
} from './requests.js';
import { type ApiRequest, getXml, sendApiRequest } from './send.js';
import type {
  FinesseAuthMode,
  FinesseDialog,
  FinesseDialogAction,
  FinesseReasonCode,
  FinesseReasonCodeCategory,
  FinesseSystemInfo,
  FinesseUser,
} from './types.js';

/** Options of {@link FinesseClient}. */
export interface FinesseClientOptions extends FinesseConnectionOptions {
  /** Credentials: a {@link FinesseTokenManager} (SSO), {@link basicAuth} or {@link bearerAuth}. */
  auth: FinesseAuthProvider;
  /**
   * The agent's `loginId`. When omitted, it is resolved once from `auth.userId` with
   * `GET /User/<userId>` (on UCCE the SSO user id may be the login name).
   */
  agentId?: string;
}

/** Options of a dialog action. */
export interface DialogActionOptions {
  /** The agent's device; defaults to the extension the agent signed in with. */
  targetMediaAddress?: string;
}

const API = '/finesse/api';
const seg = (value: string, name: string): string => encodeURIComponent(requireText(value, name));

/**
 * Calls Finesse's REST API for one agent. State and call actions resolve when Finesse accepts
 * them (any 2xx, usually 202); the resulting state arrives later (read it back with
 * {@link FinesseClient.getUser} / {@link FinesseClient.getDialogs}).
 */
export class FinesseClient {
  readonly #transport: HttpTransport;
  readonly #auth: FinesseAuthProvider;
  #agentId: string | undefined;
  #extension: string | undefined;

  constructor(options: FinesseClientOptions) {
    if (typeof options.auth?.getAuthorization !== 'function') {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'auth must be a FinesseAuthProvider (token manager, basicAuth or bearerAuth).');
    }
    this.#transport = new HttpTransport(options);
    this.#auth = options.auth;
    this.#agentId = options.agentId === undefined ? undefined : requireText(options.agentId, 'agentId');
  }

  /** The agent's `loginId`, once known. */
  get agentId(): string | undefined {
    return this.#agentId;
  }

  #get(path: string, root: string, query?: Record<string, string>) {
    return getXml(this.#transport, this.#auth, { method: 'GET', path: API + path, ...(query === undefined ? {} : { query }) }, root);
  }

  async #send(request: ApiRequest): Promise<void> {
    await sendApiRequest(this.#transport, this.#auth, { ...request, path: API + request.path });
  }

  /**
   * The agent's `loginId`: `agentId` when configured, else resolved from the auth provider's
   * `userId` (login name on UCCE) with `GET /User/<userId>` and cached.
   */
  async resolveAgentId(): Promise<string> {
    if (this.#agentId !== undefined) return this.#agentId;
    const userId = this.#auth.userId;
    if (userId === undefined || userId === '') {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'No agentId configured and the auth provider has no userId.');
    }
    const user = await this.getUser(userId);
    this.#agentId = user.loginId === '' ? userId : user.loginId;
    return this.#agentId;
  }

  /** `GET /SystemInfo`: deployment type (UCCE/UCCX), status, auth mode, XMPP domain, nodes. */
  async getSystemInfo(): Promise<FinesseSystemInfo> {
    return parseSystemInfo(await this.#get('/SystemInfo', 'SystemInfo'));
  }

  /** `GET /UserAuthMode/<user>` (no credentials sent): `SSO`, `NON_SSO` or `HYBRID`. */
  async getUserAuthMode(user: string): Promise<FinesseAuthMode | (string & {})> {
    const root = await getXml(
      this.#transport,
      undefined,
      { method: 'GET', path: `${API}/UserAuthMode/${seg(user, 'user')}`, anonymous: true },
      'UserAuthMode',
    );
    return textOf(root, 'authMode') ?? '';
  }

  /** `GET /User/<id>` (default: this client's agent). */
  async getUser(userId?: string): Promise<FinesseUser> {
    const id = userId ?? (await this.resolveAgentId());
    const user = parseUser(await this.#get(`/User/${seg(id, 'userId')}`, 'User'));
    if (userId === undefined || userId === this.#agentId) this.#extension = user.extension || undefined;
    return user;
  }

  async #setState(body: string): Promise<void> {
    const id = await this.resolveAgentId();
    await this.#send({ method: 'PUT', path: `/User/${seg(id, 'agentId')}`, body });
  }

  /** Signs the agent in on `extension` (`state=LOGIN`); the agent lands in NOT_READY. */
  async signIn(options: { extension: string }): Promise<void> {
    const extension = requireText(options.extension, 'extension');
    await this.#setState(userStateBody('LOGIN', { extension }));
    this.#extension = extension;
  }

  /** Sets the agent READY. */
  async setReady(): Promise<void> {
    await this.#setState(userStateBody('READY'));
  }

  /** Sets the agent NOT_READY, with the reason code's database id (required when codes are configured). */
  async setNotReady(reasonCodeId?: number | string): Promise<void> {
    await this.#setState(userStateBody('NOT_READY', reasonCodeId === undefined ? {} : { reasonCodeId }));
  }

  /** Signs the agent out (`LOGOUT`, optionally with a LOGOUT reason code id). UCCE allows it only from NOT_READY. */
  async logout(reasonCodeId?: number | string): Promise<void> {
    await this.#setState(userStateBody('LOGOUT', reasonCodeId === undefined ? {} : { reasonCodeId }));
    this.#extension = undefined;
  }

  /** `GET /User/<id>/ReasonCodes?category=…`. */
  async getReasonCodes(category: FinesseReasonCodeCategory): Promise<FinesseReasonCode[]> {
    if (category !== 'NOT_READY' && category !== 'LOGOUT') {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'category must be "NOT_READY" or "LOGOUT".');
    }
    const id = await this.resolveAgentId();
    return parseReasonCodes(await this.#get(`/User/${seg(id, 'agentId')}/ReasonCodes`, 'ReasonCodes', { category }));
  }

  /** `GET /ReasonCode/<id>`. */
  async getReasonCode(reasonCodeId: number | string): Promise<FinesseReasonCode> {
    return parseReasonCode(await this.#get(`/ReasonCode/${checkReasonCodeId(reasonCodeId)}`, 'ReasonCode'));
  }

  /** `GET /User/<id>/Dialogs`: the agent's current calls. */
  async getDialogs(): Promise<FinesseDialog[]> {
    const id = await this.resolveAgentId();
    return parseDialogs(await this.#get(`/User/${seg(id, 'agentId')}/Dialogs`, 'Dialogs'));
  }

  async #ownExtension(given: string | undefined, name: string): Promise<string> {
    if (given !== undefined) return requireText(given, name);
    if (this.#extension === undefined) await this.getUser();
    if (this.#extension === undefined) {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, `The agent is not signed in on an extension; pass ${name}.`);
    }
    return this.#extension;
  }

  /** Places a call from the agent's extension (or `fromAddress`) to `toAddress` (`MAKE_CALL`). */
  async makeCall(toAddress: string, options: { fromAddress?: string } = {}): Promise<void> {
    const id = await this.resolveAgentId();
    const from = await this.#ownExtension(options.fromAddress, 'fromAddress');
    await this.#send({ method: 'POST', path: `/User/${seg(id, 'agentId')}/Dialogs`, body: makeCallBody(from, toAddress) });
  }

  /** Any call action on a dialog (`PUT /Dialog/<id>`); the named methods below are shortcuts. */
  async dialogAction(
    dialogId: string,
    action: FinesseDialogAction,
    params: DialogActionParams & DialogActionOptions = {},
  ): Promise<void> {
    checkGenericDialogAction(action);
    const target = await this.#ownExtension(params.targetMediaAddress, 'targetMediaAddress');
    await this.#send({ method: 'PUT', path: `/Dialog/${seg(dialogId, 'dialogId')}`, body: dialogActionBody(action, target, params) });
  }

  /** Answers an ALERTING call. */
  answer(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'ANSWER', options);
  }

  /** Holds an ACTIVE call. */
  hold(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'HOLD', options);
  }

  /** Retrieves a HELD call. */
  retrieve(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'RETRIEVE', options);
  }

  /** Hangs up (ACTIVE, HELD, INITIATING, INITIATED or FAILED). */
  drop(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'DROP', options);
  }

  /** Starts a consult call to `toAddress` from an ACTIVE call (which goes on hold). */
  consult(dialogId: string, toAddress: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'CONSULT_CALL', { ...options, toAddress });
  }

  /** Single-step (blind) transfer of an ACTIVE call to `toAddress`. */
  singleStepTransfer(dialogId: string, toAddress: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'TRANSFER_SST', { ...options, toAddress });
  }

  /** Completes a consult transfer: call it on the HELD (original) dialog. */
  transfer(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'TRANSFER', options);
  }

  /** Completes a consult conference: call it on the HELD (original) dialog. */
  conference(dialogId: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'CONFERENCE', options);
  }

  /** Sends DTMF digits (`0-9 * # A-D`, `,` pauses) on an ACTIVE call. */
  sendDtmf(dialogId: string, digits: string, options?: DialogActionOptions): Promise<void> {
    return this.dialogAction(dialogId, 'SEND_DTMF', { ...options, dtmfString: digits });
  }

  /**
   * Sets call variables (and optionally the wrap-up reason) of a call the agent is ACTIVE on
   * (`UPDATE_CALL_DATA`); other variables keep their values. Names must be `callVariable1` …
   * `callVariable10` (values up to 40 bytes), ECC variables `user.<name>` / `user.<name>[<index>]`
   * or Outbound Option variables (`BAResponse`, …); ECC and Outbound Option variables together
   * up to 2000 bytes; `wrapUpReason` up to 39 bytes. A bad name or size is `invalid_argument`
   * before anything is sent; a call not ACTIVE for the agent is Finesse's 400 `Invalid State`.
   *
   * @example
   * await finesse.updateCallData(call.id, { variables: { callVariable2: 'VIP', 'user.orderId': '42' } });
   */
  async updateCallData(dialogId: string, options: UpdateCallDataOptions): Promise<void> {
    const path = `/Dialog/${seg(dialogId, 'dialogId')}`;
    const body = updateCallDataBody(options);
    await this.#send({ method: 'PUT', path, body });
  }

  /** Closes the connection pool (the auth provider is not closed). */
  async close(): Promise<void> {
    await this.#transport.close();
  }
}
