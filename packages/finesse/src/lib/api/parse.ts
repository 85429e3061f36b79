/** Finesse XML answers → typed objects. */
import { asList, asNode, textOf, type XmlNode } from '../xml.js';
import type {
  FinesseCallVariable,
  FinesseDialog,
  FinesseParticipant,
  FinesseReasonCode,
  FinesseSystemInfo,
  FinesseUser,
} from './types.js';

function nodesOf(node: XmlNode | undefined, path: readonly string[]): XmlNode[] {
  let current: unknown = node;
  for (const key of path.slice(0, -1)) current = asNode(current)?.[key];
  const last = path[path.length - 1];
  if (last === undefined) return [];
  return asList(asNode(current)?.[last]).flatMap((item) => {
    const child = asNode(item);
    return child === undefined ? (item === '' ? [] : [{}]) : [child];
  });
}

function textsOf(node: XmlNode | undefined, path: readonly string[]): string[] {
  let current: unknown = node;
  for (const key of path.slice(0, -1)) current = asNode(current)?.[key];
  const last = path[path.length - 1];
  if (last === undefined) return [];
  return asList(asNode(current)?.[last]).flatMap((item) => (typeof item === 'string' && item !== '' ? [item] : []));
}

function nodeHost(root: XmlNode, key: string): string | undefined {
  return textOf(asNode(root[key]), 'host');
}

/** `<SystemInfo>` → {@link FinesseSystemInfo}. */
export function parseSystemInfo(root: XmlNode): FinesseSystemInfo {
  return {
    deploymentType: textOf(root, 'deploymentType') ?? '',
    status: textOf(root, 'status') ?? '',
    systemAuthMode: textOf(root, 'systemAuthMode'),
    xmppDomain: textOf(root, 'xmppDomain'),
    primaryNodeHost: nodeHost(root, 'primaryNode'),
    secondaryNodeHost: nodeHost(root, 'secondaryNode'),
  };
}

/** `<User>` → {@link FinesseUser}. */
export function parseUser(root: XmlNode): FinesseUser {
  const reason = Number(textOf(root, 'reasonCodeId') ?? '-1');
  const loginId = textOf(root, 'loginId') ?? '';
  return {
    loginId,
    loginName: textOf(root, 'loginName') ?? loginId,
    firstName: textOf(root, 'firstName') ?? '',
    lastName: textOf(root, 'lastName') ?? '',
    extension: textOf(root, 'extension') ?? '',
    state: textOf(root, 'state') ?? 'UNKNOWN',
    pendingState: textOf(root, 'pendingState') ?? '',
    reasonCodeId: Number.isInteger(reason) ? reason : -1,
    stateChangeTime: textOf(root, 'stateChangeTime'),
    teamId: textOf(root, 'teamId'),
    teamName: textOf(root, 'teamName'),
    roles: textsOf(root, ['roles', 'role']),
    mediaType: textOf(root, 'mediaType'),
    uri: textOf(root, 'uri') ?? '',
    dialogsUri: textOf(root, 'dialogs'),
    wrapUpTimer: textOf(root, 'wrapUpTimer'),
  };
}

/** Last path segment of a Finesse URI as an integer id, or `NaN`. */
function idFromUri(uri: string): number {
  const last = uri.split('/').filter((part) => part !== '').pop();
  return last !== undefined && /^-?\d+$/.test(last) ? Number(last) : Number.NaN;
}

/** `<ReasonCode>` → {@link FinesseReasonCode}. */
export function parseReasonCode(node: XmlNode): FinesseReasonCode {
  const uri = textOf(node, 'uri') ?? '';
  const explicitId = textOf(node, 'id');
  return {
    id: explicitId !== undefined && /^\d+$/.test(explicitId) ? Number(explicitId) : idFromUri(uri),
    uri,
    category: textOf(node, 'category') ?? '',
    code: textOf(node, 'code') ?? '',
    label: textOf(node, 'label') ?? '',
    forAll: textOf(node, 'forAll') === 'true',
  };
}

/** `<ReasonCodes>` → list of {@link FinesseReasonCode}. */
export function parseReasonCodes(root: XmlNode): FinesseReasonCode[] {
  return nodesOf(root, ['ReasonCode']).map(parseReasonCode);
}

function parseParticipant(node: XmlNode): FinesseParticipant {
  return {
    mediaAddress: textOf(node, 'mediaAddress') ?? '',
    mediaAddressType: textOf(node, 'mediaAddressType'),
    state: textOf(node, 'state') ?? '',
    actions: textsOf(node, ['actions', 'action']),
    startTime: textOf(node, 'startTime'),
    stateChangeTime: textOf(node, 'stateChangeTime'),
  };
}

function parseCallVariable(node: XmlNode): FinesseCallVariable {
  return { name: textOf(node, 'name') ?? '', value: textOf(node, 'value') ?? '' };
}

/** `<Dialog>` → {@link FinesseDialog}. */
export function parseDialog(node: XmlNode): FinesseDialog {
  return {
    id: textOf(node, 'id') ?? '',
    uri: textOf(node, 'uri') ?? '',
    mediaType: textOf(node, 'mediaType'),
    fromAddress: textOf(node, 'fromAddress') ?? '',
    toAddress: textOf(node, 'toAddress') ?? '',
    state: textOf(node, 'state') ?? '',
    callVariables: nodesOf(node, ['mediaProperties', 'callvariables', 'CallVariable']).map(parseCallVariable),
    wrapUpReason: textOf(asNode(node['mediaProperties']), 'wrapUpReason'),
    participants: nodesOf(node, ['participants', 'Participant']).map(parseParticipant),
  };
}

/** `<Dialogs>` → list of {@link FinesseDialog}. */
export function parseDialogs(root: XmlNode): FinesseDialog[] {
  return nodesOf(root, ['Dialog']).map(parseDialog);
}
