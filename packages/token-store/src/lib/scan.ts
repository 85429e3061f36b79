import type { Cluster, Redis } from 'ioredis';
import { invalidArgument } from './errors.js';
import type { RedisConnection } from './scripts.js';

/** @internal One SCAN step over every master (one node unless `redis` is a Cluster). */
export interface KeyPage {
  keys: string[];
  /** `<node index>:<node cursor>`; `undefined` once every node is done. */
  cursor: string | undefined;
}

const CURSOR = /^(\d{1,4}):(\d{1,20})$/;

function nodesOf(redis: RedisConnection): Redis[] {
  return redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
}

/**
 * @internal One SCAN call matching `pattern` (hash keys only). On a Cluster the cursor walks the
 * masters in the order ioredis lists them; a topology change mid-scan may skip or repeat keys.
 */
export async function scanKeys(
  redis: RedisConnection,
  pattern: string,
  cursor: string | undefined,
  count: number,
): Promise<KeyPage> {
  let node = 0;
  let nodeCursor = '0';
  if (cursor !== undefined) {
    const match = typeof cursor === 'string' ? CURSOR.exec(cursor) : null;
    if (match === null || match[1] === undefined || match[2] === undefined) {
      throw invalidArgument('cursor', 'a cursor returned by the previous page');
    }
    node = Number(match[1]);
    nodeCursor = match[2];
  }
  const nodes = nodesOf(redis);
  const target = nodes[node];
  if (target === undefined) return { keys: [], cursor: undefined };
  const [next, keys] = await target.scan(nodeCursor, 'MATCH', pattern, 'COUNT', count, 'TYPE', 'hash');
  if (next !== '0') return { keys, cursor: `${node}:${next}` };
  return { keys, cursor: node + 1 < nodes.length ? `${node + 1}:0` : undefined };
}

/** @internal Every key matching `pattern`, in SCAN batches. */
export async function* scanAll(redis: RedisConnection, pattern: string, count: number): AsyncGenerator<string[]> {
  let cursor: string | undefined;
  do {
    const page = await scanKeys(redis, pattern, cursor, count);
    if (page.keys.length > 0) yield page.keys;
    cursor = page.cursor;
  } while (cursor !== undefined);
}
