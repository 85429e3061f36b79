import type { TokenSetSummary, TokenStore } from '@webex-oidc/token-store';
import type { HistoryEntry, RefreshHistory } from '../history.js';
import type { RedisClient } from '../redis.js';
import type { RefreshQueue } from '../scheduler.js';

/** Where a set's refresh job stands: due later (`delayed`), due now or running (`pending`), or none. */
export type DashboardJobState = 'delayed' | 'pending' | 'none';

/** One token set as the dashboard shows it: ids, status, times (epoch ms) — never a token. */
export interface DashboardTokenSet {
  id: string;
  userId: string;
  clientId: string;
  clientType: string;
  provider: string;
  status: string;
  /** When the set was stored (the sign-in). */
  createdAt: number;
  /** When the current access token was issued. */
  issuedAt: number;
  /** When the current access token expires. */
  expiresAt: number;
  /** The refresh token's absolute expiry, `null` when unknown. */
  refreshExpiresAt: number | null;
  /** When the set's BullMQ job is due, `null` when it has none or it is due now (see `job`). */
  nextRefreshAt: number | null;
  job: DashboardJobState;
  refreshCount: number;
  lastRefreshAt: number | null;
  /** Code of the last transient refresh failure, `null` when the last refresh worked. */
  lastError: string | null;
  /** Newest first. */
  history: HistoryEntry[];
}

/** What `GET /api/token-sets` answers. */
export interface DashboardSnapshot {
  /** When the snapshot was taken, epoch ms. */
  generatedAt: number;
  /** Sorted by user, newest sign-in first within a user. */
  sets: DashboardTokenSet[];
  /** Stored sets by status, plus `total`. */
  counts: Record<string, number>;
  /** `true` when more sets are stored than `maxSets` (only the first ones scanned are listed). */
  truncated: boolean;
}

/** Where the dashboard reads from. */
export interface DashboardSource {
  store: Pick<TokenStore, 'scan' | 'countByStatus'>;
  queue: RefreshQueue;
  /** The queue's connection (for one pipelined read of the jobs' due times). */
  redis: RedisClient;
  /** Refresh history; without it every set's `history` is empty. */
  history?: RefreshHistory | undefined;
  /** At most this many sets are listed. Default 500. */
  maxSets?: number | undefined;
}

/** BullMQ scores delayed jobs `timestamp * 0x1000 + counter`. */
const DELAYED_SCORE_FACTOR = 0x1000;

async function scanSets(store: DashboardSource['store'], maxSets: number): Promise<{ items: TokenSetSummary[]; truncated: boolean }> {
  const items: TokenSetSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scan({ cursor, count: 500 });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && items.length <= maxSets);
  return { items: items.slice(0, maxSets), truncated: items.length > maxSets || cursor !== undefined };
}

async function jobTimes(source: DashboardSource, ids: readonly string[]): Promise<Array<{ job: DashboardJobState; nextRefreshAt: number | null }>> {
  if (ids.length === 0) return [];
  const delayedKey = source.queue.toKey('delayed');
  const pipeline = source.redis.pipeline();
  for (const id of ids) pipeline.zscore(delayedKey, id).exists(source.queue.toKey(id));
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, index) => {
    const score = replies[index * 2]?.[1];
    const exists = replies[index * 2 + 1]?.[1];
    if (typeof score === 'string') return { job: 'delayed', nextRefreshAt: Math.floor(Number(score) / DELAYED_SCORE_FACTOR) };
    return { job: exists === 1 ? 'pending' : 'none', nextRefreshAt: null };
  });
}

/** Reads every stored set (up to `maxSets`), its job's due time and its refresh history. */
export async function takeSnapshot(source: DashboardSource, now = Date.now()): Promise<DashboardSnapshot> {
  const [{ items, truncated }, counts] = await Promise.all([scanSets(source.store, source.maxSets ?? 500), source.store.countByStatus()]);
  items.sort((a, b) => (a.userId === b.userId ? b.createdAt - a.createdAt : a.userId < b.userId ? -1 : 1));
  const ids = items.map((item) => item.id);
  const [jobs, histories] = await Promise.all([jobTimes(source, ids), source.history?.readMany(ids) ?? Promise.resolve(new Map<string, HistoryEntry[]>())]);
  const sets = items.map((item, index): DashboardTokenSet => {
    const job = jobs[index] ?? { job: 'none', nextRefreshAt: null };
    return {
      id: item.id,
      userId: item.userId,
      clientId: item.clientId,
      clientType: item.clientType,
      provider: item.provider,
      status: item.status,
      createdAt: item.createdAt,
      issuedAt: item.issuedAt,
      expiresAt: item.expiresAt,
      refreshExpiresAt: item.refreshExpiresAt ?? null,
      nextRefreshAt: job.nextRefreshAt,
      job: job.job,
      refreshCount: item.metadata.refreshCount ?? 0,
      lastRefreshAt: item.metadata.lastRefreshAt ?? null,
      lastError: item.metadata.lastError ?? null,
      history: histories.get(item.id) ?? [],
    };
  });
  return { generatedAt: now, sets, counts: { ...counts }, truncated };
}
