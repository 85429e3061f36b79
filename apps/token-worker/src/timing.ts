import { refreshDueAt } from '@webex-oidc/core';

/** Timing settings shared by the scheduler and the processor. */
export interface TimingOptions {
  /** Fraction of the access token's life after which to refresh, in (0, 1). Default 0.75. */
  refreshAt: number;
  /** Jitter as a fraction of the access token's life; the run moves earlier by up to this. Default 0.02. */
  jitterRatio: number;
  /** Upper bound of the jitter in milliseconds. Default 300 000 (5 minutes). */
  maxJitterMs: number;
  /** Emit `reauth_soon` this long before the refresh token's absolute expiry. Default 7 days. */
  reauthSoonMs: number;
  /** Last refresh this long before the refresh token expires, if the next due point is later. Default 60 000. */
  lastChanceMs: number;
}

/** The token-set times the schedule depends on (all non-secret, readable without decrypting). */
export interface ScheduleTimes {
  issuedAt: number;
  expiresAt: number;
  refreshExpiresAt?: number | undefined;
}

/** Defaults of {@link TimingOptions}. */
export const DEFAULT_TIMING: TimingOptions = {
  refreshAt: 0.75,
  jitterRatio: 0.02,
  maxJitterMs: 300_000,
  reauthSoonMs: 7 * 24 * 3_600_000,
  lastChanceMs: 60_000,
};

/** The largest jitter applied to a set with these times. */
export function maxJitter(times: ScheduleTimes, timing: TimingOptions): number {
  const life = Math.max(0, times.expiresAt - times.issuedAt);
  return Math.min(timing.maxJitterMs, Math.floor(life * timing.jitterRatio));
}

/** When the set is due (refresh point, no jitter), epoch ms. */
export function dueAt(times: ScheduleTimes, timing: TimingOptions): number {
  return refreshDueAt(times, { refreshAt: timing.refreshAt });
}

/**
 * When the set's job should next run, epoch ms: the refresh point minus a random jitter (never
 * later than the refresh point), brought forward to send `reauth_soon` (unless already sent)
 * and to make a last refresh shortly before the refresh token's absolute expiry.
 */
export function nextRunAt(
  times: ScheduleTimes,
  timing: TimingOptions,
  state: { now: number; reauthSoonSent: boolean; random?: () => number },
): number {
  const random = state.random ?? Math.random;
  let run = dueAt(times, timing) - Math.floor(maxJitter(times, timing) * random());
  const { refreshExpiresAt } = times;
  if (refreshExpiresAt !== undefined) {
    const lastChance = refreshExpiresAt - timing.lastChanceMs;
    if (lastChance > state.now && lastChance < run) run = lastChance;
    const soon = refreshExpiresAt - timing.reauthSoonMs;
    if (!state.reauthSoonSent && soon < run) run = Math.max(state.now, soon);
    if (refreshExpiresAt < run) run = refreshExpiresAt;
  }
  return Math.max(state.now, run);
}

/** Whether a set whose job runs at `now` is not yet due (e.g. someone else refreshed it). */
export function isFresh(times: ScheduleTimes, timing: TimingOptions, now: number, slackMs = 1_000): boolean {
  return now + maxJitter(times, timing) + slackMs < dueAt(times, timing);
}

/** Retry settings for transient failures. */
export interface RetryOptions {
  /** First backoff in milliseconds. Default 1 000. */
  baseMs: number;
  /** Largest backoff in milliseconds. Default 300 000. */
  maxMs: number;
  /** Keep retries this long before the access token expires when possible. Default 5 000. */
  expiryMarginMs: number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = { baseMs: 1_000, maxMs: 300_000, expiryMarginMs: 5_000 };

/**
 * Delay before retry number `attempt` (0-based) of a transient failure: exponential backoff with
 * "equal jitter" (half fixed, half random), at least the IdP's Retry-After, and — unless that
 * Retry-After forbids it — capped so the retry happens before the access token expires.
 */
export function retryDelay(
  attempt: number,
  input: { now: number; expiresAt: number; retryAfterMs?: number | undefined; random?: () => number },
  retry: RetryOptions,
): number {
  const random = input.random ?? Math.random;
  const exp = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(attempt, 30));
  let delay = Math.floor(exp / 2 + (exp / 2) * random());
  const beforeExpiry = input.expiresAt - retry.expiryMarginMs - input.now;
  if (beforeExpiry > 0 && delay > beforeExpiry) delay = Math.floor(beforeExpiry * (0.5 + 0.5 * random()));
  const floor = input.retryAfterMs ?? 0;
  if (delay < floor) delay = floor + Math.floor(Math.min(1_000, floor * 0.1) * random());
  return Math.max(1, Math.floor(retry.baseMs / 2), delay);
}
