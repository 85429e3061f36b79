/**
 * `UPDATE_CALL_DATA`: which call variable names Finesse accepts, the sizes it documents, and the
 * `PUT /Dialog/<id>` body. Everything is checked here, before a request is sent.
 *
 * Names (Cisco Finesse Web Services Developer Guide, Dialog API parameters):
 * - `callVariable1` … `callVariable10` (exact spelling), at most 40 bytes of value each;
 * - ECC (expanded call) variables `user.<name>`, array elements `user.<name>[<index>]`. The guide
 *   only says they start with `user.`; this client also requires `<name>` to start with a letter,
 *   digit or `_` and to contain only letters, digits, `_` and `.` (how UCCE names them);
 * - Outbound Option variables `BACampaign`, `BAAccountNumber`, `BAResponse`, `BAStatus`,
 *   `BADialedListID`, `BATimeZone`, `BABuddyName`, `BACustomerNumber` (exact spelling).
 * ECC and Outbound Option variables together: names, indexes and values at most 2000 bytes.
 * Sizes are counted in UTF-8 bytes (an upper bound of what the CTI server stores).
 */
import { FinesseError, FinesseErrorCode, requireText } from '../errors.js';
import { buildXml, type XmlNode } from '../xml.js';
import type { FinesseCallVariable } from './types.js';

/** Outbound Option (BA) variable names Finesse accepts, spelled as Finesse spells them. */
export const OUTBOUND_CALL_VARIABLE_NAMES: readonly string[] = [
  'BACampaign',
  'BAAccountNumber',
  'BAResponse',
  'BAStatus',
  'BADialedListID',
  'BATimeZone',
  'BABuddyName',
  'BACustomerNumber',
];

/** Largest value of `callVariable1` … `callVariable10`, in bytes. */
export const CALL_VARIABLE_MAX_BYTES = 40;
/** Largest sum of names, indexes and values of the ECC and Outbound Option variables, in bytes. */
export const NAMED_VARIABLES_MAX_BYTES = 2000;
/** Largest wrap-up reason, in bytes (Unified CCE keeps 39 characters). */
export const WRAP_UP_REASON_MAX_BYTES = 39;

const CALL_VARIABLE = /^callVariable(?:[1-9]|10)$/;
const ECC_VARIABLE = /^user\.[A-Za-z0-9_][A-Za-z0-9_.]*(?:\[\d{1,5}\])?$/;

const ACCEPTED =
  'use callVariable1 … callVariable10, an ECC variable "user.<name>" (an array element "user.<name>[<index>]"), ' +
  `or an Outbound Option variable (${OUTBOUND_CALL_VARIABLE_NAMES.join(', ')})`;

/** Call variables for {@link updateCallDataBody}: `{ name: value }` or a list of `{ name, value }`. */
export type FinesseCallVariablesInput = Readonly<Record<string, string>> | readonly Readonly<FinesseCallVariable>[];

/** What `UPDATE_CALL_DATA` sets. At least one variable or a `wrapUpReason` is required. */
export interface UpdateCallDataOptions {
  /** The call variables to set (other variables of the call keep their values). `''` clears one. */
  variables?: FinesseCallVariablesInput;
  /** The wrap-up reason to set (at most 39 bytes). */
  wrapUpReason?: string;
  /**
   * Sent only when given: Finesse's documented `UPDATE_CALL_DATA` body has no
   * `targetMediaAddress` (Finesse acts for the signed-in agent's participant).
   */
  targetMediaAddress?: string;
}

const invalid = (message: string): FinesseError => new FinesseError(FinesseErrorCode.InvalidArgument, message);

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The first character XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates). */
function firstNonXmlChar(text: string): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return `U+${c.toString(16).toUpperCase()}`;
    }
    const bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
    if (bad) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

function checkXmlText(text: string, what: string): void {
  const bad = firstNonXmlChar(text);
  if (bad !== undefined) throw invalid(`${what} contains the character ${bad}, which XML cannot carry; remove it.`);
}

function suggestion(name: string): string {
  const numbered = /^call[\s_-]?variable[\s_-]?(\d+)$/i.exec(name);
  if (numbered?.[1] !== undefined) {
    const n = Number(numbered[1]);
    return n >= 1 && n <= 10 ? ` Did you mean "callVariable${n}"?` : ' Finesse has callVariable1 to callVariable10 only.';
  }
  if (/^user\./i.test(name) && !name.startsWith('user.')) return ` ECC variable names start with lower-case "user." ("user.${name.slice(5)}").`;
  const outbound = OUTBOUND_CALL_VARIABLE_NAMES.find((ba) => ba.toLowerCase() === name.toLowerCase());
  if (outbound !== undefined) return ` Did you mean "${outbound}"?`;
  return '';
}

