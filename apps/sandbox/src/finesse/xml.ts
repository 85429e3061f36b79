/** The simulator's XML: answers rendered with fast-xml-parser's builder (escaped), requests parsed with its parser. */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { CallDataRequest } from './call-data-rules.js';
import type { DialogRequest } from './dialog-rules.js';
import { type AgentRecord, allowedActions, type DialogRecord, type SimApiError, type SimState } from './model.js';
import type { SimulatedReasonCode } from './types.js';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: true });

type Node = Record<string, unknown>;

const render = (doc: Node): string => String(builder.build(doc));

/** `<ApiErrors>` for an error. */
export function apiErrorsXml(error: Pick<SimApiError, 'errorType' | 'errorData' | 'errorMessage'>): string {
  return render({
    ApiErrors: { ApiError: { ErrorType: error.errorType, ErrorData: error.errorData, ErrorMessage: error.errorMessage } },
  });
}

/** `<User>`. */
export function userXml(agent: AgentRecord): string {
  const uri = `/finesse/api/User/${agent.loginId}`;
  return render({
    User: {
      dialogs: `${uri}/Dialogs`,
      extension: agent.extension,
      firstName: agent.firstName,
      lastName: agent.lastName,
      loginId: agent.loginId,
      loginName: agent.loginName,
      mediaType: '1',
      pendingState: '',
      reasonCodeId: String(agent.reasonCodeId),
      roles: { role: ['Agent'] },
      settings: { wrapUpOnIncoming: 'OPTIONAL' },
      state: agent.state,
      stateChangeTime: agent.stateChangeTime,
      teamId: agent.teamId,
      teamName: agent.teamName,
      uri,
      wrapUpTimer: '0',
    },
  });
}

function dialogNode(state: SimState, dialog: DialogRecord): Node {
  return {
    id: dialog.id,
    uri: `/finesse/api/Dialog/${dialog.id}`,
    mediaType: 'Voice',
    fromAddress: dialog.fromAddress,
    toAddress: dialog.toAddress,
    state: dialog.state,
    mediaProperties: {
      ...(dialog.wrapUpReason === undefined ? {} : { wrapUpReason: dialog.wrapUpReason }),
      callvariables: { CallVariable: dialog.callVariables.map((v) => ({ name: v.name, value: v.value })) },
    },
    participants: {
      Participant: dialog.participants.map((p) => ({
        actions: { action: allowedActions(state, dialog, p) },
        mediaAddress: p.mediaAddress,
        mediaAddressType: p.mediaAddressType,
        startTime: p.startTime,
        state: p.state,
        stateChangeTime: p.stateChangeTime,
      })),
    },
  };
}

/** `<Dialogs>` of the given dialogs. */
export function dialogsXml(state: SimState, dialogs: DialogRecord[]): string {
  return render({ Dialogs: dialogs.length === 0 ? '' : { Dialog: dialogs.map((d) => dialogNode(state, d)) } });
}

/** `<Dialog>`. */
export function dialogXml(state: SimState, dialog: DialogRecord): string {
  return render({ Dialog: dialogNode(state, dialog) });
}

function reasonCodeNode(code: SimulatedReasonCode): Node {
  return {
    uri: `/finesse/api/ReasonCode/${code.id}`,
    category: code.category,
    code: code.code,
    label: code.label,
    forAll: String(code.forAll ?? true),
  };
}

/** `<ReasonCodes category="…">`. */
export function reasonCodesXml(category: string, codes: SimulatedReasonCode[]): string {
  return render({ ReasonCodes: { '@_category': category, ...(codes.length === 0 ? {} : { ReasonCode: codes.map(reasonCodeNode) }) } });
}

/** `<ReasonCode>`. */
export function reasonCodeXml(code: SimulatedReasonCode): string {
  return render({ ReasonCode: reasonCodeNode(code) });
}

/** `<SystemInfo>`. */
export function systemInfoXml(state: SimState, authMode: string, host: string): string {
  return render({
    SystemInfo: {
      deploymentType: state.deploymentType,
      primaryNode: { host },
      secondaryNode: { host: '' },
      status: 'IN_SERVICE',
      systemAuthMode: authMode,
      timezoneOffset: '0',
      uri: '/finesse/api/SystemInfo',
      xmppDomain: host,
    },
  });
}

/** `<UserAuthMode>`. */
export function userAuthModeXml(authMode: string): string {
  return render({ UserAuthMode: { authMode } });
}

function text(node: Node | undefined, key: string): string | undefined {
  const value = node?.[key];
  return typeof value === 'string' ? value : undefined;
}

function asNode(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

/** The root element `name` of a request body, or `undefined` when the body is not that XML. */
export function parseRequestRoot(body: string, name: string): Node | undefined {
  try {
    const doc = asNode(parser.parse(body, true));
    const root = doc?.[name];
    return root === '' ? {} : asNode(root);
  } catch {
    return undefined;
  }
}

/** `<User>` request fields. */
export function readUserRequest(root: Node): { state?: string; extension?: string; reasonCodeId?: string } {
  const out: { state?: string; extension?: string; reasonCodeId?: string } = {};
  const state = text(root, 'state');
  const extension = text(root, 'extension');
  const reasonCodeId = text(root, 'reasonCodeId');
  if (state !== undefined) out.state = state;
  if (extension !== undefined) out.extension = extension;
  if (reasonCodeId !== undefined) out.reasonCodeId = reasonCodeId;
  return out;
}

/** Child elements `key` of `node` as a list (one element or several). */
function children(node: Node | undefined, key: string): (Node | undefined)[] {
  const raw = node?.[key];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? (raw as unknown[]) : [raw]).map(asNode);
}

function readCallData(root: Node): CallDataRequest {
  const media = root['mediaProperties'];
  const props = media === '' ? {} : asNode(media);
  const vars = props?.['callvariables'];
  return {
    mediaProperties: props !== undefined,
    callVariables: children(vars === '' ? {} : asNode(vars), 'CallVariable').map((v) => ({ name: text(v, 'name'), value: text(v, 'value') })),
    wrapUpReason: text(props, 'wrapUpReason'),
  };
}

/** `<Dialog>` request fields. */
export function readDialogRequest(root: Node): DialogRequest {
  const dtmf = children(asNode(root['actionParams']), 'ActionParam').find((p) => text(p, 'name') === 'dtmfString');
  return {
    requestedAction: text(root, 'requestedAction'),
    fromAddress: text(root, 'fromAddress'),
    toAddress: text(root, 'toAddress'),
    targetMediaAddress: text(root, 'targetMediaAddress'),
    dtmfString: text(dtmf, 'value'),
    callData: readCallData(root),
  };
}
