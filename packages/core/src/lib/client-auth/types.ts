import type { KeyObject, webcrypto } from 'node:crypto';

/**
 * How the client authenticates wherever Webex authenticates it: the token endpoint (code,
 * refresh and device grants) and revocation. Webex's discovery lists all four.
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt';

/** The methods of {@link ClientAuthMethod}, in the order Webex's discovery lists them. */
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = Object.freeze([
  'client_secret_post',
  'client_secret_basic',
  'client_secret_jwt',
  'private_key_jwt',
] as const);

/** The `alg`s of a `client_secret_jwt` assertion: an HMAC keyed with the client secret. */
export const CLIENT_SECRET_JWT_ALGORITHMS = Object.freeze(['HS256', 'HS384', 'HS512'] as const);

/** An `alg` of {@link CLIENT_SECRET_JWT_ALGORITHMS}. */
export type ClientSecretJwtAlgorithm = (typeof CLIENT_SECRET_JWT_ALGORITHMS)[number];

/** The `alg`s of a `private_key_jwt` assertion: RSA PKCS#1 v1.5, RSA-PSS, ECDSA. */
export const PRIVATE_KEY_JWT_ALGORITHMS = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const);

/** An `alg` of {@link PRIVATE_KEY_JWT_ALGORITHMS}. */
export type PrivateKeyJwtAlgorithm = (typeof PRIVATE_KEY_JWT_ALGORITHMS)[number];

/** A private JSON Web Key (RSA or EC): `kty`, the public members and the private `d`. */
export interface PrivateJwk {
  /** `RSA` or `EC`. */
  readonly kty: string;
  /** The private exponent (RSA) or scalar (EC): what makes the JWK private. */
  readonly d?: string;
  /** Used as the assertion's `kid` unless {@link PrivateKeyJwtAuth.kid} is given. */
  readonly kid?: string;
  /** Used as the assertion's `alg` unless {@link PrivateKeyJwtAuth.alg} is given. */
  readonly alg?: string;
  /** The other members (`n`, `e`, `p`, `q`… or `crv`, `x`, `y`). */
  readonly [member: string]: unknown;
}

/**
 * The client's private key for `private_key_jwt`: a WebCrypto `CryptoKey` (type `private`, usage
 * `sign`), a Node `KeyObject`, a PEM string (PKCS#8 `BEGIN PRIVATE KEY`, PKCS#1
 * `BEGIN RSA PRIVATE KEY` or SEC1 `BEGIN EC PRIVATE KEY`; not encrypted) or a private JWK object.
 * RSA keys (at least 2048 bits) sign RS256/384/512 and PS256/384/512; EC keys on P-256, P-384
 * and P-521 sign ES256, ES384 and ES512.
 */
export type ClientPrivateKey = webcrypto.CryptoKey | KeyObject | string | PrivateJwk;

/** A client secret sent as is: HTTP Basic (`client_secret_basic`) or in the body (`client_secret_post`). */
export interface ClientSecretAuth {
  /** `client_secret_basic` (Webex's default) or `client_secret_post`. */
  method: 'client_secret_basic' | 'client_secret_post';
  /** The integration's client secret. */
  clientSecret: string;
}

/** `client_secret_jwt`: a short-lived JWT (RFC 7523) signed with an HMAC of the client secret. */
export interface ClientSecretJwtAuth {
  method: 'client_secret_jwt';
  /** The integration's client secret: the HMAC key. It never leaves this process. */
  clientSecret: string;
  /** `HS256` (default), `HS384` or `HS512`. */
  alg?: ClientSecretJwtAlgorithm;
}

/** `private_key_jwt`: a short-lived JWT (RFC 7523) signed with the client's private key. */
export interface PrivateKeyJwtAuth {
  method: 'private_key_jwt';
  /** The private key; its public half (or a JWKS with it) is what is registered with the IdP. */
  key: ClientPrivateKey;
  /** The assertion header's `kid`: the registered public key's id. Default: the JWK's `kid`, else none. */
  kid?: string;
  /**
   * The signing algorithm. Default: a JWK's `alg`, else what the key is for — `RS256` for an RSA
   * key, `ES256`/`ES384`/`ES512` for a P-256/P-384/P-521 key, the algorithm a `CryptoKey` was
   * imported for.
   */
  alg?: PrivateKeyJwtAlgorithm;
}

/** Client authentication: {@link ClientSecretAuth}, {@link ClientSecretJwtAuth} or {@link PrivateKeyJwtAuth}. */
export type WebexClientAuth = ClientSecretAuth | ClientSecretJwtAuth | PrivateKeyJwtAuth;

/** @internal Client authentication as resolved by `createWebexConfig` (validated, key parsed). */
export type ResolvedClientAuth =
  | {
      readonly method: 'client_secret_basic' | 'client_secret_post';
      /** `undefined`: no credentials (a public client; refused where Webex needs them). */
      readonly secret: string | undefined;
    }
  | { readonly method: 'client_secret_jwt'; readonly secret: string; readonly alg: ClientSecretJwtAlgorithm }
  | {
      readonly method: 'private_key_jwt';
      readonly alg: PrivateKeyJwtAlgorithm;
      readonly kid: string | undefined;
      /** The key as a non-extractable WebCrypto signing key for `alg` (imported once, on first use). */
      readonly signingKey: () => Promise<webcrypto.CryptoKey>;
    };
