import { createPrivateKey, createPublicKey, KeyObject, webcrypto, type JsonWebKey } from 'node:crypto';
import { argError } from '../util/args.js';
import { PRIVATE_KEY_JWT_ALGORITHMS, type PrivateKeyJwtAlgorithm } from './types.js';

// Every message here names the option and what is wrong with the key (its type, curve, size),
// never the key itself: no PEM, JWK member or bytes ever reaches an error.

const KEY = '"options.clientAuth.key"';
const ALG = '"options.clientAuth.alg"';
const MIN_RSA_BITS = 2048;
const RSA_ALGS = PRIVATE_KEY_JWT_ALGORITHMS.filter((alg) => !alg.startsWith('ES'));
/** JWS algorithm names that may be echoed in messages (anything else could be a misplaced secret). */
const KNOWN_ALGS = new Set<string>([...PRIVATE_KEY_JWT_ALGORITHMS, 'HS256', 'HS384', 'HS512', 'EdDSA', 'Ed25519', 'Ed448', 'ES256K', 'none']);

/** The key, validated and ready: the assertion's `alg` and `kid`, and its WebCrypto signing key. */
export interface ResolvedPrivateKey {
  readonly alg: PrivateKeyJwtAlgorithm;
  readonly kid: string | undefined;
  readonly signingKey: () => Promise<webcrypto.CryptoKey>;
}

function got(alg: string): string {
  return KNOWN_ALGS.has(alg) ? `got "${alg}"` : 'got an unsupported value';
}

/** The `alg` option checked on its own (a `PRIVATE_KEY_JWT_ALGORITHMS` member), or `undefined`. */
function requestedAlg(alg: unknown): PrivateKeyJwtAlgorithm | undefined {
  if (alg === undefined) return undefined;
  if (typeof alg !== 'string') throw argError('ERR_INVALID_ARG_TYPE', `${ALG} must be a string such as "RS256" or "ES256".`);
  if (alg.startsWith('HS')) {
    throw argError(
      'ERR_INVALID_ARG_VALUE',
      `${ALG} "${KNOWN_ALGS.has(alg) ? alg : 'HS…'}" is an HMAC algorithm, which private_key_jwt does not use: for an HMAC with the client secret use method "client_secret_jwt"; with a private key use ${PRIVATE_KEY_JWT_ALGORITHMS.join(', ')}.`,
    );
  }
  if (!(PRIVATE_KEY_JWT_ALGORITHMS as readonly string[]).includes(alg)) {
    throw argError('ERR_INVALID_ARG_VALUE', `${ALG} must be one of ${PRIVATE_KEY_JWT_ALGORITHMS.join(', ')} for private_key_jwt; ${got(alg)}.`);
  }
  return alg as PrivateKeyJwtAlgorithm;
}

function publicKeyError(): TypeError {
  return argError(
    'ERR_INVALID_ARG_VALUE',
    `${KEY} is a public key (or certificate); private_key_jwt signs with the private key: pass the private key here and register its public key (or a JWKS with it) with the IdP.`,
  );
}

function symmetricKeyError(): TypeError {
  return argError(
    'ERR_INVALID_ARG_VALUE',
    `${KEY} is a symmetric (secret) key; private_key_jwt needs an RSA or EC private key. For an HMAC with the client secret use { method: "client_secret_jwt", clientSecret }.`,
  );
}

function unsupportedKeyError(what: string): TypeError {
  return argError(
    'ERR_INVALID_ARG_VALUE',
    `${KEY} is ${what}; private_key_jwt signs with an RSA key (RS256…RS512, PS256…PS512) or an EC key on P-256, P-384 or P-521 (ES256, ES384, ES512).`,
  );
}

function rsaSizeError(bits: number): TypeError {
  return argError('ERR_INVALID_ARG_VALUE', `${KEY} is a ${bits}-bit RSA key; RS* and PS* need at least ${MIN_RSA_BITS} bits.`);
}

/** `ES256`… for a curve, under its Node (`prime256v1`) or WebCrypto (`P-256`) name. */
function ecAlg(curve: string | undefined): PrivateKeyJwtAlgorithm {
  switch (curve) {
    case 'prime256v1':
    case 'P-256':
      return 'ES256';
    case 'secp384r1':
    case 'P-384':
      return 'ES384';
    case 'secp521r1':
    case 'P-521':
      return 'ES512';
    default:
      throw unsupportedKeyError(`an EC key on curve ${curve ?? '(unknown)'}`);
  }
}

