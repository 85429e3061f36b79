import { discover, ErrorCode, WebexOidcError, type WebexConfig, type WebexServerMetadata } from '@webex-oidc/core';

/**
 * Discovery on first use, with backoff: while Webex is unreachable, callers get a transient
 * `discovery_failed` {@link WebexOidcError} (mapped to 503) at once (with the seconds until the next attempt) instead of each waiting on a
 * doomed request; after the wait, the next caller tries again. Once it succeeds the metadata is
 * kept (core caches it on the configuration too).
 *
 * @internal
 */
export class LazyDiscovery {
  #metadata: WebexServerMetadata | undefined;
  #inFlight: Promise<WebexServerMetadata> | undefined;
  #failures = 0;
  #nextAttemptAt = 0;
  #lastError: unknown;

  constructor(
    private readonly config: WebexConfig,
    private readonly minDelay: number,
    private readonly maxDelay: number,
    private readonly maxWait: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether discovery has succeeded. */
  get ready(): boolean {
    return this.#metadata !== undefined;
  }

  /** The server metadata; rejects with a transient `discovery_failed` error while Webex is unreachable. */
  async ensure(): Promise<WebexServerMetadata> {
    if (this.#metadata !== undefined) return this.#metadata;
    if (this.#inFlight === undefined) {
      const wait = this.#nextAttemptAt - this.now();
      if (wait > 0) throw this.#error(wait, this.#lastError);
      const attempt = this.#attempt().finally(() => {
        this.#inFlight = undefined;
      });
      attempt.catch(() => undefined); // a caller that timed out must not leave it unhandled
      this.#inFlight = attempt;
    }
    return this.#bounded(this.#inFlight);
  }

  /** Waits for the attempt at most `maxWait` ms; past that the caller gets a 503 and it goes on. */
  async #bounded(attempt: Promise<WebexServerMetadata>): Promise<WebexServerMetadata> {
    if (!Number.isFinite(this.maxWait)) return attempt;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#error(this.minDelay, new Error('Webex did not answer discovery in time'))), this.maxWait);
    });
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #attempt(): Promise<WebexServerMetadata> {
    try {
      const metadata = await discover(this.config);
      this.#metadata = metadata;
      this.#failures = 0;
      return metadata;
    } catch (err) {
      const delay = Math.min(this.maxDelay, this.minDelay * 2 ** this.#failures);
      this.#failures += 1;
      this.#nextAttemptAt = this.now() + delay;
      this.#lastError = err;
      throw this.#error(delay, err);
    }
  }

  #error(waitMs: number, cause: unknown): WebexOidcError {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    return new WebexOidcError(ErrorCode.DiscoveryFailed, `Webex discovery failed${why}`, {
      cause,
      transient: true,
      retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }
}
