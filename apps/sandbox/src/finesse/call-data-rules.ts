/**
 * `UPDATE_CALL_DATA` on a dialog: Finesse's accepted call variable names and documented sizes.
 * Real Finesse reports some of these failures asynchronously (or the CTI server drops them); the
 * simulator answers them at once with a 400 `Invalid Input`, and applies a request whole or not
 * at all.
 */
import { badRequest, type DialogRecord } from './model.js';

/** The call-data part of a `<Dialog>` request body. */
export interface CallDataRequest {
  /** Whether the body had a `<mediaProperties>` element. */
  mediaProperties: boolean;
  /** `<callvariables><CallVariable>` entries (a missing name or value is `undefined`). */
  callVariables: { name: string | undefined; value: string | undefined }[];
  wrapUpReason: string | undefined;
}

const CALL_VARIABLE = /^callVariable(?:[1-9]|10)$/;
const ECC_VARIABLE = /^user\.[A-Za-z0-9_][A-Za-z0-9_.]*(?:\[\d{1,5}\])?$/;
const OUTBOUND = new Set(['BACampaign', 'BAAccountNumber', 'BAResponse', 'BAStatus', 'BADialedListID', 'BATimeZone', 'BABuddyName', 'BACustomerNumber']);

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Sets the dialog's call variables (and wrap-up reason) from the request, or throws the 400 Finesse would answer. */
export function updateCallData(dialog: DialogRecord, request: CallDataRequest): void {
  if (!request.mediaProperties || (request.callVariables.length === 0 && request.wrapUpReason === undefined)) {
    throw badRequest('Parameter Missing', 'mediaProperties', 'mediaProperties Parameter missing');
  }
  const updates: { name: string; value: string }[] = [];
  let namedBytes = 0;
  for (const { name, value } of request.callVariables) {
    if (name === undefined || name === '') throw badRequest('Parameter Missing', 'name', 'CallVariable name Parameter missing');
    if (value === undefined) throw badRequest('Parameter Missing', name, `Value missing for call variable ${name}`);
    const call = CALL_VARIABLE.test(name);
    if (!call && !ECC_VARIABLE.test(name) && !OUTBOUND.has(name)) {
      throw badRequest('Invalid Input', name, `Invalid call variable name ${name}`);
    }
    if (call && bytes(value) > 40) throw badRequest('Invalid Input', name, `Value of ${name} is longer than 40 bytes`);
    if (!call) namedBytes += bytes(name) + bytes(value);
    updates.push({ name, value });
  }
  if (namedBytes > 2000) throw badRequest('Invalid Input', 'callvariables', 'ECC variables exceed 2000 bytes');
  const reason = request.wrapUpReason;
  if (reason !== undefined && bytes(reason) > 39) throw badRequest('Invalid Input', 'wrapUpReason', 'wrapUpReason is longer than 39 bytes');
  for (const update of updates) {
    const existing = dialog.callVariables.find((v) => v.name === update.name);
    if (existing === undefined) dialog.callVariables.push(update);
    else existing.value = update.value;
  }
  if (reason !== undefined) dialog.wrapUpReason = reason;
}
