import { stateOf, type WebexConfig } from '../config/config.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { requestJson } from '../http/request.js';
import { argError } from '../util/args.js';

const WHAT = 'webfinger request';
const ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer';

/** A WebFinger JRD (RFC 7033). */
export interface WebfingerJrd {
  /** The resource asked about. */
  subject?: string;
  /** Its links. */
  links?: Array<{ rel?: string; href?: string; [key: string]: unknown }>;
  /** Anything else. */
  [key: string]: unknown;
}

/** The answer of {@link webfinger}. */
export interface WebfingerResult {
  /** The OpenID Connect issuer for the resource (checked against the allow-list). */
  issuer: string;
  /** The whole JRD. */
  jrd: WebfingerJrd;
}

/** Options of {@link webfinger}. */
export interface WebfingerOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
}

/**
 * Asks Webex's WebFinger endpoint (`${apiBaseUrl}/.well-known/webfinger`) which issuer serves a
 * user. `resource` is an email (`user@example.com`) or an `acct:` URI. The issuer link must be
 * in the allow-list (`issuer_not_allowed`).
 */
export async function webfinger(config: WebexConfig, resource: string, options: WebfingerOptions = {}): Promise<WebfingerResult> {
  const state = stateOf(config);
  if (typeof resource !== 'string' || resource === '') throw argError('ERR_INVALID_ARG_TYPE', '"resource" must be a non-empty string.');
  const acct = /^[a-z][a-z0-9+.-]*:/i.test(resource) ? resource : `acct:${resource}`;
  if (acct.startsWith('acct:') && !/^acct:[^@\s]+@[^@\s]+$/.test(acct)) {
    throw argError('ERR_INVALID_ARG_VALUE', '"resource" must be an email address or an acct: URI.');
  }
  const url = new URL(`${state.resolved.apiBaseUrl}/.well-known/webfinger`);
  url.searchParams.set('resource', acct);
  url.searchParams.set('rel', ISSUER_REL);
  const json = await requestJson(
    WHAT,
    url,
    { method: 'GET', headers: { accept: 'application/jrd+json, application/json' } },
    { fetch: state.resolved.fetch, timeout: state.resolved.timeout, signal: options.signal },
  );
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'Webex answered the webfinger request with something that is not a JRD.');
  }
  const jrd = json as WebfingerJrd;
  const link = Array.isArray(jrd.links) ? jrd.links.find((l) => l?.rel === ISSUER_REL && typeof l.href === 'string') : undefined;
  const issuer = link?.href;
  if (issuer === undefined) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, 'The webfinger answer has no OpenID Connect issuer link.');
  }
  if (!state.issuers.test(issuer)) {
    throw new WebexOidcError(ErrorCode.IssuerNotAllowed, 'The webfinger answer names an issuer that is not in the allow-list.', {
      reason: 'iss',
    });
  }
  return { issuer, jrd };
}
