/**
 * XML in and out of Finesse, on fast-xml-parser. Values are escaped by the builder; element text
 * is parsed as strings (no number guessing: `0012` stays `0012`).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { type FinesseApiErrorDetail, FinesseError, FinesseErrorCode } from './errors.js';

/** Element paths that are lists even when they hold a single item. */
const ARRAY_PATHS: ReadonlySet<string> = new Set([
  'ApiErrors.ApiError',
  'Dialogs.Dialog',
  'Dialogs.Dialog.participants.Participant',
  'Dialogs.Dialog.participants.Participant.actions.action',
  'Dialogs.Dialog.mediaProperties.callvariables.CallVariable',
  'Dialog.participants.Participant',
  'Dialog.participants.Participant.actions.action',
  'Dialog.mediaProperties.callvariables.CallVariable',
  'ReasonCodes.ReasonCode',
  'User.roles.role',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  trimValues: true,
  isArray: (_tag, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/** A parsed XML element: child elements by name, attributes as `@_name`. */
export type XmlNode = Record<string, unknown>;

/** Builds an XML document from a plain object; every text value is escaped. */
export function buildXml(doc: XmlNode): string {
  return String(builder.build(doc));
}

/** Parses an XML document; throws `invalid_response` when it is not XML. */
export function parseXml(text: string, status?: number): XmlNode {
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (cause) {
    throw new FinesseError(FinesseErrorCode.InvalidResponse, 'Finesse answered with malformed XML.', {
      cause,
      ...(status === undefined ? {} : { status }),
    });
  }
  const node = asNode(parsed);
  if (node === undefined) {
    throw new FinesseError(FinesseErrorCode.InvalidResponse, 'Finesse answered with an empty XML document.', {
      ...(status === undefined ? {} : { status }),
    });
  }
  return node;
}

/** `value` as an element, or `undefined` when it is text or missing. */
export function asNode(value: unknown): XmlNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

/** `value` as a list (a single item becomes a one-item list, missing becomes empty). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of the child element `key` (`''` for an empty element, `undefined` when absent). */
export function textOf(node: XmlNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = asNode(value);
  if (inner !== undefined && typeof inner['#text'] === 'string') return inner['#text'];
  return undefined;
}

/** The root element named `name`, or `invalid_response`. */
export function rootElement(doc: XmlNode, name: string, status?: number): XmlNode {
  const root = doc[name];
  if (root === '') return {};
  const node = asNode(root);
  if (node === undefined) {
    throw new FinesseError(FinesseErrorCode.InvalidResponse, `Finesse answered without the expected <${name}> element.`, {
      ...(status === undefined ? {} : { status }),
    });
  }
  return node;
}

/** The `<ApiError>` entries of an `<ApiErrors>` body; empty when the body is not one. */
export function parseApiErrors(text: string): FinesseApiErrorDetail[] {
  if (!text.trimStart().startsWith('<')) return [];
  let doc: XmlNode;
  try {
    doc = parseXml(text);
  } catch {
    return [];
  }
  const root = asNode(doc['ApiErrors']);
  return asList(root?.['ApiError']).flatMap((item) => {
    const node = asNode(item);
    if (node === undefined) return [];
    return [
      {
        errorType: textOf(node, 'ErrorType') ?? '',
        errorData: textOf(node, 'ErrorData') ?? '',
        errorMessage: textOf(node, 'ErrorMessage') ?? '',
      },
    ];
  });
}
