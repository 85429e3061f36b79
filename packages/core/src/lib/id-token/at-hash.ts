import { createHash } from 'node:crypto';

/** The hash function OpenID Connect pairs with a JWS algorithm for `at_hash` / `c_hash`. */
export function hashFor(alg: string): 'sha256' | 'sha384' | 'sha512' | undefined {
  if (/^(RS|PS|ES)256$/.test(alg)) return 'sha256';
  if (/^(RS|PS|ES)384$/.test(alg)) return 'sha384';
  if (/^(RS|PS|ES)512$/.test(alg) || alg === 'EdDSA' || alg === 'Ed25519') return 'sha512';
  return undefined;
}

/**
 * `at_hash` of an access token: base64url of the left half of the hash of its ASCII bytes,
 * with the hash the ID token's `alg` implies (OpenID Connect Core §3.2.2.9).
 */
export function atHash(accessToken: string, alg: string): string | undefined {
  const hash = hashFor(alg);
  if (hash === undefined) return undefined;
  const digest = createHash(hash).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
