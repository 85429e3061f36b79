import type { HttpOptions } from '../http/request.js';

/** Default base URL of the Webex REST API. */
export const DEFAULT_API_BASE_URL = 'https://webexapis.com/v1';

/**
 * Where and how to call the Webex REST API (`/people/me`, `/jwt/login`, `/guests/*`).
 * A `WebexConfig`'s `options` satisfy this type, so the same object can be passed.
 */
export interface WebexApiOptions extends HttpOptions {
  /**
   * Base URL of the Webex REST API, including its version path. Default
   * `https://webexapis.com/v1`; point it at Webex for Government or at the sandbox
   * (`${sandbox.url}/v1`).
   */
  apiBaseUrl?: string | undefined;
}

/** A `TypeError` with a Node-style `code`, for bad arguments. */
export function invalidArgument(
  message: string,
  code: 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_INVALID_URL' = 'ERR_INVALID_ARG_VALUE',
): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/** Throws a `TypeError` unless `value` is a non-empty string; returns it. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') {
    throw invalidArgument(`The "${name}" argument must be a string; got ${typeof value}.`, 'ERR_INVALID_ARG_TYPE');
  }
  if (value.trim() === '') throw invalidArgument(`The "${name}" argument must not be empty.`);
  return value;
}

/**
 * Resolves `path` (e.g. `people/me`) against the API base URL. The base's own path is kept
 * (`https://webexapis.com/v1` + `people/me` → `https://webexapis.com/v1/people/me`).
 */
export function apiUrl(options: WebexApiOptions, path: string): URL {
  const base = options.apiBaseUrl ?? DEFAULT_API_BASE_URL;
  let url: URL;
  try {
    url = new URL(base);
  } catch (err) {
    throw Object.assign(invalidArgument(`apiBaseUrl is not a valid URL: ${JSON.stringify(base)}.`, 'ERR_INVALID_URL'), {
      cause: err,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidArgument(`apiBaseUrl must be an http(s) URL; got ${JSON.stringify(url.protocol)}.`, 'ERR_INVALID_URL');
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL(path, url);
}

/** `Authorization` + `Accept` headers for a Bearer call. */
export function bearerHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, accept: 'application/json' };
}
