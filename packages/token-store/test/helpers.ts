import { randomBytes } from 'node:crypto';
import type { WebexTokenSet } from '@webex-oidc/core';
import { expect } from 'vitest';
import { isTokenStoreError, type Keyring, type NewTokenSet, type TokenStoreErrorCode } from '../src/index.js';

/** A fresh 32-byte key. */
export function key(): Buffer {
  return randomBytes(32);
}

/** Every token any helper has minted in this process (for plaintext scans). */
export const mintedTokens: string[] = [];

function token(kind: string): string {
  const value = `${kind}_${randomBytes(24).toString('base64url')}`;
  mintedTokens.push(value);
  return value;
}

/** A realistic token set with unique, recognisable tokens. */
export function tokens(overrides: Partial<WebexTokenSet> = {}): WebexTokenSet {
  const issuedAt = overrides.issuedAt ?? 1_800_000_000_000;
  return {
    accessToken: token('AT'),
    refreshToken: token('RT'),
    idToken: token('eyJID'),
    tokenType: 'Bearer',
    scope: ['openid', 'spark:all'],
    expiresAt: issuedAt + 14 * 24 * 3600_000,
    refreshExpiresAt: issuedAt + 90 * 24 * 3600_000,
    issuedAt,
    ...overrides,
  };
}

/** A sign-in for `userId` on `clientId`, issued at `issuedAt`. */
export function signIn(userId: string, clientId = 'client-a', issuedAt = 1_800_000_000_000): NewTokenSet {
  return { userId, clientId, clientType: 'web', provider: 'webex', tokens: tokens({ issuedAt }) };
}

/** A keyring with one fresh key. */
export function keyring(id = 'k1'): Keyring {
  return { current: id, keys: { [id]: key() } };
}

/** Assert that `promise` rejects with a TokenStoreError of `code`; returns it. */
export async function rejectsWith(promise: Promise<unknown>, code: TokenStoreErrorCode): Promise<Error> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTokenStoreError(err), `expected a TokenStoreError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  return err as Error;
}

/** Assert that `fn` throws synchronously or rejects with a TokenStoreError of `code`. */
export async function failsWith(fn: () => unknown, code: TokenStoreErrorCode): Promise<Error> {
  return rejectsWith(Promise.resolve().then(fn), code);
}

/** A unique user id. */
export function user(name = 'user'): string {
  return `${name}-${randomBytes(6).toString('hex')}@example.com`;
}