function hashOf(alg: PrivateKeyJwtAlgorithm): string {
  return `SHA-${alg.slice(2)}`;
}

/** WebCrypto import parameters of a key for `alg`. */
function importParams(alg: PrivateKeyJwtAlgorithm): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  switch (alg.slice(0, 2)) {
    case 'RS':
      return { name: 'RSASSA-PKCS1-v1_5', hash: hashOf(alg) };
    case 'PS':
      return { name: 'RSA-PSS', hash: hashOf(alg) };
    default:
      return { name: 'ECDSA', namedCurve: `P-${alg === 'ES512' ? '521' : alg.slice(2)}` };
  }
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** A private `KeyObject`: checks its type, size or curve against `alg` (or picks the default). */
function fromKeyObject(key: KeyObject, alg: PrivateKeyJwtAlgorithm | undefined, kid: string | undefined): ResolvedPrivateKey {
  if (key.type === 'public') throw publicKeyError();
  if (key.type !== 'private') throw symmetricKeyError();
  let chosen: PrivateKeyJwtAlgorithm;
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) throw rsaSizeError(bits);
      chosen = alg ?? 'RS256';
      if (!(RSA_ALGS as readonly string[]).includes(chosen)) {
        throw argError('ERR_INVALID_ARG_VALUE', `${ALG} "${chosen}" does not fit an RSA key: use ${RSA_ALGS.join(', ')} (or omit alg for RS256).`);
      }
      break;
    }
    case 'ec': {
      const fits = ecAlg(key.asymmetricKeyDetails?.namedCurve);
      if (alg !== undefined && alg !== fits) {
        throw argError('ERR_INVALID_ARG_VALUE', `${ALG} "${alg}" does not fit this EC key, whose curve signs ${fits}: use ${fits} (or omit alg).`);
      }
      chosen = fits;
      break;
    }
    case 'rsa-pss':
      throw unsupportedKeyError(
        'an RSASSA-PSS-only key (id-RSASSA-PSS), which WebCrypto cannot import; use an ordinary RSA key (rsaEncryption), which signs PS256…PS512 too',
      );
    default:
      throw unsupportedKeyError(`a ${key.asymmetricKeyType ?? 'non-RSA, non-EC'} key`);
  }
  const signingKey = once(() =>
    webcrypto.subtle.importKey('pkcs8', key.export({ format: 'der', type: 'pkcs8' }), importParams(chosen), false, ['sign']),
  );
  return { alg: chosen, kid, signingKey };
}

/** A WebCrypto key is bound to one algorithm: `alg` must be that one. */
function fromCryptoKey(key: webcrypto.CryptoKey, alg: PrivateKeyJwtAlgorithm | undefined, kid: string | undefined): ResolvedPrivateKey {
  if (key.type === 'public') throw publicKeyError();
  if (key.type !== 'private') throw symmetricKeyError();
  if (!key.usages.includes('sign')) {
    throw argError('ERR_INVALID_ARG_VALUE', `${KEY} is a CryptoKey without the "sign" usage; import or generate it with usages ["sign"].`);
  }
  const algorithm = key.algorithm as Partial<webcrypto.RsaHashedKeyAlgorithm & webcrypto.EcKeyAlgorithm>;
  let fits: PrivateKeyJwtAlgorithm;
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS') {
    const bits = algorithm.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw rsaSizeError(bits);
    const candidate = `${algorithm.name === 'RSA-PSS' ? 'PS' : 'RS'}${(algorithm.hash?.name ?? '').replace('SHA-', '')}`;
    if (!(RSA_ALGS as readonly string[]).includes(candidate)) throw unsupportedKeyError(`an RSA CryptoKey with hash ${algorithm.hash?.name ?? '(none)'}`);
    fits = candidate as PrivateKeyJwtAlgorithm;
  } else if (algorithm.name === 'ECDSA') {
    fits = ecAlg(algorithm.namedCurve);
  } else {
    throw unsupportedKeyError(`a ${algorithm.name ?? 'non-RSA, non-EC'} CryptoKey`);
  }
  if (alg !== undefined && alg !== fits) {
    throw argError(
      'ERR_INVALID_ARG_VALUE',
      `${ALG} "${alg}" does not fit this CryptoKey, which was imported for ${fits} (a CryptoKey is bound to one algorithm): omit alg, or import the key for ${alg}.`,
    );
  }
  return { alg: fits, kid, signingKey: () => Promise.resolve(key) };
}

