import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisClient } from './lua-script.js';

const acquireScript = new LuaScript('lock-acquire-1.lua');
const renewScript = new LuaScript('lock-renew-1.lua');
const releaseScript = new LuaScript('lock-release-1.lua');

/** Options of {@link RefreshLocks}. */
export interface RefreshLocksOptions {
  /** Key prefix (the queue prefix, so that locks share the queue's cluster slot). */
  prefix: string;
  /** Lease in milliseconds; renewed every third of it while held. Default 30 000. */
  leaseMs?: number | undefined;
}

/**
 * A held per-token-set lock. Its lease is renewed in the background until {@link release};
 * {@link signal} aborts when a renewal finds the lock lost (expired and taken by another owner).
 */
export interface HeldLock {
  /** The random owner token written into the lock key. */
  readonly owner: string;
  /** Aborted when the lease could not be renewed. */
  readonly signal: AbortSignal;
  /** Stops renewing and deletes the key if this owner still holds it. */
  release(): Promise<void>;
}

/**
 * Per-token-set refresh locks in Redis with an owner token and lease renewal, so that one set is
 * refreshed by one worker at a time even when BullMQ runs its job twice (a stalled job retried
 * elsewhere, a duplicate schedule).
 */
export class RefreshLocks {
  private readonly prefix: string;
  private readonly leaseMs: number;

  constructor(
    private readonly redis: RedisClient,
    options: RefreshLocksOptions,
  ) {
    this.prefix = options.prefix;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** The Redis key of a set's lock. */
  key(tokenSetId: string): string {
    return `${this.prefix}:lock:${tokenSetId}`;
  }

  /**
   * Takes the lock of `tokenSetId`, or resolves `undefined` when another owner holds it. The held
   * lock's `signal` also aborts when `parent` does (the job's own signal), so callers need no
   * `AbortSignal.any` of their own.
   */
  async acquire(tokenSetId: string, parent?: AbortSignal): Promise<HeldLock | undefined> {
    const key = this.key(tokenSetId);
    const owner = randomUUID();
    const taken = await acquireScript.run(this.redis, [key], [owner, this.leaseMs]);
    if (taken !== 1) return undefined;
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(parent?.reason);
    if (parent?.aborted) onParentAbort();
    else parent?.addEventListener('abort', onParentAbort, { once: true });
    const timer = setInterval(() => {
      renewScript.run(this.redis, [key], [owner, this.leaseMs]).then(
        (renewed) => {
          if (renewed !== 1) controller.abort(new Error('refresh lock lost'));
        },
        () => {
          // A failed renewal is retried at the next tick; the lease outlives two of them.
        },
      );
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    let released = false;
    return {
      owner,
      signal: controller.signal,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        parent?.removeEventListener('abort', onParentAbort);
        await releaseScript.run(this.redis, [key], [owner]);
      },
    };
  }
}