/**
 * Checks one call variable name; returns whether it is one of `callVariable1` … `callVariable10`
 * (`'call'`) or an ECC / Outbound Option variable (`'named'`).
 */
export function checkCallVariableName(name: unknown): 'call' | 'named' {
  if (typeof name !== 'string' || name === '') throw invalid('Every call variable needs a name (a non-empty string).');
  if (CALL_VARIABLE.test(name)) return 'call';
  if (ECC_VARIABLE.test(name) || OUTBOUND_CALL_VARIABLE_NAMES.includes(name)) return 'named';
  throw invalid(`Finesse does not accept the call variable name ${JSON.stringify(name)}: ${ACCEPTED}.${suggestion(name)}`);
}

function entriesOf(input: unknown): [unknown, unknown][] {
  if (typeof input !== 'object' || input === null) {
    throw invalid('variables must be an object of { name: value } or an array of { name, value }.');
  }
  if (!Array.isArray(input)) return Object.entries(input);
  return input.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) throw invalid(`variables[${index}] must be an object { name, value }.`);
    const { name, value } = item as Record<string, unknown>;
    return [name, value];
  });
}

/**
 * Validates call variables (names, values, sizes, duplicates) and returns them as a list in the
 * order given. Throws `invalid_argument` with what to change.
 */
export function normalizeCallVariables(input: FinesseCallVariablesInput): FinesseCallVariable[] {
  const seen = new Set<string>();
  let namedBytes = 0;
  const out: FinesseCallVariable[] = [];
  for (const [name, value] of entriesOf(input)) {
    const kind = checkCallVariableName(name);
    const key = name as string;
    if (seen.has(key)) throw invalid(`The call variable ${key} is given twice; give each variable once.`);
    seen.add(key);
    if (typeof value !== 'string') throw invalid(`The value of ${key} must be a string (convert numbers with String(); '' clears it).`);
    checkXmlText(value, `The value of ${key}`);
    const bytes = utf8Bytes(value);
    if (kind === 'call' && bytes > CALL_VARIABLE_MAX_BYTES) {
      throw invalid(
        `The value of ${key} is ${bytes} bytes (UTF-8); Finesse allows ${CALL_VARIABLE_MAX_BYTES} bytes per call variable. Shorten it or use an ECC variable (user.<name>).`,
      );
    }
    if (kind === 'named') namedBytes += utf8Bytes(key) + bytes;
    out.push({ name: key, value });
  }
  if (namedBytes > NAMED_VARIABLES_MAX_BYTES) {
    throw invalid(
      `The ECC and Outbound Option variables add up to ${namedBytes} bytes (names, indexes and values, UTF-8); Finesse allows ${NAMED_VARIABLES_MAX_BYTES}. Send fewer or shorter values.`,
    );
  }
  return out;
}

function checkWrapUpReason(value: unknown): string {
  const reason = requireText(value, 'wrapUpReason');
  checkXmlText(reason, 'wrapUpReason');
  const bytes = utf8Bytes(reason);
  if (bytes > WRAP_UP_REASON_MAX_BYTES) {
    throw invalid(`wrapUpReason is ${bytes} bytes (UTF-8); Finesse allows ${WRAP_UP_REASON_MAX_BYTES}. Shorten it.`);
  }
  return reason;
}

/**
 * `<Dialog>[<targetMediaAddress/>]<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties>
 * [<wrapUpReason/>]<callvariables><CallVariable><name/><value/></CallVariable>…</callvariables>
 * </mediaProperties></Dialog>` — Finesse's documented body carries no `targetMediaAddress`; it is
 * added only when given.
 */
export function updateCallDataBody(params: UpdateCallDataOptions): string {
  if (typeof params !== 'object' || params === null) {
    throw invalid('updateCallData needs { variables, wrapUpReason? }.');
  }
  const variables = params.variables === undefined ? [] : normalizeCallVariables(params.variables);
  const wrapUpReason = params.wrapUpReason === undefined ? undefined : checkWrapUpReason(params.wrapUpReason);
  if (variables.length === 0 && wrapUpReason === undefined) {
    throw invalid('updateCallData needs at least one call variable in `variables` (or a `wrapUpReason`).');
  }
  const mediaProperties: XmlNode = {};
  if (wrapUpReason !== undefined) mediaProperties['wrapUpReason'] = wrapUpReason;
  if (variables.length > 0) {
    mediaProperties['callvariables'] = { CallVariable: variables.map((v) => ({ name: v.name, value: v.value })) };
  }
  const dialog: XmlNode = {};
  if (params.targetMediaAddress !== undefined) dialog['targetMediaAddress'] = requireText(params.targetMediaAddress, 'targetMediaAddress');
  dialog['requestedAction'] = 'UPDATE_CALL_DATA';
  dialog['mediaProperties'] = mediaProperties;
  return buildXml({ Dialog: dialog });
}
