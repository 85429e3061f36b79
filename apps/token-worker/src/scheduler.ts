import type { TokenSetSummary, TokenStore } from '@webex-oidc/token-store';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { RedisClient } from './redis.js';
import { dueAt, nextRunAt, type ScheduleTimes, type TimingOptions } from './timing.js';

/** Name of every refresh job. */
export const REFRESH_JOB = 'refresh';

/**
 * Data of a refresh job: the token-set id (also the job id, which deduplicates) and the number of
 * transient retries so far. Never a token.
 */
export interface RefreshJobData {
  id: string;
  retries?: number | undefined;
}

/** The queue the worker consumes. */
export type RefreshQueue = Queue<RefreshJobData, string, string>;
/** A job of {@link RefreshQueue}. */
export type RefreshJob = Job<RefreshJobData, string, string>;

/** What {@link RefreshScheduler.scheduleAt} did. */
export type ScheduleOutcome = 'added' | 'moved' | 'unchanged' | 'pending' | 'inactive';

/** BullMQ keeps delayed jobs in a sorted set scored `timestamp * 0x1000 + counter`. */
const DELAYED_SCORE_FACTOR = 0x1000;

/**
 * Schedules refresh jobs: one delayed BullMQ job per token set, job id = set id, due at the
 * set's refresh point with jitter. Safe to call from several processes at once.
 */
export class RefreshScheduler {
  constructor(
    private readonly queue: RefreshQueue,
    private readonly redis: RedisClient,
    private readonly store: TokenStore,
    private readonly timing: TimingOptions,
    private readonly logger: Logger,
    private readonly prefix: string,
  ) {}

  private reauthSoonKey(id: string): string {
    return `${this.prefix}:reauth-soon:${id}`;
  }

  /** Whether `reauth_soon` was already sent for the set's current refresh token. */
  async reauthSoonSent(id: string): Promise<boolean> {
    return (await this.redis.exists(this.reauthSoonKey(id))) === 1;
  }

  /** Records that `reauth_soon` was sent; resolves `true` for the first caller only. */
  async markReauthSoonSent(id: string, until: number): Promise<boolean> {
    const ttl = Math.max(1_000, until - Date.now());
    return (await this.redis.set(this.reauthSoonKey(id), '1', 'PX', ttl, 'NX')) === 'OK';
  }

  /** Forgets the `reauth_soon` mark (a new refresh token with a new expiry was issued). */
  async clearReauthSoon(id: string): Promise<void> {
    await this.redis.del(this.reauthSoonKey(id));
  }

  /** When a set with these times should next be processed. */
  async runAtFor(id: string, times: ScheduleTimes, now = Date.now()): Promise<number> {
    // The mark only matters when the reauth_soon point comes before the refresh point; otherwise
    // (nearly always) skip the Redis round trip.
    const matters = times.refreshExpiresAt !== undefined && times.refreshExpiresAt - this.timing.reauthSoonMs < dueAt(times, this.timing);
    const reauthSoonSent = matters ? await this.reauthSoonSent(id) : true;
    return nextRunAt(times, this.timing, { now, reauthSoonSent });
  }

  /**
   * Schedules (or reschedules) the refresh of one stored set at its refresh point. Call it after
   * storing a new set; an inactive or unknown set is left unscheduled.
   */
  async scheduleTokenSet(id: string): Promise<ScheduleOutcome> {
    const set = await this.store.get(id);
    if (set === undefined || set.status !== 'active') return 'inactive';
    return this.scheduleAt(id, await this.runAtFor(id, set));
  }

  /**
   * Makes sure the set's job runs at `at` (epoch ms): adds it, or moves a delayed one; leaves a
   * waiting or running job alone (its processor schedules the next run itself).
   */
  async scheduleAt(id: string, at: number): Promise<ScheduleOutcome> {
    const delay = Math.max(0, at - Date.now());
    const state = await this.queue.getJobState(id);
    if (state === 'delayed') {
      const score = await this.redis.zscore(this.queue.toKey('delayed'), id);
      const current = score === null ? undefined : Math.floor(Number(score) / DELAYED_SCORE_FACTOR);
      if (current !== undefined && Math.abs(current - at) <= 1_000) return 'unchanged';
      const job = await this.queue.getJob(id);
      try {
        await job?.changeDelay(delay);
        return 'moved';
      } catch {
        return 'pending'; // promoted meanwhile: its processor reschedules
      }
    }
    if (state === 'waiting' || state === 'active' || state === 'prioritized' || state === 'waiting-children') return 'pending';
    if (state === 'completed' || state === 'failed') {
      await (await this.queue.getJob(id))?.remove().catch(() => undefined);
    }
    await this.queue.add(REFRESH_JOB, { id }, { jobId: id, delay });
    return 'added';
  }

  /**
   * Rebuilds the schedule from the store: every `active` set gets a job (an existing job is kept
   * as it is, so this is cheap to run at start-up, periodically, or after a Redis restart lost
   * jobs). Failed jobs of active sets are replaced.
   * @returns How many active sets were seen and how many jobs were added.
   */
  async rescheduleAll(options: { pageSize?: number } = {}): Promise<{ active: number; added: number }> {
    const failed = await this.queue.getFailed(0, 10_000);
    for (const job of failed) await job.remove().catch(() => undefined);
    let cursor: string | undefined;
    let active = 0;
    let added = 0;
    do {
      const page = await this.store.scan({ cursor, status: 'active', count: options.pageSize ?? 1_000 });
      cursor = page.cursor;
      if (page.items.length === 0) continue;
      active += page.items.length;
      added += await this.addMissing(page.items);
    } while (cursor !== undefined);
    this.logger.info({ active, added }, 'rescheduleAll done');
    return { active, added };
  }

  private async addMissing(items: readonly TokenSetSummary[]): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const item of items) pipeline.exists(this.queue.toKey(item.id));
    const exists = (await pipeline.exec()) ?? [];
    const now = Date.now();
    const missing = items.filter((_, index) => exists[index]?.[1] !== 1);
    if (missing.length === 0) return 0;
    const soonPipeline = this.redis.pipeline();
    for (const item of missing) soonPipeline.exists(this.reauthSoonKey(item.id));
    const soon = (await soonPipeline.exec()) ?? [];
    await this.queue.addBulk(
      missing.map((item, index) => ({
        name: REFRESH_JOB,
        data: { id: item.id },
        opts: {
          jobId: item.id,
          delay: Math.max(0, nextRunAt(item, this.timing, { now, reauthSoonSent: soon[index]?.[1] === 1 }) - now),
        },
      })),
    );
    return missing.length;
  }
}
