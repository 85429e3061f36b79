import { describe, expect, it } from 'vitest';
import { durationInWords, relative, tokenHint } from './format.js';

describe('durationInWords', () => {
  it.each([
    [0, '0 seconds'],
    [400, '0 seconds'],
    [1000, '1 second'],
    [45_000, '45 seconds'],
    [60_000, '1 minute'],
    [90_000, '1 minute 30 seconds'],
    [5_399_600, '1 hour 30 minutes'],
    [5_400_000, '1 hour 30 minutes'],
    [3_599_800, '1 hour'],
    [21_600_000, '6 hours'],
    [64_799_000, '18 hours'],
    [86_400_000 * 2 + 3_600_000 * 3, '2 days 3 hours'],
    [-90_000, '1 minute 30 seconds'],
  ])('%d ms → %s', (ms, words) => {
    expect(durationInWords(ms)).toBe(words);
  });
});

describe('relative / tokenHint', () => {
  it('says in … or … ago', () => {
    expect(relative(10_000, 0)).toBe('in 10 seconds');
    expect(relative(0, 300_000)).toBe('5 minutes ago');
  });
  it('never shows more than the last 4 characters', () => {
    expect(tokenHint('abcdefghijkl')).toBe('…ijkl (12 chars)');
  });
});
