import { TokenStoreError, TokenStoreErrorCode } from './errors.js';

/** Key material: 32 raw bytes, or the same as a base64 / base64url string. */
export type KeyMaterial = Uint8Array | string;

/**
 * Encryption keys by id. New writes use `current`; any key still listed can decrypt, so keys can
 * rotate: add the new key, make it `current`, run `reencrypt()`, then drop the old key.
 */
export interface Keyring {
  /** Id of the key new writes use. Must be in `keys`. */
  current: string;
  /** AES-256 keys by id. Ids: 1–64 characters of `A–Z a–z 0–9 _ -`. */
  keys: Readonly<Record<string, KeyMaterial>>;
}

/** @internal A validated keyring. */
export interface ResolvedKeyring {
  currentId: string;
  current: Buffer;
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

function invalid(message: string): TokenStoreError {
  return new TokenStoreError(TokenStoreErrorCode.KeyringInvalid, message);
}

function toKey(id: string, material: unknown): Buffer {
  let key: Buffer;
  if (typeof material === 'string') {
    const trimmed = material.trim();
    if (!BASE64.test(trimmed)) {
      throw invalid(`Keyring key "${id}" is not valid base64; generate one with \`openssl rand -base64 32\`.`);
    }
    key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  } else if (material instanceof Uint8Array) {
    key = Buffer.from(material);
  } else {
    throw invalid(`Keyring key "${id}" must be a Buffer/Uint8Array or a base64 string.`);
  }
  if (key.length !== 32) {
    throw invalid(
      `Keyring key "${id}" is ${key.length} bytes; AES-256-GCM needs exactly 32 (\`openssl rand -base64 32\`).`,
    );
  }
  return key;
}

/** @internal Validate a keyring and copy its keys (later changes to the caller's buffers do not leak in). */
export function resolveKeyring(keyring: Keyring): ResolvedKeyring {
  if (typeof keyring !== 'object' || keyring === null || typeof keyring.keys !== 'object' || keyring.keys === null) {
    throw invalid('The keyring must be `{ current: "<key id>", keys: { "<key id>": <32-byte key> } }`.');
  }
  const keys = new Map<string, Buffer>();
  for (const [id, material] of Object.entries(keyring.keys)) {
    if (!KEY_ID.test(id)) {
      throw invalid(`Keyring key id "${id.slice(0, 64)}" is invalid: use 1–64 characters of A–Z a–z 0–9 _ -.`);
    }
    keys.set(id, toKey(id, material));
  }
  const current = typeof keyring.current === 'string' ? keys.get(keyring.current) : undefined;
  if (current === undefined) {
    throw invalid(`The keyring's current key id "${String(keyring.current)}" is not one of its keys.`);
  }
  return { currentId: keyring.current, current, keys };
}
