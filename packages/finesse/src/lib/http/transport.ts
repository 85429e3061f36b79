/**
 * One HTTP connection setup to a Finesse server: undici's own `fetch` with an undici `Agent`
 * (custom CA when given), a timeout on every request, no redirects followed.
 */
import { Agent, type Dispatcher, fetch } from 'undici';
import { FinesseError, FinesseErrorCode } from '../errors.js';
import { toTransportError } from './network-error.js';

/** Where and how to reach Finesse. Shared by the REST client, the token manager and `refreshFinesseTokens`. */
export interface FinesseConnectionOptions {
  /** Finesse origin, e.g. `https://finesse1.example.com:8445`. Paths are added by this package. */
  baseUrl: string | URL;
  /**
   * PEM certificate(s) of the CA(s) to trust for this server — for Finesse servers with
   * self-signed or private-CA certificates. They replace Node's default CA list for these
   * connections (add `...tls.rootCertificates` to keep it). Certificates are always verified:
   * there is no option to turn verification off.
   */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Time limit of each request in milliseconds, answer body included. Default 15 000. */
  timeoutMs?: number;
  /**
   * An undici dispatcher to send requests through (e.g. a shared `Agent` or a `ProxyAgent`).
   * When given, `ca` is ignored and the dispatcher is not closed by `close()`.
   */
  dispatcher?: Dispatcher;
}

/** One request to Finesse. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** The answer to a {@link HttpRequest}. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  location: string | undefined;
  /** The `Retry-After` header, when the answer carried one. */
  retryAfter: string | undefined;
  text: string;
}

/** Default request time limit. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** @internal Sends requests to one Finesse server. */
export class HttpTransport {
  readonly baseUrl: URL;
  readonly #basePath: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #timeoutMs: number;

  constructor(options: FinesseConnectionOptions) {
    let base: URL;
    try {
      base = new URL(String(options.baseUrl));
    } catch (cause) {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'baseUrl must be an absolute http(s) URL.', { cause });
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'baseUrl must be an absolute http(s) URL.');
    }
    this.#basePath = base.pathname.replace(/\/+$/, '');
    base.search = '';
    base.hash = '';
    this.baseUrl = base;
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new FinesseError(FinesseErrorCode.InvalidArgument, 'timeoutMs must be a positive number.');
    }
    this.#timeoutMs = timeout;
    if (options.dispatcher !== undefined) {
      this.#dispatcher = options.dispatcher;
      this.#ownsDispatcher = false;
    } else {
      const ca = options.ca;
      this.#dispatcher = new Agent(
        ca === undefined ? {} : { connect: { ca: typeof ca === 'string' || Buffer.isBuffer(ca) ? ca : [...ca] } },
      );
      this.#ownsDispatcher = true;
    }
  }

  /** Absolute URL of `path` (with `query`). */
  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(this.#basePath + path, this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url;
  }

  /** Sends `request`; rejects only for failures without an answer (network, TLS, timeout, abort). */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const what = `${request.method} ${request.path}`;
    try {
      const response = await fetch(this.url(request.path, request.query), {
        method: request.method,
        headers: request.headers ?? {},
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal,
        dispatcher: this.#dispatcher,
      });
      const text = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        location: response.headers.get('location') ?? undefined,
        retryAfter: response.headers.get('retry-after') ?? undefined,
        text,
      };
    } catch (err) {
      throw toTransportError(err, what);
    }
  }

  /** Closes the connection pool when this transport created it. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}