function fromPem(pem: string): KeyObject {
  if (/ENCRYPTED/.test(pem)) {
    throw argError(
      'ERR_INVALID_ARG_VALUE',
      `${KEY} is an encrypted PEM; decrypt it first, e.g. crypto.createPrivateKey({ key, passphrase }), and pass the KeyObject.`,
    );
  }
  try {
    return createPrivateKey(pem);
  } catch {
    // Not a private key: say whether it is a public key or certificate, never what it holds.
  }
  let isPublic = false;
  try {
    createPublicKey(pem);
    isPublic = true;
  } catch {
    isPublic = false;
  }
  if (isPublic) throw publicKeyError();
  throw argError(
    'ERR_INVALID_ARG_VALUE',
    `${KEY} is not a PEM private key (PKCS#8 "BEGIN PRIVATE KEY", PKCS#1 "BEGIN RSA PRIVATE KEY" or SEC1 "BEGIN EC PRIVATE KEY"); pass a JWK as an object (JSON.parse it first).`,
  );
}

/** A WebCrypto key of this realm (Node's `CryptoKey` is a global; `webcrypto.CryptoKey` is not exposed on Node 20). */
function isCryptoKey(value: unknown): value is webcrypto.CryptoKey {
  const CryptoKeyClass: unknown = Reflect.get(globalThis, 'CryptoKey');
  return typeof CryptoKeyClass === 'function' && value instanceof CryptoKeyClass;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates the key of `private_key_jwt` (any {@link ClientPrivateKey} form) with its `alg` and
 * `kid` options: a private RSA (≥ 2048 bits) or EC (P-256/384/521) key that fits `alg`. Bad
 * input is a `TypeError` with a Node-style `code` whose message never contains key material.
 */
export function resolvePrivateKey(key: unknown, algOption: unknown, kidOption: unknown): ResolvedPrivateKey {
  if (key === undefined) {
    throw argError(
      'ERR_MISSING_OPTION',
      `${KEY} is required for private_key_jwt: the client's private key (CryptoKey, KeyObject, PEM string or private JWK).`,
    );
  }
  const alg = requestedAlg(algOption);
  if (kidOption !== undefined && typeof kidOption !== 'string') throw argError('ERR_INVALID_ARG_TYPE', '"options.clientAuth.kid" must be a string.');
  if (kidOption === '') throw argError('ERR_INVALID_ARG_VALUE', '"options.clientAuth.kid" must not be empty (omit it to send no kid).');
  const kid = kidOption as string | undefined;
  if (isCryptoKey(key)) return fromCryptoKey(key, alg, kid);
  if (key instanceof KeyObject) return fromKeyObject(key, alg, kid);
  if (typeof key === 'string') return fromKeyObject(fromPem(key), alg, kid);
  if (isRecord(key) && typeof key.kty === 'string') {
    if (key.kty === 'oct') throw symmetricKeyError();
    if (key.d === undefined) throw publicKeyError();
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
    } catch {
      throw argError('ERR_INVALID_ARG_VALUE', `${KEY} is not a usable private JWK; check its kty, crv and key members.`);
    }
    let jwkAlg: PrivateKeyJwtAlgorithm | undefined;
    if (alg === undefined && key.alg !== undefined) {
      if (typeof key.alg !== 'string' || !(PRIVATE_KEY_JWT_ALGORITHMS as readonly string[]).includes(key.alg)) {
        throw argError(
          'ERR_INVALID_ARG_VALUE',
          `The JWK in ${KEY} is marked for alg ${typeof key.alg === 'string' ? `"${KNOWN_ALGS.has(key.alg) ? key.alg : '…'}"` : '(not a string)'}, which private_key_jwt does not sign with; set "options.clientAuth.alg" to one of ${PRIVATE_KEY_JWT_ALGORITHMS.join(', ')} or use a signing key.`,
        );
      }
      jwkAlg = key.alg as PrivateKeyJwtAlgorithm;
    }
    return fromKeyObject(keyObject, alg ?? jwkAlg, kid ?? (typeof key.kid === 'string' && key.kid !== '' ? key.kid : undefined));
  }
  throw argError('ERR_INVALID_ARG_TYPE', `${KEY} must be a CryptoKey, a KeyObject, a PEM string or a private JWK object.`);
}
