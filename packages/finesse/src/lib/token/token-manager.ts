/**
 * The in-process keeper of one agent's Finesse SSO token pair: refresh after 75% of the access
 * token's life, single-flight, optional timer, and an event when the agent must sign in again.
 */
import { EventEmitter } from 'node:events';
import type { FinesseAuthProvider } from '../api/auth.js';
import { FinesseError, FinesseErrorCode, isFinesseError } from '../errors.js';
import { type FinesseConnectionOptions, HttpTransport } from '../http/transport.js';
import { type FinesseRefreshOptions, refreshWithTransport } from './refresh.js';
import { checkRefreshRatio, DEFAULT_REFRESH_RATIO, type FinesseTokenSet, finesseRefreshDueAt } from './token-set.js';

/** Events of {@link FinesseTokenManager}. */
export interface FinesseTokenManagerEvents {
  /** A refresh succeeded; the argument is the new token set (store it if you persist tokens). */
  refreshed: [tokenSet: FinesseTokenSet];
  /** A refresh failed transiently (network, timeout, 5xx); the current token stays in use until it expires. */
  refresh_failed: [error: FinesseError];
  /** The refresh token is gone: open the SSO URL again and call `setTokenSet` with the new pair. */
  reauth_required: [error: FinesseError];
}

/** Options of {@link FinesseTokenManager}. */
export interface FinesseTokenManagerOptions extends FinesseConnectionOptions, FinesseRefreshOptions {
  /** The token pair to start from (from {@link parseFinesseTokenResponse} or your store). */
  tokenSet: FinesseTokenSet;
  /** Share of the access token's life after which it is refreshed, in (0, 1). Default 0.75. */
  refreshRatio?: number;
  /** Timer mode: first delay before retrying a transiently failed refresh (doubles each time). Default 2 000 ms. */
  retryDelayMs?: number;
}

const MAX_TIMER_MS = 2_147_483_647;

/**
 * Keeps one agent's Finesse SSO tokens fresh and hands them to {@link FinesseClient} (it is a
 * {@link FinesseAuthProvider}). Refreshes lazily when a token is asked for after the refresh point,
 * and — after {@link FinesseTokenManager.start} — on an `unref`ed timer. Concurrent callers share
 * one refresh. Never hands out an expired access token.
 */
export class FinesseTokenManager extends EventEmitter<FinesseTokenManagerEvents> implements FinesseAuthProvider {
  readonly #transport: HttpTransport;
  readonly #refreshOptions: FinesseRefreshOptions;
  readonly #ratio: number;
  readonly #retryDelayMs: number;
  readonly #now: () => number;
  #tokenSet: FinesseTokenSet;
  #reauthError: FinesseError | undefined;
  #inflight: Promise<FinesseTokenSet> | undefined;
  #generation = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #failures = 0;

