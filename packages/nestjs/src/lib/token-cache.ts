import { createHash } from 'node:crypto';

interface Entry<T> {
  expiresAt: number;
  /** A settled answer (value or rejection) or the call still in flight. */
  promise: Promise<T>;
}

/**
 * A short-lived cache of per-token answers (bearer validation). Keys are SHA-256 digests of the
 * token, never the token itself, so a heap dump does not leak tokens. Concurrent lookups of the
 * same token share one upstream call. Answers and definitive rejections are both kept for `ttl`
 * ms; errors for which `cacheError` returns `false` (transient ones) are dropped at once.
 *
 * @internal
 */
export class TokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttl: number,
    private readonly maxEntries: number,
    private readonly cacheError: (err: unknown) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Number of live entries (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The cached answer for `token`, or the result of `load(token)` cached for `ttl`. */
  get(token: string, load: (token: string) => Promise<T>): Promise<T> {
    if (this.ttl <= 0) return load(token);
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expiresAt > now) return hit.promise;
    if (hit !== undefined) this.entries.delete(key);
    this.#evict(now);
    const promise = load(token);
    const entry: Entry<T> = { expiresAt: now + this.ttl, promise };
    this.entries.set(key, entry);
    promise.catch((err: unknown) => {
      if (!this.cacheError(err) && this.entries.get(key) === entry) this.entries.delete(key);
    });
    return promise;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }

  #evict(now: number): void {
    if (this.entries.size < this.maxEntries) return;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now || this.entries.size >= this.maxEntries) this.entries.delete(key);
      else break;
    }
  }
}
