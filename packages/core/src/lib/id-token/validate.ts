import { jwtVerify, type JWTPayload } from 'jose';
import { stateOf, type ConfigState, type WebexConfig } from '../config/config.js';
import { discoverState } from '../discovery/discover.js';
import type { WebexServerMetadata } from '../discovery/metadata.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { argError, assertOptionalNumber, assertOptionalString } from '../util/args.js';
import { atHash } from './at-hash.js';
import type { IdTokenClaims, IdTokenFailureReason, ValidateIdTokenOptions } from './claims.js';
import { jwksFor } from './jwks.js';

const ASYMMETRIC = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);

const ADVICE: Partial<Record<IdTokenFailureReason, string>> = {
  signature: 'its signature does not verify against the Webex JWKS',
  alg: 'its algorithm is not an allowed asymmetric one (none and HS* are refused)',
  iss: 'its issuer is not in the allow-list',
  aud: 'it was not issued for this client id',
  exp: 'it has expired (check the clock)',
  nbf: 'it is not valid yet (check the clock)',
  iat: 'its issue time is missing or in the future (check the clock)',
  auth_time: 'the user authenticated longer ago than max_age allows',
  at_hash: 'its at_hash does not match the access token',
  malformed: 'it is not a well-formed JWT',
  sub: 'it has no subject',
  azp: 'its authorized party is another client',
};

const allowedByMetadata = new WeakMap<WebexServerMetadata, string[]>();

/** The asymmetric algorithms discovery advertises (all of them when it lists none). */
function allowedAlgorithms(metadata: WebexServerMetadata): string[] {
  let allowed = allowedByMetadata.get(metadata);
  if (allowed === undefined) {
    const advertised = metadata.id_token_signing_alg_values_supported;
    allowed = [...ASYMMETRIC].filter((a) => !Array.isArray(advertised) || advertised.includes(a));
    allowedByMetadata.set(metadata, allowed);
  }
  return allowed;
}

function keyId(kid: unknown): string | undefined {
  if (kid === undefined || typeof kid === 'string') return kid;
  throw idTokenError('kid');
}

/** Builds the `id_token_invalid` (or `nonce_mismatch` / `issuer_not_allowed`) error for a failed check. */
export function idTokenError(reason: IdTokenFailureReason, cause?: unknown): WebexOidcError {
  if (reason === 'nonce') {
    return new WebexOidcError(ErrorCode.NonceMismatch, 'The ID token nonce does not match the one sent; start the sign-in again.', {
      reason,
      cause,
    });
  }
  const code = reason === 'iss' ? ErrorCode.IssuerNotAllowed : ErrorCode.IdTokenInvalid;
  const advice = ADVICE[reason] ?? 'a required claim is missing';
  return new WebexOidcError(code, `The ID token failed validation (${reason}): ${advice}.`, { reason, cause });
}

function joseReason(err: unknown): IdTokenFailureReason {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWT_EXPIRED':
      return 'exp';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (err as { claim?: unknown }).claim;
      return claim === 'nbf' || claim === 'iat' || claim === 'exp' ? claim : 'malformed';
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'alg';
    default:
      return 'malformed';
  }
}

/** @internal Validation with already-resolved state and metadata (shared by every flow). */
export async function validateIdTokenWith(
  state: ConfigState,
  metadata: WebexServerMetadata,
  idToken: string,
  options: ValidateIdTokenOptions,
): Promise<IdTokenClaims> {
  const jwks = jwksFor(state, metadata.jwks_uri);
  const tolerance = state.resolved.clockTolerance;
  let payload: JWTPayload;
  let alg: string;
  try {
    // One header parse: jose hands the header to the key resolver and enforces the allowed algs
    // (asymmetric only, and advertised by discovery) before any key or signature work.
    const verified = await jwtVerify(idToken, (header) => jwks.getKey(header.alg, keyId(header.kid)), {
      algorithms: allowedAlgorithms(metadata),
      clockTolerance: tolerance,
    });
    payload = verified.payload;
    alg = verified.protectedHeader.alg;
  } catch (err) {
    if (err instanceof WebexOidcError) throw err;
    throw idTokenError(joseReason(err), err);
  }
  const now = Math.floor(Date.now() / 1000);
  if (!state.issuers.test(payload.iss)) throw idTokenError('iss');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw idTokenError('sub');
  const { clientId } = state.resolved;
  const aud = payload.aud;
  if (!(aud === clientId || (Array.isArray(aud) && aud.includes(clientId)))) throw idTokenError('aud');
  if (payload.azp !== undefined && payload.azp !== clientId) throw idTokenError('azp');
  if (typeof payload.exp !== 'number') throw idTokenError('exp');
  if (typeof payload.iat !== 'number' || payload.iat > now + tolerance) throw idTokenError('iat');
  if (options.nonce !== undefined && payload.nonce !== options.nonce) throw idTokenError('nonce');
  if (options.maxAge !== undefined) {
    const authTime = payload.auth_time;
    if (typeof authTime !== 'number' || authTime + options.maxAge < now - tolerance) throw idTokenError('auth_time');
  }
  if (options.accessToken !== undefined) {
    const claimed = payload.at_hash;
    if (claimed === undefined) {
      if (options.requireAtHash === true) throw idTokenError('at_hash');
    } else if (claimed !== atHash(options.accessToken, alg)) {
      throw idTokenError('at_hash');
    }
  } else if (options.requireAtHash === true) {
    throw argError('ERR_MISSING_OPTION', '"options.accessToken" is required when "options.requireAtHash" is true.');
  }
  return payload as IdTokenClaims;
}

/**
 * Validates an ID token on its own: signature against the cached JWKS (refetched once on an
 * unknown `kid`, guarded by a cooldown), `alg` (asymmetric only: `none` and `HS*` refused), `iss`
 * against the allow-list (`issuer_not_allowed`), `aud` contains the client id (and `azp`, when
 * present, is the client id), `exp`, `iat` present and not in the future beyond the clock
 * tolerance, `nonce` (`nonce_mismatch`), `auth_time` vs `maxAge`, `at_hash` vs `accessToken`.
 *
 * Rejects with `id_token_invalid` whose `reason` names the failed check.
 */
export async function validateIdToken(
  config: WebexConfig,
  idToken: string,
  options: ValidateIdTokenOptions = {},
): Promise<IdTokenClaims> {
  const state = stateOf(config);
  if (typeof idToken !== 'string') throw argError('ERR_INVALID_ARG_TYPE', '"idToken" must be a string.');
  if (typeof options !== 'object' || options === null) throw argError('ERR_INVALID_ARG_TYPE', '"options" must be an object.');
  assertOptionalString(options.nonce, 'options.nonce');
  assertOptionalNumber(options.maxAge, 'options.maxAge');
  assertOptionalString(options.accessToken, 'options.accessToken');
  const metadata = await discoverState(state);
  return validateIdTokenWith(state, metadata, idToken, options);
}
