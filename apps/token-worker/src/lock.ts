import { randomUUID } from 'node:crypto';
import type { StoredTokenSet, TokenStore } from '@webex-oidc/token-store';

/** Options of {@link RefreshLocks}. */
export interface RefreshLocksOptions {
  /** Lease in milliseconds; renewed every third of it while held. Default 30 000. */
  leaseMs?: number | undefined;
}

/**
 * A held per-token-set lock. Its lease is renewed in the background until {@link release} (or
 * {@link releasedByWrite}); {@link signal} aborts when a renewal finds the lock lost (expired and
 * taken by another owner).
 */
export interface HeldLock {
  /** The random owner token written into the lease key. */
  readonly owner: string;
  /** Aborted when the lease could not be renewed (or the parent signal aborted). */
  readonly signal: AbortSignal;
  /** Stops renewing and releases the lease if this owner still holds it. */
  release(): Promise<void>;
  /** Stops renewing after a write that released the lease itself (`update(…, { releaseLease })`). */
  releasedByWrite(): void;
}

/** What {@link RefreshLocks.acquire} found. */
export type LockOutcome =
  | { status: 'acquired'; set: StoredTokenSet; lock: HeldLock }
  | { status: 'held' }
  | { status: 'not_found' };

interface Entry {
  id: string;
  owner: string;
  controller: AbortController;
}

/**
 * Per-token-set refresh locks with an owner token and lease renewal, so that one set is refreshed
 * by one worker at a time even when BullMQ runs its job twice (a stalled job retried elsewhere, a
 * duplicate schedule). They are the token store's leases: the lease key sits in the set's own
 * Redis Cluster slot, so taking it and reading the set is one atomic step (`store.lease`), and
 * the version-checked write-back releases it in the same step (`update(…, { releaseLease })`).
 * One timer per process renews every held lease.
 */
export class RefreshLocks {
  readonly leaseMs: number;
  private readonly held = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<TokenStore, 'lease' | 'renewLease' | 'releaseLease'>,
    options: RefreshLocksOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /**
   * Takes the lock of `tokenSetId` and reads the set under it. `held` when another owner holds
   * it, `not_found` when there is no such set. The held lock's `signal` also aborts when `parent`
   * does (the job's own signal), so callers need no `AbortSignal.any` of their own.
   */
  async acquire(tokenSetId: string, parent?: AbortSignal): Promise<LockOutcome> {
    const owner = randomUUID();
    const leased = await this.store.lease(tokenSetId, owner, this.leaseMs);
    if (leased.status !== 'acquired') return leased;
    const controller = new AbortController();
    const entry: Entry = { id: tokenSetId, owner, controller };
    const onParentAbort = () => controller.abort(parent?.reason);
    if (parent?.aborted) onParentAbort();
    else parent?.addEventListener('abort', onParentAbort, { once: true });
    this.held.set(owner, entry);
    this.timer ??= this.startRenewing();
    let done = false;
    const stop = (): boolean => {
      if (done) return false;
      done = true;
      this.held.delete(owner);
      parent?.removeEventListener('abort', onParentAbort);
      return true;
    };
    const lock: HeldLock = {
      owner,
      signal: controller.signal,
      release: async () => {
        if (stop()) await this.store.releaseLease(tokenSetId, owner);
      },
      releasedByWrite: () => {
        stop();
      },
    };
    return { status: 'acquired', set: leased.set, lock };
  }

  private startRenewing(): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (this.held.size === 0) {
        clearInterval(timer);
        this.timer = undefined;
        return;
      }
      for (const { id, owner, controller } of this.held.values()) {
        this.store.renewLease(id, owner, this.leaseMs).then(
          (renewed) => {
            if (!renewed && this.held.has(owner)) controller.abort(new Error('refresh lock lost'));
          },
          () => {
            // A failed renewal is retried at the next tick; the lease outlives two of them.
          },
        );
      }
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return timer;
  }
}
