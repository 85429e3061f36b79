import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private RS256 signing key as a JWK with `kid`, `alg` and `use`. */
export type SigningJwk = JWK & { kid: string };

/** Generates a fresh RS256 signing key (2048-bit RSA) with a random `kid`. */
export async function generateSigningKey(): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `sandbox-${randomUUID()}`, alg: 'RS256', use: 'sig' };
}
