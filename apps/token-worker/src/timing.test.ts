import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, DEFAULT_TIMING, isFresh, nextRunAt, retryDelay } from './timing.js';

const HOUR = 3_600_000;
const t0 = 1_000_000_000_000;

describe('nextRunAt', () => {
  const times = { issuedAt: t0, expiresAt: t0 + 14 * 24 * HOUR };
  it('is the 75% point with no jitter, and never later than it with jitter', () => {
    expect(nextRunAt(times, DEFAULT_TIMING, { now: t0, reauthSoonSent: true, random: () => 0 })).toBe(t0 + 0.75 * 14 * 24 * HOUR);
    const jittered = nextRunAt(times, DEFAULT_TIMING, { now: t0, reauthSoonSent: true, random: () => 0.999 });
    expect(jittered).toBeLessThan(t0 + 0.75 * 14 * 24 * HOUR);
    expect(jittered).toBeGreaterThanOrEqual(t0 + 0.75 * 14 * 24 * HOUR - DEFAULT_TIMING.maxJitterMs);
  });
  it('honours a configured refresh point', () => {
    expect(nextRunAt({ issuedAt: t0, expiresAt: t0 + 1000 }, { ...DEFAULT_TIMING, refreshAt: 0.5 }, { now: t0, reauthSoonSent: true, random: () => 0 })).toBe(t0 + 500);
  });
  it('comes early for reauth_soon (once) and for a last refresh before the refresh token dies', () => {
    const refreshExpiresAt = t0 + 10 * 24 * HOUR; // before the 75% point (10.5 days)
    const soon = nextRunAt({ ...times, refreshExpiresAt }, DEFAULT_TIMING, { now: t0, reauthSoonSent: false, random: () => 0 });
    expect(soon).toBe(refreshExpiresAt - DEFAULT_TIMING.reauthSoonMs);
    const last = nextRunAt({ ...times, refreshExpiresAt }, DEFAULT_TIMING, { now: t0, reauthSoonSent: true, random: () => 0 });
    expect(last).toBe(refreshExpiresAt - DEFAULT_TIMING.lastChanceMs);
  });
  it('is never in the past', () => {
    expect(nextRunAt({ issuedAt: t0, expiresAt: t0 + 1000 }, DEFAULT_TIMING, { now: t0 + 5000, reauthSoonSent: true })).toBe(t0 + 5000);
  });
  it('isFresh tells a set refreshed by someone else from a due one', () => {
    expect(isFresh({ issuedAt: t0, expiresAt: t0 + 4000 }, DEFAULT_TIMING, t0 + 100)).toBe(true);
    expect(isFresh({ issuedAt: t0, expiresAt: t0 + 4000 }, DEFAULT_TIMING, t0 + 2950)).toBe(false);
  });
});

describe('retryDelay', () => {
  const now = t0;
  const far = now + 24 * HOUR;
  it('grows exponentially with jitter, up to the maximum', () => {
    expect(retryDelay(0, { now, expiresAt: far, random: () => 0 }, DEFAULT_RETRY)).toBe(500);
    expect(retryDelay(3, { now, expiresAt: far, random: () => 1 }, DEFAULT_RETRY)).toBe(8_000);
    expect(retryDelay(40, { now, expiresAt: far, random: () => 1 }, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxMs);
  });
  it('honours Retry-After', () => {
    expect(retryDelay(0, { now, expiresAt: far, retryAfterMs: 30_000, random: () => 0 }, DEFAULT_RETRY)).toBe(30_000);
  });
  it('schedules the retry before the access token expires', () => {
    const expiresAt = now + 20_000;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect(now + retryDelay(attempt, { now, expiresAt, random: Math.random }, DEFAULT_RETRY)).toBeLessThan(expiresAt);
    }
  });
});