  constructor(options: FinesseTokenManagerOptions) {
    super();
    this.#transport = new HttpTransport(options);
    this.#refreshOptions = {
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.returnUser === undefined ? {} : { returnUser: options.returnUser }),
      ...(options.now === undefined ? {} : { now: options.now }),
    };
    this.#ratio = checkRefreshRatio(options.refreshRatio ?? DEFAULT_REFRESH_RATIO);
    this.#retryDelayMs = options.retryDelayMs ?? 2_000;
    this.#now = options.now ?? Date.now;
    this.#tokenSet = options.tokenSet;
  }

  /** The current token set (secret: do not log it). */
  get tokenSet(): FinesseTokenSet {
    return this.#tokenSet;
  }

  /** The SSO `user_id` of the current token set. */
  get userId(): string {
    return this.#tokenSet.userId;
  }

  /** When the current access token is due for refresh (epoch ms). */
  get refreshDueAt(): number {
    return finesseRefreshDueAt(this.#tokenSet, this.#ratio);
  }

  /** Whether the refresh token is gone and the agent must sign in again. */
  get reauthRequired(): boolean {
    return this.#reauthError !== undefined;
  }

  /** Replaces the token pair, e.g. after the agent signed in again; clears `reauthRequired`. */
  setTokenSet(tokenSet: FinesseTokenSet): void {
    this.#generation += 1;
    this.#tokenSet = tokenSet;
    this.#reauthError = undefined;
    this.#inflight = undefined;
    this.#failures = 0;
    this.#schedule();
  }

  /**
   * A valid access token, refreshed first when past the refresh point. When that refresh fails
   * transiently the current token is returned while it is still valid; once it has expired the
   * failure is thrown instead. Rejects with `reauth_required` when the agent must sign in again.
   */
  async getAccessToken(): Promise<string> {
    if (this.#reauthError !== undefined) throw this.#reauthError;
    if (this.#now() >= this.refreshDueAt) {
      try {
        return (await this.refresh()).accessToken;
      } catch (err) {
        if (isFinesseError(err, FinesseErrorCode.ReauthRequired) || this.#now() >= this.#tokenSet.expiresAt) throw err;
      }
    }
    return this.#tokenSet.accessToken;
  }

  /** {@inheritDoc FinesseAuthProvider.getAuthorization} */
  async getAuthorization(): Promise<string> {
    return `Bearer ${await this.getAccessToken()}`;
  }

  /** {@inheritDoc FinesseAuthProvider.handleUnauthorized} — refreshes once (shared), unless another caller already did. */
  async handleUnauthorized(usedAuthorization: string): Promise<boolean> {
    if (usedAuthorization === `Bearer ${this.#tokenSet.accessToken}`) await this.refresh();
    return true;
  }

  /** Refreshes now. Concurrent calls share one request. Emits `refreshed`, `refresh_failed` or `reauth_required`. */
  refresh(): Promise<FinesseTokenSet> {
    if (this.#reauthError !== undefined) return Promise.reject(this.#reauthError);
    if (this.#inflight !== undefined) return this.#inflight;
    const generation = this.#generation;
    const flight = this.#runRefresh(generation).finally(() => {
      if (this.#inflight === flight) this.#inflight = undefined;
    });
    this.#inflight = flight;
    return flight;
  }

  async #runRefresh(generation: number): Promise<FinesseTokenSet> {
    try {
      const next = await refreshWithTransport(this.#transport, this.#refreshOptions, this.#tokenSet);
      if (generation !== this.#generation) return this.#tokenSet;
      this.#tokenSet = next;
      this.#failures = 0;
      this.#schedule();
      this.emit('refreshed', next);
      return next;
    } catch (cause) {
      const err = isFinesseError(cause)
        ? cause
        : new FinesseError(FinesseErrorCode.InvalidResponse, 'The Finesse token refresh failed unexpectedly.', { cause });
      if (generation !== this.#generation) throw err;
      if (err.code === FinesseErrorCode.ReauthRequired) {
        this.#reauthError = err;
        this.#clearTimer();
        this.emit('reauth_required', err);
      } else {
        this.#failures += 1;
        this.#scheduleRetry();
        this.emit('refresh_failed', err);
      }
      throw err;
    }
  }

  /** Starts the in-process timer: refreshes at each refresh point even when no request is made. */
  start(): void {
    this.#running = true;
    this.#schedule();
  }

  /** Stops the timer (requests still refresh lazily). */
  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  /** Stops the timer and closes the connection pool. */
  async close(): Promise<void> {
    this.stop();
    await this.#transport.close();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delayMs: number): void {
    this.#clearTimer();
    if (!this.#running || this.#reauthError !== undefined) return;
    const timer = setTimeout(() => {
      this.#timer = undefined;
      this.refresh().catch(() => {
        // Reported through `refresh_failed` / `reauth_required`; the retry is already scheduled.
      });
    }, Math.min(Math.max(0, delayMs), MAX_TIMER_MS));
    timer.unref();
    this.#timer = timer;
  }

  #schedule(): void {
    this.#arm(this.refreshDueAt - this.#now());
  }

  #scheduleRetry(): void {
    const backoff = this.#retryDelayMs * 2 ** Math.min(this.#failures - 1, 10);
    const untilExpiry = this.#tokenSet.expiresAt - this.#now();
    this.#arm(untilExpiry > 0 ? Math.min(backoff, Math.max(untilExpiry / 2, 100)) : backoff);
  }
}
