import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aadFor, decryptTokens, encryptTokens, freshIv } from './cipher.js';
import { resolveKeyring } from './keyring.js';

const identity = { id: 'a'.repeat(22) + '.' + 'b'.repeat(22), userId: 'u@example.com', clientId: 'c1', provider: 'webex' };
const ring = resolveKeyring({ current: 'k1', keys: { k1: randomBytes(32) } });
const secret = { accessToken: 'AT_unit_0001', refreshToken: 'RT_unit_0001', idToken: undefined };

describe('cipher', () => {
  it('round-trips and writes no plaintext', () => {
    const sealed = encryptTokens(secret, identity, ring);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.ciphertext).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed.ciphertext).not.toContain('AT_unit');
    expect(Buffer.from(sealed.ciphertext.split('.')[2] ?? '', 'base64url').toString('latin1')).not.toContain('AT_unit');
    expect(decryptTokens('k1', sealed.ciphertext, identity, ring)).toEqual(secret);
  });

  it('hands out every IV once, across refills of its random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      const iv = freshIv();
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(2_000);
    const ivs = Array.from({ length: 600 }, () => encryptTokens(secret, identity, ring).ciphertext.split('.')[1]);
    expect(new Set(ivs).size).toBe(600);
  });

  it('binds every identity field', () => {
    const sealed = encryptTokens(secret, identity, ring);
    for (const field of ['id', 'userId', 'clientId', 'provider'] as const) {
      expect(() => decryptTokens('k1', sealed.ciphertext, { ...identity, [field]: `${identity[field]}x` }, ring)).toThrow(
        expect.objectContaining({ code: 'decrypt_failed' }),
      );
    }
  });

  it('encodes the AAD unambiguously', () => {
    const a = aadFor({ ...identity, userId: 'ab', clientId: 'c' });
    const b = aadFor({ ...identity, userId: 'a', clientId: 'bc' });
    expect(a.equals(b)).toBe(false);
  });

  it('names an unknown key id as key_not_found', () => {
    const sealed = encryptTokens(secret, identity, ring);
    expect(() => decryptTokens('k9', sealed.ciphertext, identity, ring)).toThrow(expect.objectContaining({ code: 'key_not_found', keyId: 'k9' }));
  });

  it('a different key under the same id fails authentication', () => {
    const sealed = encryptTokens(secret, identity, ring);
    const other = resolveKeyring({ current: 'k1', keys: { k1: randomBytes(32) } });
    expect(() => decryptTokens('k1', sealed.ciphertext, identity, other)).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
  });
});

describe('keyring', () => {
  it('copies keys so later changes to the caller buffer do not leak in', () => {
    const raw = randomBytes(32);
    const resolved = resolveKeyring({ current: 'k', keys: { k: raw } });
    const sealed = encryptTokens(secret, identity, resolved);
    raw.fill(0);
    expect(decryptTokens('k', sealed.ciphertext, identity, resolved)).toEqual(secret);
  });
});
