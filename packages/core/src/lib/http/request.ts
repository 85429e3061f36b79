import { ErrorCode, WebexOidcError } from '../errors.js';
import { errorFromResponse } from './response-error.js';

/** Options shared by the HTTP calls this package makes outside openid-client. */
export interface HttpOptions {
  /** A `fetch` implementation (defaults to the global one). */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeout?: number;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `fetch` with a timeout and typed failures: aborts become `aborted`, timeouts and connection
 * failures `network_error` (transient). The URL is never put in messages with its query (it may
 * carry a code), only its origin and path.
 */
export async function send(what: string, url: URL, init: RequestInit, options: HttpOptions = {}): Promise<Response> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeout)];
  if (options.signal !== undefined) signals.push(options.signal);
  const doFetch = options.fetch ?? fetch;
  const where = `${url.origin}${url.pathname}`;
  try {
    return await doFetch(url, { ...init, signal: AbortSignal.any(signals) });
  } catch (err) {
    if (options.signal?.aborted === true) {
      throw new WebexOidcError(ErrorCode.Aborted, `The Webex ${what} was cancelled.`, { cause: err });
    }
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    throw new WebexOidcError(
      ErrorCode.NetworkError,
      timedOut
        ? `The Webex ${what} to ${where} timed out after ${timeout} ms; retry later or raise the timeout.`
        : `The Webex ${what} could not reach ${where}; check the network and the base URL.`,
      { cause: err },
    );
  }
}

/**
 * Sends a request and parses a JSON success body; error answers become {@link WebexOidcError}
 * via {@link errorFromResponse}.
 */
export async function requestJson(what: string, url: URL, init: RequestInit, options: HttpOptions = {}): Promise<unknown> {
  const response = await send(what, url, init, options);
  if (!response.ok) throw await errorFromResponse(what, response);
  try {
    return await response.json();
  } catch (err) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} with a body that is not JSON.`, {
      status: response.status,
      cause: err,
    });
  }
}
