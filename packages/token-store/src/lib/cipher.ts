import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenStoreError, TokenStoreErrorCode } from './errors.js';
import type { ResolvedKeyring } from './keyring.js';

/** @internal The secret part of a set: the only fields that are encrypted. */
export interface SecretTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
}

/** @internal The identity bound to a ciphertext as AAD. */
export interface RecordIdentity {
  id: string;
  userId: string;
  clientId: string;
  provider: string;
}

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs are cut from a pool of CSPRNG output, each 12 bytes used once (one `randomBytes` call per 512 IVs). */
const IV_POOL_BYTES = IV_BYTES * 512;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/** @internal A fresh random 96-bit GCM IV (never handed out twice). */
export function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** @internal Additional authenticated data: the record's identity, unambiguously encoded. */
export function aadFor(identity: RecordIdentity): Buffer {
  return Buffer.from(
    JSON.stringify(['webex-oidc/token-store', FORMAT, identity.id, identity.userId, identity.clientId, identity.provider]),
    'utf8',
  );
}

/** @internal Encrypt with the keyring's current key. Returns the key id and `v1.<iv>.<ciphertext>.<tag>` (base64url). */
export function encryptTokens(
  secret: SecretTokens,
  identity: RecordIdentity,
  keyring: ResolvedKeyring,
): { keyId: string; ciphertext: string } {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', keyring.current, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(identity));
  const plaintext = Buffer.from(
    JSON.stringify({ a: secret.accessToken, r: secret.refreshToken, i: secret.idToken }),
    'utf8',
  );
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  const tag = cipher.getAuthTag();
  return {
    keyId: keyring.currentId,
    ciphertext: [FORMAT, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.'),
  };
}

function failed(identity: RecordIdentity, keyId: string, cause?: unknown): TokenStoreError {
  return new TokenStoreError(
    TokenStoreErrorCode.DecryptFailed,
    `Token set ${identity.id} could not be decrypted with key "${keyId}": the record was altered, copied from another record, or the key under that id changed. Treat the set as lost (sign in again).`,
    { tokenSetId: identity.id, keyId, cause },
  );
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/** @internal Decrypt a ciphertext written by {@link encryptTokens}, checking the identity it is bound to. */
export function decryptTokens(
  keyId: string,
  ciphertext: string,
  identity: RecordIdentity,
  keyring: ResolvedKeyring,
): SecretTokens {
  const key = keyring.keys.get(keyId);
  if (key === undefined) {
    throw new TokenStoreError(
      TokenStoreErrorCode.KeyNotFound,
      `Token set ${identity.id} is encrypted with key "${keyId}", which is not in the keyring: add that key back (and run reencrypt() before dropping it).`,
      { tokenSetId: identity.id, keyId },
    );
  }
  const parts = ciphertext.split('.');
  const [format, ivText, bodyText, tagText] = parts;
  if (parts.length !== 4 || format !== FORMAT || ivText === undefined || bodyText === undefined || tagText === undefined) {
    throw failed(identity, keyId);
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw failed(identity, keyId);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadFor(identity));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]);
  } catch (cause) {
    // A GCM failure says "Unsupported state or unable to authenticate data": no secret in it.
    throw failed(identity, keyId, cause);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain.toString('utf8'));
  } catch {
    // Not kept as cause: JSON.parse messages quote the input, which would be plaintext.
    throw failed(identity, keyId);
  } finally {
    plain.fill(0);
  }
  if (typeof parsed !== 'object' || parsed === null) throw failed(identity, keyId);
  const { a, r, i } = parsed as Record<string, unknown>;
  if (typeof a !== 'string' || !optionalString(r) || !optionalString(i)) throw failed(identity, keyId);
  return { accessToken: a, refreshToken: r, idToken: i };
}
