import { createHash, randomBytes } from 'node:crypto';
import { invalidArgument } from './errors.js';

/**
 * Key layout. Every key of one user shares the hash tag `{<prefix>:<slot>}`, where `<slot>` is the
 * first 22 base64url characters of SHA-256(userId), so every Lua script touches one Redis Cluster
 * slot:
 *
 * - `{<prefix>:<slot>}:s:<rand>` — hash: one token set (`id` = `<slot>.<rand>`)
 * - `{<prefix>:<slot>}:l:<rand>` — string: the set's lease (refresh lock), the owner token, with a TTL
 * - `{<prefix>:<slot>}:c:<clientId>` — sorted set: the user's non-revoked set ids for one client, scored by sign-in `issuedAt`
 * - `{<prefix>:<slot>}:u` — sorted set: all the user's non-revoked set ids, scored the same way
 */

/** Default key prefix. */
export const DEFAULT_KEY_PREFIX = 'wxo:ts';

const PREFIX = /^[A-Za-z0-9:_.-]{1,64}$/;
const SLOT_CHARS = 22;
const ID = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

/** @internal Validate a key prefix (no hash-tag braces, no SCAN glob characters). */
export function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw invalidArgument('keyPrefix', '1–64 characters of A–Z a–z 0–9 : _ . - (no braces or glob characters)');
  }
  return prefix;
}

/** @internal The slot part of a user's keys. */
export function userSlot(userId: string): string {
  return createHash('sha256').update(userId, 'utf8').digest('base64url').slice(0, SLOT_CHARS);
}

/** @internal A fresh token-set id for a user. */
export function newId(userId: string): string {
  return `${userSlot(userId)}.${randomBytes(16).toString('base64url')}`;
}

/** The slot and random parts of a set id; `invalid_argument` when malformed. */
function parseId(id: string): [slot: string, rand: string] {
  const match = typeof id === 'string' ? ID.exec(id) : null;
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw invalidArgument('id', 'a token-set id returned by add() (`<22 chars>.<22 chars>`, base64url)');
  }
  return [match[1], match[2]];
}

/** @internal Key names for one store prefix. */
export class KeyLayout {
  constructor(readonly prefix: string) {}

  /** `{prefix:slot}:` — everything of one user starts with this. */
  userBase(slot: string): string {
    return `{${this.prefix}:${slot}}:`;
  }

  /** Record key of a set id; throws `invalid_argument` for a malformed id. */
  record(id: string): string {
    const [slot, rand] = parseId(id);
    return `${this.userBase(slot)}s:${rand}`;
  }

  /** Lease key of a set id (same slot as its record); throws `invalid_argument` for a malformed id. */
  lease(id: string): string {
    const [slot, rand] = parseId(id);
    return `${this.userBase(slot)}l:${rand}`;
  }

  /**
   * Every key a write to set `id` touches, all in the slot the id names (no SHA-256 of the user id
   * per write); throws `invalid_argument` for a malformed id.
   */
  writeKeys(id: string, clientId: string): { record: string; lease: string; clientIndex: string; userIndex: string } {
    const [slot, rand] = parseId(id);
    const base = this.userBase(slot);
    return { record: `${base}s:${rand}`, lease: `${base}l:${rand}`, clientIndex: `${base}c:${clientId}`, userIndex: `${base}u` };
  }

  clientIndex(userId: string, clientId: string): string {
    return `${this.userBase(userSlot(userId))}c:${clientId}`;
  }

  userIndex(userId: string): string {
    return `${this.userBase(userSlot(userId))}u`;
  }

  /** SCAN pattern for every record of this prefix (and not of a longer prefix that starts the same). */
  recordPattern(): string {
    return `{${this.prefix}:${'?'.repeat(SLOT_CHARS)}}:s:*`;
  }
}
