import { describe, expect, it } from 'vitest';
import { parseSummary, summaryToHash } from './record.js';
import type { TokenSetSummary } from './types.js';

const full: TokenSetSummary = {
  id: `${'a'.repeat(22)}.${'b'.repeat(22)}`,
  userId: 'u@example.com',
  clientId: 'client-a',
  clientType: 'desktop',
  provider: 'finesse',
  status: 'reauth_required',
  version: 7,
  createdAt: 1_800_000_000_000,
  updatedAt: 1_800_000_100_000,
  expiresAt: 1_800_001_000_000,
  issuedAt: 1_800_000_050_000,
  refreshExpiresAt: 1_800_100_000_000,
  scope: ['openid', 'spark:all'],
  hasRefreshToken: true,
  hasIdToken: false,
  keyId: 'k2',
  metadata: { lastRefreshAt: 1_800_000_050_000, refreshCount: 3, lastError: 'rate_limited' },
};

describe('record format', () => {
  it('summaryToHash is the inverse of parseSummary, with and without optional fields', () => {
    const bare: TokenSetSummary = { ...full, refreshExpiresAt: undefined, scope: undefined, hasRefreshToken: false, hasIdToken: true, metadata: {} };
    for (const summary of [full, bare, { ...full, scope: [] }]) {
      const hash = summaryToHash(summary);
      expect(hash).not.toHaveProperty('ciphertext');
      expect(parseSummary(hash)).toEqual(summary);
    }
  });
});
