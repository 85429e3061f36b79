/** Typed inputs → Finesse XML request bodies (values escaped by the XML builder). */
import { FinesseError, FinesseErrorCode, requireText } from '../errors.js';
import { buildXml, type XmlNode } from '../xml.js';
import type { FinesseDialogAction } from './types.js';

/** States a client may request. */
export type RequestableAgentState = 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT';

/** Checks a reason code id (a non-negative integer, given as number or digit string). */
export function checkReasonCodeId(value: number | string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) {
    throw new FinesseError(
      FinesseErrorCode.InvalidArgument,
      'reasonCodeId must be the reason code\'s database id (a non-negative integer, the last segment of its uri).',
    );
  }
  return text;
}

/** `<User><state>…</state>[<extension>…</extension>][<reasonCodeId>…</reasonCodeId>]</User>`. */
export function userStateBody(
  state: RequestableAgentState,
  extra: { extension?: string; reasonCodeId?: number | string } = {},
): string {
  const user: XmlNode = { state };
  if (extra.extension !== undefined) user['extension'] = requireText(extra.extension, 'extension');
  if (extra.reasonCodeId !== undefined) user['reasonCodeId'] = checkReasonCodeId(extra.reasonCodeId);
  return buildXml({ User: user });
}

/** `<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress/><toAddress/></Dialog>`. */
export function makeCallBody(fromAddress: string, toAddress: string): string {
  return buildXml({
    Dialog: {
      requestedAction: 'MAKE_CALL',
      fromAddress: requireText(fromAddress, 'fromAddress'),
      toAddress: requireText(toAddress, 'toAddress'),
    },
  });
}

const DTMF = /^[0-9*#A-Da-d,]+$/;

/** Extra parameters of a dialog action. */
export interface DialogActionParams {
  /** For `CONSULT_CALL` and `TRANSFER_SST`. */
  toAddress?: string;
  /** For `SEND_DTMF`: digits `0-9 * # A-D` (and `,` pauses). */
  dtmfString?: string;
}

/** Throws `invalid_argument` for actions that need their own method (`UPDATE_CALL_DATA`). */
export function checkGenericDialogAction(action: FinesseDialogAction): void {
  if (action === 'UPDATE_CALL_DATA') {
    throw new FinesseError(
      FinesseErrorCode.InvalidArgument,
      'UPDATE_CALL_DATA carries call variables: use updateCallData(dialogId, { variables, wrapUpReason? }) instead of dialogAction().',
    );
  }
}

/** `<Dialog><targetMediaAddress/><requestedAction/>[<toAddress/>][<actionParams/>]</Dialog>`. */
export function dialogActionBody(
  action: FinesseDialogAction,
  targetMediaAddress: string,
  params: DialogActionParams = {},
): string {
  checkGenericDialogAction(action);
  const dialog: XmlNode = {
    targetMediaAddress: requireText(targetMediaAddress, 'targetMediaAddress'),
    requestedAction: action,
  };
  if (action === 'CONSULT_CALL' || action === 'TRANSFER_SST') {
    dialog['toAddress'] = requireText(params.toAddress, 'toAddress');
  }
  if (action === 'SEND_DTMF') {
    const digits = requireText(params.dtmfString, 'dtmfString');
    if (!DTMF.test(digits)) {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'dtmfString may contain only 0-9, *, #, A-D and commas.');
    }
    dialog['actionParams'] = { ActionParam: { name: 'dtmfString', value: digits } };
  }
  return buildXml({ Dialog: dialog });
}
