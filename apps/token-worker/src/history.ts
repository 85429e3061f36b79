import type { TokenWorkerEvent, TokenWorkerEventType } from './events.js';
import type { RedisClient } from './redis.js';
import type { RefreshJob } from './scheduler.js';
import type { TokenWorker } from './token-worker.js';

/** Kinds of refresh-history entries: every worker event, plus `scheduled` (first job of a set). */
export type HistoryEntryType = TokenWorkerEventType | 'scheduled';

/** One entry of a set's refresh history: ids, types, times and codes only — never a token. */
export interface HistoryEntry {
  type: HistoryEntryType;
  /** When it happened, epoch ms. */
  at: number;
  /** A code (e.g. `invalid_grant`, `limit`, `client_access_off`), never a message. */
  detail?: string | undefined;
  /** `refreshed`: the new access token's expiry; `scheduled`: when the job is due. Epoch ms. */
  dueAt?: number | undefined;
}

/** Options of {@link RefreshHistory}. */
export interface RefreshHistoryOptions {
  /** Key prefix, e.g. the worker's `<queue prefix>:<queue name>` (keeps its `{hash tag}`). */
  prefix: string;
  /** Entries kept per set (newest first). Default 50. */
  maxEntries?: number | undefined;
  /** Lifetime of a set's history after its last entry, ms. Default 30 days. */
  ttlMs?: number | undefined;
}

const CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Keeps only what may be shown: a short code. Anything else (free text) is dropped. */
function safeCode(value: string | undefined): string | undefined {
  return value !== undefined && CODE.test(value) ? value : undefined;
}

function parseEntry(raw: string): HistoryEntry | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, at, detail, dueAt } = value as Record<string, unknown>;
    if (typeof type !== 'string' || typeof at !== 'number') return undefined;
    return {
      type: type as HistoryEntryType,
      at,
      ...(typeof detail === 'string' ? { detail } : {}),
      ...(typeof dueAt === 'number' ? { dueAt } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Appends one entry, caps the list and renews its lifetime: one command per entry. */
const APPEND_LUA = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
const APPEND_COMMAND = 'webexOidcHistoryAppend';
type AppendCommand = (key: string, entry: string, maxEntries: number, ttlMs: number) => Promise<unknown>;

/**
 * The refresh history of each token set: a capped Redis list per set (`LPUSH` + `LTRIM` +
 * `PEXPIRE` in one small script, one command per entry), newest first. Keys live under the
 * worker's prefix, so on Redis Cluster they share the queue's slot.
 */
export class RefreshHistory {
  readonly maxEntries: number;
  readonly ttlMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RefreshHistoryOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 50;
    this.ttlMs = options.ttlMs ?? 30 * 24 * 3_600_000;
    // EVALSHA, re-sent as EVAL when Redis does not know the script (after a restart, on a new node).
    if (typeof Reflect.get(redis, APPEND_COMMAND) !== 'function') redis.defineCommand(APPEND_COMMAND, { numberOfKeys: 1, lua: APPEND_LUA });
  }

  /** The list key of one set. */
  key(tokenSetId: string): string {
    return `${this.options.prefix}:history:${tokenSetId}`;
  }

  /** Appends one entry (and trims the list to {@link RefreshHistory.maxEntries}). */
  async record(tokenSetId: string, entry: HistoryEntry): Promise<void> {
    const clean: HistoryEntry = { type: entry.type, at: entry.at };
    const detail = safeCode(entry.detail);
    if (detail !== undefined) clean.detail = detail;
    if (entry.dueAt !== undefined) clean.dueAt = entry.dueAt;
    const append = Reflect.get(this.redis, APPEND_COMMAND) as AppendCommand;
    await append.call(this.redis, this.key(tokenSetId), JSON.stringify(clean), this.maxEntries, this.ttlMs);
  }

  /** Records a worker event (its type, time, reason code and, for `refreshed`, the new expiry). */
  recordEvent(event: TokenWorkerEvent): Promise<void> {
    return this.record(event.tokenSetId, {
      type: event.type,
      at: event.at,
      detail: event.reason,
      dueAt: event.type === 'refreshed' ? event.expiresAt : undefined,
    });
  }

  /** One set's history, newest first. */
  async read(tokenSetId: string, limit = this.maxEntries): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrange(this.key(tokenSetId), 0, limit - 1);
    return raw.map(parseEntry).filter((entry): entry is HistoryEntry => entry !== undefined);
  }

  /** Several sets' histories in one pipeline, keyed by set id. */
  async readMany(tokenSetIds: readonly string[], limit = this.maxEntries): Promise<Map<string, HistoryEntry[]>> {
    const out = new Map<string, HistoryEntry[]>();
    if (tokenSetIds.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const id of tokenSetIds) pipeline.lrange(this.key(id), 0, limit - 1);
    const replies = (await pipeline.exec()) ?? [];
    tokenSetIds.forEach((id, index) => {
      const reply = replies[index]?.[1];
      const list = Array.isArray(reply) ? reply.filter((item): item is string => typeof item === 'string') : [];
      out.set(id, list.map(parseEntry).filter((entry): entry is HistoryEntry => entry !== undefined));
    });
    return out;
  }
}

/** What {@link attachHistory} needs of a worker. */
export type HistorySource = Pick<TokenWorker, 'subscribe' | 'queue'>;

/**
 * Records every event of `worker` into `history`, and a `scheduled` entry whenever this process
 * adds a set's refresh job (sign-in hand-off, `scheduleTokenSet`). Writes are fire-and-forget:
 * one command per entry, never awaited by a refresh; a failure goes to `onError`.
 * @returns A function that detaches the listeners.
 */
export function attachHistory(worker: HistorySource, history: RefreshHistory, onError: (err: unknown) => void = () => undefined): () => void {
  const unsubscribe = worker.subscribe((event) => {
    history.recordEvent(event).catch(onError);
  });
  const onWaiting = (job: RefreshJob): void => {
    if (job.id === undefined) return;
    history.record(job.id, { type: 'scheduled', at: job.timestamp, dueAt: job.timestamp + (job.opts.delay ?? 0) }).catch(onError);
  };
  worker.queue.on('waiting', onWaiting);
  return () => {
    unsubscribe();
    worker.queue.off('waiting', onWaiting);
  };
}
