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
 * One signal that aborts after `timeout` ms (reason: a `TimeoutError` DOMException, as
 * `AbortSignal.timeout` gives) or when `parent` aborts (its reason). Equivalent to
 * `AbortSignal.any([AbortSignal.timeout(timeout), parent])` at a fraction of the cost, which
 * matters on the token worker's refresh path (thousands of requests per second). The timer stays
 * armed while the body is read, like `AbortSignal.timeout`'s, and never keeps the process alive.
 */
function requestSignal(timeout: number, parent: AbortSignal | undefined): AbortSignal {
  const controller = new AbortController();
  if (parent?.aborted === true) {
    controller.abort(parent.reason);
    return controller.signal;
  }
  const onParentAbort = () => {
    clearTimeout(timer);
    controller.abort(parent?.reason);
  };
  const timer = setTimeout(() => {
    parent?.removeEventListener('abort', onParentAbort);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeout);
  timer.unref();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  return controller.signal;
}

/** Origin and path of a request URL, for messages (never its query: it may carry a code). */
function whereOf(url: URL | string): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * `fetch` with a timeout and typed failures: aborts become `aborted`, timeouts and connection
 * failures `network_error` (transient). The URL is never put in messages with its query (it may
 * carry a code), only its origin and path.
 */
export async function send(what: string, url: URL | string, init: RequestInit, options: HttpOptions = {}): Promise<Response> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  try {
    return await doFetch(url, { ...init, signal: requestSignal(timeout, options.signal) });
  } catch (err) {
    if (options.signal?.aborted === true) {
      throw new WebexOidcError(ErrorCode.Aborted, `The Webex ${what} was cancelled.`, { cause: err });
    }
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    const where = whereOf(url);
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
