import { applyTokenPolicy, isWebexOidcError, policyFor, type TokenPolicy, type WebexTokenSet } from '@webex-oidc/core';
import { isTokenStoreError, type StoredTokenSet, type TokenStore } from '@webex-oidc/token-store';
import { DelayedError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { eventFor, type EventPublisher, type TokenWorkerEventType } from './events.js';
import type { HeldLock, RefreshLocks } from './lock.js';
import type { RefreshResult, WorkerMetrics } from './metrics.js';
import type { RefreshFailure, RefreshProvider } from './providers/provider.js';
import type { RefreshJob, RefreshQueue, RefreshScheduler } from './scheduler.js';
import { dueAt, isFresh, retryDelay, type RetryOptions, type TimingOptions } from './timing.js';

/** What the processor needs; built by `createTokenWorker`. */
export interface RefreshProcessorDeps {
  store: TokenStore;
  providers: ReadonlyMap<string, RefreshProvider>;
  policy: TokenPolicy;
  timing: TimingOptions;
  retry: RetryOptions;
  locks: RefreshLocks;
  queue: RefreshQueue;
  scheduler: RefreshScheduler;
  events: EventPublisher;
  metrics: WorkerMetrics;
  logger: Logger;
  /** How long to wait before looking again when another worker holds a set's lock. Default 2 000 ms. */
  lockRetryMs?: number | undefined;
}

/** A BullMQ processor `(job, token, signal)` that refreshes one token set. */
export type RefreshProcessor = (job: RefreshJob, token?: string, signal?: AbortSignal) => Promise<RefreshResult>;

/**
 * Builds the refresh processor. Each run: take the set's lock (owner token, lease renewal) and
 * read the set under it (one step), skip it if fresh, apply the policy, refresh through its
 * provider, write back with the version check (releasing the lock in the same step), and move the
 * same job to its next run (`moveToDelayed`). Terminal outcomes (reauth required, revoked, gone)
 * complete the job.
 */
export function createRefreshProcessor(deps: RefreshProcessorDeps): RefreshProcessor {
  const { store, locks, logger, metrics } = deps;
  const lockRetryMs = deps.lockRetryMs ?? 2_000;

  const reschedule = async (job: RefreshJob, token: string | undefined, at: number, retries?: number): Promise<never> => {
    if ((job.data.retries ?? 0) !== (retries ?? 0)) await job.updateData({ id: job.data.id, retries });
    await job.moveToDelayed(Math.max(at, Date.now()), token);
    throw movedToDelayed();
  };

  const finish = async (set: StoredTokenSet, type: TokenWorkerEventType, reason: string, result: RefreshResult): Promise<RefreshResult> => {
    metrics.refreshes.inc({ provider: set.provider, result });
    await deps.events.emit(eventFor(type, set, { reason }));
    return result;
  };

  const markReauth = async (set: StoredTokenSet, reason: string): Promise<RefreshResult> => {
    await store.setStatus(set.id, 'reauth_required');
    logger.warn({ tokenSetId: set.id, reason }, 'token set needs a new sign-in');
    return finish(set, 'reauth_required', reason, 'reauth_required');
  };

  const revokeForPolicy = async (set: StoredTokenSet, provider: RefreshProvider | undefined): Promise<RefreshResult> => {
    await store.setStatus(set.id, 'revoked');
    await provider?.revoke(set).catch((err: unknown) => logger.warn({ err, tokenSetId: set.id }, 'revocation at the IdP failed'));
    logger.info({ tokenSetId: set.id, clientType: set.clientType }, 'client access is off: token set revoked');
    return finish(set, 'revoked', 'client_access_off', 'revoked');
  };

  const maybeReauthSoon = async (set: Pick<StoredTokenSet, 'id' | 'userId' | 'clientId' | 'clientType' | 'provider' | 'expiresAt'> & { refreshExpiresAt: number | undefined }, now: number) => {
    const { refreshExpiresAt } = set;
    if (refreshExpiresAt === undefined || refreshExpiresAt - deps.timing.reauthSoonMs > now) return;
    if (await deps.scheduler.markReauthSoonSent(set.id, refreshExpiresAt)) {
      await deps.events.emit(eventFor('reauth_soon', set, { reason: 'refresh_token_expiring' }));
    }
  };

  const onFailure = async (job: RefreshJob, token: string | undefined, set: StoredTokenSet, failure: RefreshFailure, err: unknown): Promise<RefreshResult> => {
    const now = Date.now();
    if (failure.kind === 'permanent') {
      const again = await store.get(set.id);
      if (again === undefined) return 'gone';
      if (again.version !== set.version || again.tokens.refreshToken !== set.tokens.refreshToken) {
        metrics.refreshes.inc({ provider: set.provider, result: 'superseded' });
        logger.info({ tokenSetId: set.id }, 'refresh token changed meanwhile: another worker refreshed this set');
        if (again.status !== 'active') return 'superseded';
        return reschedule(job, token, await deps.scheduler.runAtFor(set.id, again, now));
      }
      return markReauth(set, failure.code);
    }
    const retries = (job.data.retries ?? 0) + 1;
    await store.update(set.id, set.version, { metadata: { lastError: failure.code } }).catch(() => undefined);
    // Not final (the set is retried), but operators want to see it: reason = the failure's code.
    await deps.events.emit(eventFor('refresh_failed', set, { reason: failure.code }));
    if (failure.kind === 'rate_limited') {
      const pause = Math.max(deps.retry.baseMs, failure.retryAfterMs ?? deps.retry.baseMs * 2 ** Math.min(retries, 8));
      metrics.refreshes.inc({ provider: set.provider, result: 'rate_limited' });
      logger.warn({ tokenSetId: set.id, pauseMs: pause }, 'IdP rate-limits refreshes: pausing the whole queue');
      await deps.queue.rateLimit(pause);
      if ((job.data.retries ?? 0) !== retries) await job.updateData({ id: set.id, retries });
      throw Worker.RateLimitError();
    }
    const delay = retryDelay(retries - 1, { now, expiresAt: set.expiresAt, retryAfterMs: failure.retryAfterMs }, deps.retry);
    metrics.refreshes.inc({ provider: set.provider, result: 'failed' });
    logger.warn({ tokenSetId: set.id, code: failure.code, retries, delayMs: delay, err: summarize(err) }, 'transient refresh failure: retrying');
    return reschedule(job, token, now + delay, retries);
  };

  const refreshLocked = async (job: RefreshJob, token: string | undefined, set: StoredTokenSet, lock: HeldLock): Promise<RefreshResult> => {
    const id = set.id;
    if (set.status !== 'active') return set.status === 'revoked' ? 'revoked' : 'reauth_required';
    const provider = deps.providers.get(set.provider);
    if (!policyFor(deps.policy, set.clientType).clientAccess) return revokeForPolicy(set, provider);
    const now = Date.now();
    if (isFresh(set, deps.timing, now) && (set.refreshExpiresAt === undefined || set.refreshExpiresAt - deps.timing.lastChanceMs > now + 1_000)) {
      await maybeReauthSoon(set, now);
      metrics.refreshes.inc({ provider: set.provider, result: 'skipped_fresh' });
      return reschedule(job, token, await deps.scheduler.runAtFor(id, set, now));
    }
    if (!set.tokens.refreshToken) {
      if (set.expiresAt > now) return reschedule(job, token, set.expiresAt);
      return markReauth(set, 'no_refresh_token');
    }
    if (set.refreshExpiresAt !== undefined && set.refreshExpiresAt <= now) return markReauth(set, 'refresh_token_expired');
    if (provider === undefined) {
      logger.error({ tokenSetId: id, provider: set.provider }, 'no provider configured for this token set: retrying later');
      return onFailure(job, token, set, { kind: 'transient', code: 'unknown_provider' }, undefined);
    }
    const due = dueAt(set, deps.timing);
    if (now > due && (job.data.retries ?? 0) === 0) metrics.lag.observe((now - due) / 1000);
    let tokens: WebexTokenSet;
    const stopTimer = metrics.duration.startTimer({ provider: provider.name });
    try {
      tokens = await provider.refresh(set, { signal: lock.signal });
    } catch (err) {
      return onFailure(job, token, set, provider.classify(err), err);
    } finally {
      stopTimer();
    }
    try {
      tokens = applyTokenPolicy(deps.policy, set.clientType, tokens, { previous: set.tokens, now: Date.now() });
    } catch (err) {
      if (isWebexOidcError(err, 'invalid_grant')) return markReauth(set, err.reason ?? err.code);
      throw err;
    }
    const written = await writeBack(set, tokens, lock);
    if (written === undefined) return 'superseded';
    metrics.refreshes.inc({ provider: provider.name, result: 'ok' });
    // A new refresh-token expiry forgets the `reauth_soon` mark — which can only exist once the old
    // expiry is inside the reauth-soon window (so the common case costs no Redis round trip).
    if (tokens.refreshExpiresAt !== set.refreshExpiresAt && set.refreshExpiresAt !== undefined && set.refreshExpiresAt - deps.timing.reauthSoonMs <= Date.now()) {
      await deps.scheduler.clearReauthSoon(id);
    }
    await deps.events.emit(eventFor('refreshed', written));
    await maybeReauthSoon(written, Date.now());
    return reschedule(job, token, await deps.scheduler.runAtFor(id, written));
  };

  /**
   * Writes with the version check, releasing the lock in the same step; on a conflict, keeps ours
   * only if the stored refresh token is still the one we used.
   */
  const writeBack = async (set: StoredTokenSet, tokens: WebexTokenSet, lock: HeldLock) => {
    const patch = { tokens, metadata: { lastRefreshAt: Date.now(), refreshCount: (set.metadata.refreshCount ?? 0) + 1, lastError: null } };
    let written;
    try {
      written = await store.update(set.id, set.version, patch, { base: set, releaseLease: lock.owner });
    } catch (err) {
      if (!isTokenStoreError(err, 'version_conflict')) throw err;
      const again = await store.get(set.id);
      if (again === undefined || again.status !== 'active' || again.tokens.refreshToken !== set.tokens.refreshToken) {
        logger.warn({ tokenSetId: set.id }, 'token set changed during the refresh: keeping the stored version');
        return undefined;
      }
      written = await store.update(set.id, again.version, patch, { releaseLease: lock.owner });
    }
    lock.releasedByWrite();
    return written;
  };

  return async function processRefresh(job, token, signal) {
    const taken = await locks.acquire(job.data.id, signal);
    if (taken.status === 'not_found') return 'gone';
    if (taken.status === 'held') {
      metrics.refreshes.inc({ provider: 'unknown', result: 'locked' });
      return reschedule(job, token, Date.now() + lockRetryMs + Math.floor(Math.random() * 500), job.data.retries);
    }
    const { set, lock } = taken;
    try {
      return await refreshLocked(job, token, set, lock);
    } finally {
      await lock.release().catch((err: unknown) => logger.warn({ err, tokenSetId: job.data.id }, 'lock release failed'));
    }
  };
}

/**
 * BullMQ's "the job moved itself to delayed" signal, thrown once per refresh. It is control flow,
 * never logged or reported, so it is built without a stack trace (capturing one was ~2 % of the
 * worker's CPU in `--cpu-prof`). Exported for the bench's BullMQ-floor side.
 * @internal
 */
export function movedToDelayed(): DelayedError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DelayedError();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A loggable summary of an error: its name, code and message (core's messages carry no tokens). */
function summarize(err: unknown): { name: string; code?: string; message: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  return { name: err.name, code: typeof code === 'string' ? code : undefined, message: err.message };
}
