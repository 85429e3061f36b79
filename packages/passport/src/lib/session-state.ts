/**
 * The pending sign-ins of one browser session: what the callback must check (state, nonce, PKCE
 * code verifier, max_age, redirect URI), kept in the server-side session under the strategy's
 * session key, indexed by `state` so that two tabs signing in at once do not overwrite each
 * other. Each entry is taken out (deleted) by the first callback that names it: a replayed
 * callback finds nothing.
 */

/** Most pending sign-ins kept per session and strategy; the oldest is dropped first. */
export const MAX_PENDING_SIGN_INS = 5;

/** How long a pending sign-in stays usable, in milliseconds (10 minutes). */
export const PENDING_SIGN_IN_TTL_MS = 10 * 60_000;

/** The session as the strategy needs it: a mutable record (express-session's `req.session`). */
export type SessionRecord = Record<string, unknown>;

interface PendingEntry<T> {
  /** Epoch ms when the authorization request was made. */
  createdAt: number;
  /** The checks, JSON-serialisable. */
  checks: T;
}

type PendingMap<T> = Record<string, PendingEntry<T>>;

function isPendingEntry(value: unknown): value is PendingEntry<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { createdAt?: unknown }).createdAt === 'number' &&
    (value as { checks?: unknown }).checks !== undefined
  );
}

function readMap<T>(session: SessionRecord, key: string): PendingMap<T> {
  const value = session[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return Object.create(null) as PendingMap<T>;
  // A prototype-less object: a `state` such as `__proto__` or `constructor` is just a key.
  const map = Object.create(null) as PendingMap<T>;
  for (const [state, entry] of Object.entries(value)) {
    if (isPendingEntry(entry)) map[state] = entry as PendingEntry<T>;
  }
  return map;
}

function writeMap<T>(session: SessionRecord, key: string, map: PendingMap<T>): void {
  if (Object.keys(map).length === 0) {
    delete session[key];
  } else {
    session[key] = map;
  }
}

/**
 * Remember the checks of a new authorization request. Drops expired entries and, past
 * {@link MAX_PENDING_SIGN_INS}, the oldest ones.
 */
export function savePendingSignIn<T>(session: SessionRecord, key: string, state: string, checks: T, now = Date.now()): void {
  const map = readMap<T>(session, key);
  map[state] = { createdAt: now, checks };
  const live = Object.entries(map)
    .filter(([, entry]) => now - entry.createdAt < PENDING_SIGN_IN_TTL_MS)
    .sort(([, a], [, b]) => b.createdAt - a.createdAt)
    .slice(0, MAX_PENDING_SIGN_INS);
  writeMap(session, key, Object.fromEntries(live));
}

/**
 * Take (and delete) the checks kept for `state`. Returns `undefined` when there are none — never
 * saved, already used, expired, or `state` was tampered with.
 */
export function takePendingSignIn<T>(
  session: SessionRecord,
  key: string,
  state: string | null,
  now = Date.now(),
): T | undefined {
  const map = readMap<T>(session, key);
  const entry = state === null ? undefined : map[state];
  if (state !== null) delete map[state];
  writeMap(session, key, map);
  if (entry === undefined || now - entry.createdAt >= PENDING_SIGN_IN_TTL_MS) return undefined;
  return entry.checks;
}
