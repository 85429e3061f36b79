import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { ConfigState } from '../config/config.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { requestJson } from '../http/request.js';

const WHAT = 'JWKS request';

/** The key type (and curve) an asymmetric JWS algorithm needs. */
function keyTypeFor(alg: string): { kty: string; crv?: string } | undefined {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return { kty: 'RSA' };
  if (alg === 'ES256') return { kty: 'EC', crv: 'P-256' };
  if (alg === 'ES384') return { kty: 'EC', crv: 'P-384' };
  if (alg === 'ES512') return { kty: 'EC', crv: 'P-521' };
  if (alg === 'EdDSA' || alg === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519' };
  return undefined;
}

function kidError(message: string): WebexOidcError {
  return new WebexOidcError(ErrorCode.IdTokenInvalid, `The ID token failed validation (kid): ${message}`, { reason: 'kid' });
}

/**
 * @internal The JWKS of one `jwks_uri`: fetched lazily, kept for `jwksCacheTtl`, imported keys
 * cached per algorithm, and refetched at once when a token names an unknown `kid` (so a key
 * rotated between two sign-ins is accepted), at most once per `jwksRefetchCooldown` after the
 * first such refetch. Concurrent fetches share one request.
 */
export class JwksCache {
  readonly uri: string;
  readonly #state: ConfigState;
  #keys: JWK[] = [];
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #lastKidRefetch = Number.NEGATIVE_INFINITY;
  #inflight: Promise<void> | undefined;
  readonly #imported = new WeakMap<JWK, Map<string, Promise<CryptoKey | Uint8Array>>>();
  /** The key chosen for an `alg` + `kid`, until the next fetch (the hot path of validation). */
  #selected = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(uri: string, state: ConfigState) {
    this.uri = uri;
    this.#state = state;
  }

  #refresh(): Promise<void> {
    if (this.#inflight !== undefined) return this.#inflight;
    const { resolved } = this.#state;
    const pending = requestJson(WHAT, new URL(this.uri), { method: 'GET', headers: { accept: 'application/json' } }, {
      fetch: resolved.fetch,
      timeout: resolved.timeout,
    })
      .then((json) => {
        const keys = typeof json === 'object' && json !== null ? (json as { keys?: unknown }).keys : undefined;
        if (!Array.isArray(keys)) {
          throw new WebexOidcError(ErrorCode.InvalidResponse, 'The Webex JWKS has no "keys" array.');
        }
        this.#keys = keys.filter((k): k is JWK => typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string');
        this.#selected = new Map();
        this.#fetchedAt = Date.now();
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    this.#inflight = pending;
    return pending;
  }

  #candidates(alg: string, kid: string | undefined): JWK[] {
    const type = keyTypeFor(alg);
    if (type === undefined) return [];
    return this.#keys.filter(
      (k) =>
        (kid === undefined || k.kid === kid) &&
        k.kty === type.kty &&
        (type.crv === undefined || k.crv === type.crv) &&
        (k.use === undefined || k.use === 'sig') &&
        (k.alg === undefined || k.alg === alg) &&
        (k.key_ops === undefined || k.key_ops.includes('verify')),
    );
  }

  /** The verification key for a token header; rejects with `id_token_invalid` / `kid`. */
  async getKey(alg: string, kid: string | undefined): Promise<CryptoKey | Uint8Array> {
    const { resolved } = this.#state;
    const now = Date.now();
    if (now - this.#fetchedAt >= resolved.jwksCacheTtl) await this.#refresh();
    const cacheKey = `${alg} ${kid ?? ''}`;
    const selected = this.#selected.get(cacheKey);
    if (selected !== undefined) return selected;
    let candidates = this.#candidates(alg, kid);
    if (candidates.length === 0 && kid !== undefined) {
      if (Date.now() - this.#lastKidRefetch < resolved.jwksRefetchCooldown) {
        throw kidError('no key in the JWKS has this kid, and the JWKS was refetched moments ago; retry shortly.');
      }
      this.#lastKidRefetch = Date.now();
      await this.#refresh();
      candidates = this.#candidates(alg, kid);
    }
    if (candidates.length === 0) throw kidError('no key in the Webex JWKS matches the token header.');
    const [jwk, ...others] = candidates;
    if (jwk === undefined || others.length > 0) {
      throw kidError('several keys in the Webex JWKS match the token header (ambiguous kid).');
    }
    let perAlg = this.#imported.get(jwk);
    if (perAlg === undefined) {
      perAlg = new Map();
      this.#imported.set(jwk, perAlg);
    }
    let key = perAlg.get(alg);
    if (key === undefined) {
      key = importJWK(jwk, alg);
      perAlg.set(alg, key);
      key.catch(() => perAlg.delete(alg));
    }
    const usable = key.catch((err: unknown) => {
      throw new WebexOidcError(ErrorCode.IdTokenInvalid, 'The ID token failed validation (kid): the matching JWKS key is unusable.', {
        reason: 'kid',
        cause: err,
      });
    });
    this.#selected.set(cacheKey, usable);
    usable.catch(() => this.#selected.delete(cacheKey));
    return usable;
  }
}

/** @internal The JWKS cache of a configuration for `jwksUri` (recreated if discovery moved it). */
export function jwksFor(state: ConfigState, jwksUri: string): JwksCache {
  if (state.jwks === undefined || state.jwks.uri !== jwksUri) state.jwks = new JwksCache(jwksUri, state);
  return state.jwks;
}
